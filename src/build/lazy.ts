// The heavy lower layers (layer codec, snapshots, runc driver) are loaded on first use: a build
// served from the cache, or one with no RUN, never pays for importing them.
type LayerModule = typeof import('../layer/index.js');
type SnapshotModule = typeof import('../snapshot/index.js');
type RuntimeModule = typeof import('../runtime/index.js');

let layerModule: Promise<LayerModule> | undefined;
let snapshotModule: Promise<SnapshotModule> | undefined;
let runtimeModule: Promise<RuntimeModule> | undefined;

/** src/layer, imported once on first use. */
export function layer(): Promise<LayerModule> {
  return (layerModule ??= import('../layer/index.js'));
}

/** src/snapshot, imported once on first use. */
export function snapshot(): Promise<SnapshotModule> {
  return (snapshotModule ??= import('../snapshot/index.js'));
}

/** src/runtime, imported once on first use. */
export function runtime(): Promise<RuntimeModule> {
  return (runtimeModule ??= import('../runtime/index.js'));
}
