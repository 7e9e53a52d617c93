// overlayfs snapshots for RUN steps and containers, with a copy-based fallback; the layer unpack cache;
// and the process-exit cleanup registry that the runtime shares.
export type { SnapshotKind, SnapshotOptions, Snapshot, SnapshotChanges, DiffEntry, StaleCleanupReport } from './types.js';
export { createSnapshot, openSnapshot } from './snapshot.js';
export { cleanupStale } from './stale.js';
export { LayerCache } from './layer-cache.js';
export { snapshotLowers } from './lowers-in-use.js';
export { overlaySupported, mountOverlay, unmount, mountPointsUnder } from './mount.js';
export type { OverlayMountOptions } from './mount.js';
export { registerExitCleanup } from './exit-cleanup.js';
export { removeDir, removeDirSync } from './remove-dir.js';
