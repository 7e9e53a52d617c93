// Garbage collection: delete blobs no image record or gc root reaches. Runs under the store lock.
// A concurrent writer's blobs that are not yet tagged survive twice over: blobs leased by live
// processes are kept however old (see leases.ts), and blobs and temp files younger than the grace
// window are kept too (writers refresh the mtime of blobs they reuse).

import { rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { isIndexMediaType, isManifestMediaType, type Digest, type Index, type Manifest } from '../core/index.js';
import type { FsBlobStore } from './blobs.js';
import { isNotFound, readdirOrEmpty } from './fsutil.js';
import type { GcRoot } from './gcroots.js';
import type { LayerInfoCache } from './layerinfo.js';
import { liveLeasedDigests } from './leases.js';
import type { GcOptions, GcResult, ImageRecord } from './types.js';

/** The default grace window: blobs modified in the last 10 minutes are never collected. */
export const DEFAULT_GC_GRACE_MS = 10 * 60 * 1000;

/** Every blob reachable from `records` and `roots` (targets, nested index entries, configs, layers). */
export async function reachableBlobs(blobs: FsBlobStore, records: ImageRecord[], roots: GcRoot[] = []): Promise<Set<Digest>> {
  const seen = new Set<Digest>();
  const visit = async (digest: Digest, mediaType: string | undefined): Promise<void> => {
    if (seen.has(digest)) return;
    seen.add(digest);
    if (!(await blobs.has(digest))) return;
    const document = await blobs.readJson<Partial<Manifest & Index>>(digest);
    const type = document.mediaType ?? mediaType;
    if (isIndexMediaType(type) || Array.isArray(document.manifests)) {
      for (const entry of document.manifests ?? []) await visit(entry.digest, entry.mediaType);
      return;
    }
    if (document.config !== undefined) seen.add(document.config.digest);
    for (const layer of document.layers ?? []) seen.add(layer.digest);
  };
  for (const record of records) await visit(record.target.digest, record.target.mediaType);
  for (const root of roots) {
    if (typeof root === 'string') seen.add(root);
    else if (isIndexMediaType(root.mediaType) || isManifestMediaType(root.mediaType)) await visit(root.digest, root.mediaType);
    else seen.add(root.digest);
  }
  return seen;
}

/** Deletes unreachable blobs older than the grace window, stale temp files and orphaned layer facts. Call under the store lock. */
export async function collectGarbage(
  root: string,
  blobs: FsBlobStore,
  layerInfos: LayerInfoCache,
  records: ImageRecord[],
  roots: GcRoot[],
  options: GcOptions = {},
): Promise<GcResult> {
  const graceMs = options.graceMs ?? DEFAULT_GC_GRACE_MS;
  const cutoff = Date.now() - graceMs;
  // Blobs are listed before leases are read: a blob in this listing was leased before it appeared.
  const present = await blobs.list();
  const leased = await liveLeasedDigests(root, options.dryRun);
  const keep = await reachableBlobs(blobs, records, roots);
  const removed: Digest[] = [];
  let reclaimedBytes = 0;
  for (const digest of present) {
    if (keep.has(digest) || leased.has(digest)) continue;
    const info = await blobs.stat(digest);
    if (info === undefined || info.mtimeMs > cutoff) continue;
    const size = options.dryRun ? info.size : await blobs.deleteIfOlder(digest, cutoff);
    if (size === undefined) continue;
    removed.push(digest);
    reclaimedBytes += size;
    if (!options.dryRun) await layerInfos.delete(digest);
  }
  if (!options.dryRun) {
    await sweepTempFiles(blobs.ingestDir, cutoff);
    await sweepTempFiles(root, cutoff);
    for (const digest of await layerInfos.list()) {
      if (!(await blobs.has(digest))) await layerInfos.delete(digest);
    }
  }
  return { removed, reclaimedBytes };
}

/** Removes `.tmp-*` files (left by writers that crashed) older than `cutoff`. */
async function sweepTempFiles(dir: string, cutoff: number): Promise<void> {
  for (const name of await readdirOrEmpty(dir)) {
    if (!name.startsWith('.tmp-')) continue;
    const path = join(dir, name);
    try {
      if ((await stat(path)).mtimeMs <= cutoff) await rm(path, { force: true });
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }
}
