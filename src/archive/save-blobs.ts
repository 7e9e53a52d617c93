// The blobs one saved image needs. A multi-platform image is saved whole (its index and every
// platform) when the store holds all of it; otherwise only the platform manifest is saved, as
// docker does for images it pulled for one platform.

import { isManifestMediaType, type Descriptor, type Digest, type Manifest } from '../core/index.js';
import type { ImageView, Store } from '../store/index.js';

/** What index.json points at for an image, and every blob (digest → size) that closes it. */
export interface SavedBlobs {
  target: Descriptor;
  blobs: Map<Digest, number>;
}

function addManifest(blobs: Map<Digest, number>, descriptor: Descriptor, manifest: Manifest): void {
  blobs.set(descriptor.digest, descriptor.size);
  blobs.set(manifest.config.digest, manifest.config.size);
  for (const layer of manifest.layers) blobs.set(layer.digest, layer.size);
}

/** The target and blobs to save for `image`; `onePlatform` saves only its chosen platform manifest (`save --platform`). */
export async function savedBlobs(store: Store, image: ImageView, onePlatform = false): Promise<SavedBlobs> {
  const single = new Map<Digest, number>();
  addManifest(single, image.manifestDescriptor, image.manifest);
  const { platform: _chosen, ...manifestDescriptor } = plain(image.manifestDescriptor);
  const fallback = { target: manifestDescriptor, blobs: single };
  if (image.index === undefined || onePlatform) return fallback;
  const whole = new Map<Digest, number>([[image.target.digest, image.target.size]]);
  for (const child of image.index.manifests) {
    if (!isManifestMediaType(child.mediaType) || !(await store.blobs.has(child.digest))) return fallback;
    const manifest = await store.blobs.readJson<Manifest>(child.digest);
    for (const blob of [manifest.config, ...manifest.layers]) if (!(await store.blobs.has(blob.digest))) return fallback;
    addManifest(whole, child, manifest);
  }
  return { target: plain(image.target), blobs: whole };
}

/** A descriptor without annotations (names are added per tag in index.json). */
function plain(descriptor: Descriptor): Descriptor {
  const { annotations: _names, ...rest } = descriptor;
  return rest;
}
