// What `rmi` and `image prune` run once images are gone: unreferenced blobs are collected, then
// the unpacked layers that nothing uses any more.
import type { Store } from '../../store/index.js';

/** Collects unreferenced blobs and unused unpacked layers; returns the bytes of blobs freed. */
export async function reclaimImageSpace(store: Store): Promise<number> {
  const { reclaimedBytes } = await store.gc();
  // Loaded here: it brings the build cache and snapshot code, which the other image commands never need.
  const { removeUnusedLayers } = await import('../../build/cache/unpacked-layers.js');
  await removeUnusedLayers(store);
  return reclaimedBytes;
}
