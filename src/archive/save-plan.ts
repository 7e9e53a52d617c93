// Which images `save NAME…` writes and under which names, with docker's rules: a name without a
// tag saves every tag of that repository, an image ID or digest reference saves the image
// without names, and one image named several times is written once with all its tags.

import {
  BerthError, DEFAULT_TAG, familiarString, formatPlatform, formatReference, isDigest, parseNormalizedReference, platformsMatch, referenceName, toPlatform,
  type Descriptor, type Digest, type Platform, type Reference,
} from '../core/index.js';
import type { ImageView, Store } from '../store/index.js';
import { savedBlobs } from './save-blobs.js';

/** One image to save and the names it is saved under. */
export interface SaveItem {
  image: ImageView;
  /** What index.json points at: the image's index when saved whole, else its platform manifest. */
  target: Descriptor;
  /** Every blob to write (digest → size). */
  blobs: Map<Digest, number>;
  /** Full references (`docker.io/library/busybox:latest`). */
  names: string[];
}

/** Options of save: `platform` saves only that platform of each image (docker's `save --platform`). */
export interface SaveOptions {
  platform?: Platform | string;
}

/** Resolves the command-line names to images, grouped by image ID, in first-mention order. */
export async function planSave(store: Store, args: string[], options: SaveOptions = {}): Promise<SaveItem[]> {
  const items = new Map<Digest, SaveItem>();
  const find = (name: string) => findForPlatform(store, name, options.platform);
  const add = async (image: ImageView, name?: string) => {
    let item = items.get(image.id);
    if (!item) items.set(image.id, (item = { image, ...(await savedBlobs(store, image, options.platform !== undefined)), names: [] }));
    if (name !== undefined && !item.names.includes(name)) item.names.push(name);
  };
  for (const arg of args) {
    const reference = tryParse(arg);
    if (reference !== undefined && reference.tag === undefined && reference.digest === undefined) {
      const tags = await repositoryTags(store, referenceName(reference));
      for (const name of tags) await add(await find(name), name);
      if (tags.length > 0) continue;
    }
    const image = await find(arg);
    if (reference === undefined || reference.digest !== undefined || looksLikeId(arg, image.id)) await add(image);
    else await add(image, formatReference({ ...reference, tag: reference.tag ?? DEFAULT_TAG }));
  }
  return [...items.values()];
}

/**
 * The image `name` for `platform` (default: the host's, else the first one present). A
 * single-platform image of another platform is refused, like docker's `save --platform`.
 */
export async function findForPlatform(store: Store, name: string, platform: Platform | string | undefined): Promise<ImageView> {
  if (platform === undefined) return store.findImage(name);
  const image = await store.findImage(name, { platform });
  if (image.index !== undefined) return image;
  const wanted = toPlatform(platform);
  const { os, architecture, variant } = image.config;
  if (!platformsMatch(wanted, { os, architecture, variant })) {
    throw new BerthError('IMAGE_PLATFORM_MISSING', `image ${name} is ${formatPlatform({ os, architecture, variant })}, not ${formatPlatform(wanted)}`, { hint: 'pick the image\'s own platform, or omit --platform' });
  }
  return image;
}

/** True when `arg` names the image by (a prefix of) its ID rather than by reference. */
function looksLikeId(arg: string, id: Digest): boolean {
  const hex = arg.startsWith('sha256:') ? arg.slice(7) : arg;
  return (isDigest(arg) || /^[a-f0-9]{12,64}$/.test(hex)) && id.slice(7).startsWith(hex);
}

/** Every `repository:tag` name in the store for a repository, in name order. */
async function repositoryTags(store: Store, repository: string): Promise<string[]> {
  const names = (await store.images.list()).map((r) => r.name).filter((n): n is string => n !== undefined);
  return names.filter((n) => n.startsWith(`${repository}:`) && !n.includes('@'));
}

function tryParse(arg: string): Reference | undefined {
  try {
    return parseNormalizedReference(arg);
  } catch {
    return undefined;
  }
}

/** docker's RepoTags form of full names: `busybox:latest`. */
export function repoTags(names: string[]): string[] {
  return names.map((n) => familiarString(parseNormalizedReference(n)));
}
