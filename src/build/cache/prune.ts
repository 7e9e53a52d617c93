import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Digest } from '../../core/index.js';
import type { Store } from '../../store/index.js';
import { BUILD_CACHE_GC_OWNER, BuildCache } from './store.js';
import type { CacheRecord } from './store.js';
import { removeUnusedLayers } from './unpacked-layers.js';

/** Options of `berth builder prune`. */
export interface PruneOptions {
  /** Remove every record, also those whose layers images use, the cache mounts and the remembered context digests. */
  all?: boolean;
  /** Only records last used before this time (`--filter until=24h`). */
  before?: Date;
}

/** What a prune removed. */
export interface PruneResult {
  removed: CacheRecord[];
  reclaimedBytes: number;
}

async function imageLayerDigests(store: Store): Promise<Set<string>> {
  const used = new Set<string>();
  for (const view of await store.listImages()) for (const l of view.manifest.layers) used.add(l.digest);
  return used;
}

/**
 * Removes build cache records (all with `all`, else those whose layer no image uses) last used
 * before `before`, and the layer blobs nothing else references.
 */
export async function pruneBuildCache(store: Store, options: PruneOptions = {}): Promise<PruneResult> {
  const cache = new BuildCache(store);
  const records = await cache.list();
  const imageLayers = await imageLayerDigests(store);
  const old = (r: CacheRecord): boolean => options.before === undefined || new Date(r.lastUsed) < options.before;
  const removed = records.filter((r) => old(r) && (options.all || r.layer === undefined || !imageLayers.has(r.layer.descriptor.digest)));
  const removedKeys = new Set(removed.map((r) => r.key));
  const kept = new Set(records.filter((r) => !removedKeys.has(r.key) && r.layer).map((r) => r.layer!.descriptor.digest));
  let reclaimedBytes = 0;
  for (const record of removed) {
    await cache.delete(record.key);
    const digest = record.layer?.descriptor.digest as Digest | undefined;
    if (digest && !kept.has(digest) && !imageLayers.has(digest) && (await store.blobs.delete(digest))) {
      reclaimedBytes += record.layer!.descriptor.size;
      kept.add(digest);
    }
  }
  const remaining = records.filter((r) => !removedKeys.has(r.key) && r.layer).map((r) => r.layer!.descriptor.digest as Digest);
  await store.setGcRoots(BUILD_CACHE_GC_OWNER, [...new Set(remaining)]);
  if (options.all && options.before === undefined) {
    reclaimedBytes += await cache.mountsSize();
    await rm(join(cache.dir, 'mounts'), { recursive: true, force: true });
    await rm(join(cache.dir, 'context'), { recursive: true, force: true }); // remembered context digests
  }
  await removeUnusedLayers(store);
  return { removed, reclaimedBytes };
}

/** Total size of the build cache: layer blobs only the cache references, plus cache mounts (for `system df`). */
export async function buildCacheSize(store: Store): Promise<{ records: number; bytes: number }> {
  const cache = new BuildCache(store);
  const records = await cache.list();
  const seen = new Set<string>();
  let bytes = await cache.mountsSize();
  for (const r of records) {
    if (r.layer && !seen.has(r.layer.descriptor.digest)) {
      seen.add(r.layer.descriptor.digest);
      bytes += r.layer.descriptor.size;
    }
  }
  return { records: records.length, bytes };
}
