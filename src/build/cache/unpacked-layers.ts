// The unpacked forms of layers (`<store root>/layers`) outlive nothing that uses them: after images
// or build cache records go, the layers only they used are deleted too, or the directory would
// grow with every build.
import { join } from 'node:path';
import { readdirOrEmpty, type Store } from '../../store/index.js';
import { BuildCache } from './store.js';

/** Layers unpacked within this window are kept: a build may be about to stack its next step on one. */
const UNPACKED_GRACE_MS = 60_000;

/**
 * Deletes the unpacked layers that no image, build cache record or snapshot (container root
 * filesystems, build steps in progress) uses; returns their diffIDs. Nothing is deleted when an
 * image or a snapshot's record cannot be read.
 */
export async function removeUnusedLayers(store: Store, options: { graceMs?: number } = {}): Promise<string[]> {
  const { LayerCache, snapshotLowers } = await import('../../snapshot/index.js');
  const snapshots = join(store.root, 'snapshots');
  const containers = join(store.root, 'containers');
  // Build steps' snapshots, and each container's root filesystem (`<container dir>/fs`).
  const snapshotDirs = [...(await readdirOrEmpty(snapshots)).map((name) => join(snapshots, name)), ...(await readdirOrEmpty(containers)).map((name) => join(containers, name, 'fs'))];
  const inUse = await snapshotLowers(snapshotDirs);
  if (inUse === undefined) return [];
  const keep = new Set<string>();
  // An image that cannot be loaded (a missing blob) hides which layers it needs: delete nothing then.
  const images = await store.listImages().catch(() => undefined);
  if (images === undefined) return [];
  for (const image of images) for (const diffId of image.config.rootfs.diff_ids) keep.add(diffId);
  for (const record of await new BuildCache(store).list()) if (record.layer) keep.add(record.layer.diffId);
  return new LayerCache(join(store.root, 'layers')).removeUnused(keep, inUse, options.graceMs ?? UNPACKED_GRACE_MS);
}
