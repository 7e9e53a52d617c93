// `berth images`: one row per tag (or `<none>` row) of every image, newest first, like docker.
import { familiarName, familiarString, normalizeReference, parseNormalizedReference } from '../../core/index.js';
import type { ImageListing, Store } from '../../store/index.js';
import { formatFieldRows } from '../format/field-rows.js';
import { IMAGES_DIGESTS_FORMAT, IMAGES_TABLE, QUIET_FORMAT } from '../format/tables.js';
import { humanSize, humanSizeWithPrecision, timeAgo } from '../format/units.js';
import { matchesLabel, matchesReferencePattern, parseFilters, type Filters } from './filters.js';
import { goTimeString } from './time.js';
import { isDangling } from './view.js';

/** Options of `berth images`, as commander parses them. */
export interface ListImagesOptions {
  all?: boolean;
  quiet?: boolean;
  digests?: boolean;
  trunc?: boolean;
  filter?: string[];
  format?: string;
}

interface ImageRow {
  Containers: string; CreatedAt: string; CreatedSince: string; Digest: string; ID: string;
  Repository: string; SharedSize: string; Size: string; Tag: string; UniqueSize: string; VirtualSize: string;
}

/** Renders `images` output for the store. */
export async function listImages(store: Store, repository: string | undefined, options: ListImagesOptions): Promise<string> {
  const filters = parseFilters(options.filter, ['dangling', 'reference', 'before', 'since', 'label']);
  if (repository !== undefined) filters.set('reference', [...(filters.get('reference') ?? []), repository]);
  const images = await selectImages(store, filters);
  const rows = images.flatMap((image) => rowsOf(image, filters, options.trunc !== false));
  const format = options.quiet ? QUIET_FORMAT : (options.format ?? (options.digests ? IMAGES_DIGESTS_FORMAT : IMAGES_TABLE.defaultFormat));
  // The default outputs need no template engine: load it only for other formats.
  return formatFieldRows(format, rows, IMAGES_TABLE) ?? (await import('../format/rows.js')).formatRows(format, rows, IMAGES_TABLE);
}

async function selectImages(store: Store, filters: Filters): Promise<ImageListing[]> {
  let images = await store.listSummaries();
  const created = (image: ImageListing): number => Date.parse(image.created ?? '') || 0;
  const bound = async (key: 'before' | 'since'): Promise<number | undefined> => {
    const refs = filters.get(key);
    return refs === undefined ? undefined : Date.parse((await store.findImage(refs[0])).config.created ?? '') || 0;
  };
  const before = await bound('before');
  const since = await bound('since');
  const dangling = filters.get('dangling')?.[0];
  images = images.filter((image) => {
    if (dangling !== undefined && (dangling === 'true' || dangling === '1') !== isDangling(image.names)) return false;
    if (before !== undefined && created(image) >= before) return false;
    return since === undefined || created(image) > since;
  });
  const labels = filters.get('label');
  if (labels !== undefined) {
    // Labels live in the config: only this filter pays for reading it.
    const keep = await Promise.all(images.map(async (image) => {
      const config = (await store.findImage(image.id)).config.config;
      return labels.every((label) => matchesLabel(config?.Labels, label));
    }));
    images = images.filter((_, i) => keep[i]);
  }
  const times = new Map(images.map((image) => [image, created(image)]));
  return images.sort((a, b) => times.get(b)! - times.get(a)!);
}

function rowsOf(image: ImageListing, filters: Filters, trunc: boolean): ImageRow[] {
  const base = {
    Containers: 'N/A', CreatedAt: goTimeString(image.created), CreatedSince: image.created ? timeAgo(image.created) : 'N/A',
    ID: trunc ? image.id.slice(7, 19) : image.id, SharedSize: 'N/A', Size: humanSizeWithPrecision(image.size, 3), UniqueSize: 'N/A', VirtualSize: humanSize(image.size),
  };
  const refs = image.names.map((name) => parseNormalizedReference(name));
  const digestOf = (repo: string): string => refs.find((r) => r.digest !== undefined && familiarName(r) === repo)?.digest ?? '<none>';
  const patterns = filters.get('reference');
  const tagged = refs.filter((r) => r.digest === undefined).filter((r) => patterns === undefined || patterns.some((p) => referenceMatches(familiarString(r), familiarName(r), p)));
  if (patterns !== undefined && tagged.length === 0) return [];
  if (tagged.length === 0) {
    const digested = refs.find((r) => r.digest !== undefined);
    return [{ ...base, Repository: digested ? familiarName(digested) : '<none>', Tag: '<none>', Digest: digested?.digest ?? '<none>' }];
  }
  return tagged.map((r) => ({ ...base, Repository: familiarName(r), Tag: r.tag ?? '<none>', Digest: digestOf(familiarName(r)) }));
}

/** docker matches `reference=` patterns against the familiar name and the familiar name:tag. */
function referenceMatches(full: string, name: string, pattern: string): boolean {
  if (matchesReferencePattern(full, pattern) || matchesReferencePattern(name, pattern)) return true;
  try {
    return familiarString(normalizeReference(pattern)) === full;
  } catch {
    return false;
  }
}
