import { join } from 'node:path';
import { openLayerBlob } from '../layer/index.js';
import { createSnapshot, LayerCache, openSnapshot, type Snapshot } from '../snapshot/index.js';
import type { ImageView, Store } from '../store/index.js';
import { writeInitLayer } from './init-layer.js';

/** The snapshot of a container lives in `<container dir>/fs`. */
const SNAPSHOT_ID = 'fs';

/** The unpacked layers of an image (unpacked once into `<root>/layers`, shared), top first. */
export async function imageLowers(store: Store, image: ImageView): Promise<string[]> {
  const cache = new LayerCache(join(store.root, 'layers'));
  const diffIds = image.config.rootfs.diff_ids;
  const dirs = await Promise.all(
    image.manifest.layers.map((layer, i) => cache.ensure(diffIds[i], async () => (await openLayerBlob(await store.blobs.open(layer.digest))).tar)),
  );
  return dirs.reverse();
}

/** The container's init layer directory. */
export function initLayerDir(containerDir: string): string {
  return join(containerDir, 'init');
}

/**
 * Makes a container's root filesystem: its init layer over the image's layers, and a persistent
 * overlay snapshot (writable upper) on top, mounted.
 */
export async function createRootfs(containerDir: string, lowers: string[]): Promise<Snapshot> {
  const init = initLayerDir(containerDir);
  await writeInitLayer(init, lowers);
  return createSnapshot({ root: containerDir, id: SNAPSHOT_ID, lowers: [init, ...lowers], persistent: true });
}

/** The container's snapshot (not necessarily mounted). */
export function containerSnapshot(containerDir: string): Promise<Snapshot> {
  return openSnapshot(containerDir, SNAPSHOT_ID);
}
