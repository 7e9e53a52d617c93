import { pipeline } from 'node:stream/promises';
import { directoryToLayer, overlayChanges, type Change } from '../layer/index.js';
import type { Snapshot } from '../snapshot/index.js';
import { isActive } from './lifecycle.js';
import { containerSnapshot, initLayerDir } from './rootfs.js';
import type { Container } from './types.js';

/**
 * Runs `work` on the container's merged root filesystem: mounted for the time of `work` when the
 * container is not running (and unmounted again after).
 */
export async function withRootfs<T>(container: Container, work: (rootfs: string, snapshot: Snapshot) => Promise<T>): Promise<T> {
  const snapshot = await containerSnapshot(container.dir);
  const running = isActive(container);
  await snapshot.mount();
  try {
    return await work(snapshot.rootfs, snapshot);
  } finally {
    if (!running) await snapshot.unmount();
  }
}

/** `diff`: the container's changes against its image (init layer entries excluded), docker's A/C/D sorted by path. */
export async function containerChanges(container: Container): Promise<Change[]> {
  const snapshot = await containerSnapshot(container.dir);
  const changes = await snapshot.changes();
  if (changes.kind !== 'upper') return changes.entries.map((entry) => ({ kind: entry.kind, path: entry.path }));
  return overlayChanges(changes.upperDir, [initLayerDir(container.dir), ...container.record.lowers]);
}

/** `export`: writes a tar of the container's whole filesystem as it is now to `out` (not ended). */
export async function exportContainer(container: Container, out: NodeJS.WritableStream): Promise<void> {
  await withRootfs(container, async (rootfs) => {
    await pipeline(directoryToLayer(rootfs), out, { end: false });
  });
}
