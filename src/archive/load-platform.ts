// `load --platform P`: each loaded index is replaced by its manifest for P, and the blobs the
// load added for other platforms are removed again (the store keeps only what it names).

import { BerthError, formatPlatform, platformsMatch, toPlatform, type Descriptor, type Digest, type Platform } from '../core/index.js';
import type { Store } from '../store/index.js';
import type { LoadedImage } from './verify.js';

/** `images` narrowed to `platform`; removes the blobs in `added` that no narrowed image reaches. */
export async function narrowToPlatform(store: Store, images: LoadedImage[], platform: Platform | string, added: Digest[]): Promise<LoadedImage[]> {
  const wanted = toPlatform(platform);
  const kept = new Set<Digest>();
  const narrowed: LoadedImage[] = [];
  for (const image of images) {
    const view = await store.loadImage(image.target, { platform: wanted });
    const { os, architecture, variant } = view.config;
    if (view.index === undefined && !platformsMatch(wanted, { os, architecture, variant })) {
      throw new BerthError('IMAGE_PLATFORM_MISSING', `image ${image.names[0] ?? image.id} in the archive is ${formatPlatform({ os, architecture, variant })}, not ${formatPlatform(wanted)}`, {
        hint: 'load without --platform, or pick a platform the archive has',
      });
    }
    for (const blob of [view.manifestDescriptor, view.manifest.config, ...view.manifest.layers]) kept.add(blob.digest);
    narrowed.push({ ...image, target: manifestOnly(view.manifestDescriptor), id: view.id });
  }
  for (const digest of added) if (!kept.has(digest)) await store.blobs.delete(digest).catch(() => false);
  return narrowed;
}

/** A platform manifest's descriptor as a record target (no platform or annotations). */
function manifestOnly(descriptor: Descriptor): Descriptor {
  const { platform: _platform, annotations: _annotations, ...rest } = descriptor;
  return rest;
}
