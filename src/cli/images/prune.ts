// `berth image prune`: removes dangling images (or, with -a, every image), then unreferenced blobs.
import type { ImageRecord, Store } from '../../store/index.js';
import { humanSize } from '../format/index.js';
import { parseFilters, parseTimeFilter, matchesLabel } from './filters.js';
import { reclaimImageSpace } from './reclaim.js';
import { isDangling } from './view.js';

/** Options of `berth image prune`. */
export interface PruneImagesOptions {
  all?: boolean;
  filter?: string[];
}

/** Prunes images and returns docker's report (`Deleted Images:` … `Total reclaimed space: …`). */
export async function pruneImages(store: Store, options: PruneImagesOptions): Promise<string> {
  const filters = parseFilters(options.filter, ['until', 'label']);
  const until = filters.get('until')?.map((value) => parseTimeFilter(value));
  const images = await store.listImages();
  const lines: string[] = [];
  for (const image of images) {
    if (!options.all && !isDangling(image.names)) continue;
    const created = Date.parse(image.config.created ?? '') || 0;
    if (until !== undefined && !until.every((limit) => created < limit)) continue;
    if (!(filters.get('label') ?? []).every((label) => matchesLabel(image.config.config?.Labels, label))) continue;
    const removed: ImageRecord[] = await store.images.removeTarget(image.target.digest);
    for (const record of removed) if (record.name) lines.push(`untagged: ${record.name}`);
    lines.push(`deleted: ${image.id}`);
  }
  const reclaimedBytes = await reclaimImageSpace(store);
  const report = lines.length > 0 ? `Deleted Images:\n${lines.join('\n')}\n\n` : '';
  return `${report}Total reclaimed space: ${humanSize(reclaimedBytes)}\n`;
}

/** Prunes the build cache (`builder prune`) and returns docker's report. */
export async function pruneBuildCacheReport(store: Store, options: { all?: boolean; filter?: string[] }): Promise<string> {
  const { pruneBuildCache } = await import('../../build/index.js');
  const until = parseFilters(options.filter, ['until']).get('until')?.map((value) => parseTimeFilter(value));
  const before = until === undefined ? undefined : new Date(Math.min(...until));
  const result = await pruneBuildCache(store, { all: options.all, before });
  const removed = result.removed.map((record) => `${record.key.slice(7, 32)}\n`).join('');
  const report = removed ? `Deleted build cache objects:\n${removed}\n` : '';
  return `${report}Total reclaimed space: ${humanSize(result.reclaimedBytes)}\n`;
}
