// `berth rmi`: docker's rules for untagging versus deleting an image.
import { BerthError, type Digest, familiarString, formatReference, isDigest, normalizeReference, parseNormalizedReference } from '../../core/index.js';
import type { Store } from '../../store/index.js';
import { reclaimImageSpace } from './reclaim.js';

/** Options of `berth rmi`. */
export interface RemoveImageOptions {
  force?: boolean;
}

/**
 * Removes one image reference like docker: a name is untagged, and the image is deleted when no
 * name is left; an ID deletes the image, refusing (unless forced) when several repositories
 * reference it. Returns docker's `Untagged: …` / `Deleted: …` lines.
 */
export async function removeImage(store: Store, reference: string, options: RemoveImageOptions): Promise<string[]> {
  const image = await recordsOf(store, reference);
  const byName = namedReference(reference, image);
  const lines: string[] = [];
  if (byName !== undefined) {
    const untagged = await store.images.untagWithDigests(byName);
    for (const name of untagged) lines.push(`Untagged: ${familiarString(parseNormalizedReference(name))}`);
    if (image.names.some((name) => !untagged.includes(name))) return lines;
  } else {
    const repositories = new Set(image.names.map((name) => parseNormalizedReference(name)).map((ref) => `${ref.domain}/${ref.path}`));
    if (repositories.size > 1 && !options.force) {
      throw new BerthError('IMAGE_CONFLICT', `conflict: unable to delete ${image.id.slice(7, 19)} (must be forced) - image is referenced in multiple repositories`, { hint: 'use -f to untag and delete it' });
    }
    for (const name of image.names) {
      await store.images.untag(name, { keepDangling: false });
      lines.push(`Untagged: ${familiarString(parseNormalizedReference(name))}`);
    }
  }
  await store.images.removeTarget(image.target.digest);
  await reclaimImageSpace(store);
  lines.push(`Deleted: ${image.id}`);
  return lines;
}

/** What removal needs of an image: found by its records, so an image with missing blobs can still go. */
interface RemovableImage {
  id: string;
  names: string[];
  target: { digest: Digest };
}

async function recordsOf(store: Store, reference: string): Promise<RemovableImage> {
  const records = await store.findRecords(reference);
  const target = records[0].target;
  const id = await store.findImage(target.digest).then((view) => view.id, () => target.digest);
  return { id, target, names: records.flatMap((r) => (r.name === undefined ? [] : [r.name])) };
}

/** The record name `reference` denotes when it is a name rather than an ID. */
function namedReference(reference: string, image: RemovableImage): string | undefined {
  if (isDigest(reference) || /^[a-f0-9]{12,64}$/.test(reference)) {
    const asId = reference.startsWith('sha256:') ? reference : `sha256:${reference}`;
    if (image.id.startsWith(asId)) return undefined;
  }
  try {
    const normalized = formatReference(normalizeReference(reference));
    return image.names.includes(normalized) ? normalized : undefined;
  } catch {
    return undefined;
  }
}
