import { DOCKER_CONFIG, DOCKER_MANIFEST, formatReference, normalizeReference } from '../../core/index.js';
import type { Descriptor, Digest, Manifest } from '../../core/index.js';
import type { Store } from '../../store/index.js';
import type { ImageState } from '../image/state.js';

/** An image written to the store: config and manifest descriptors and the names it got. */
export interface StoredImage {
  /** Image ID (config digest), what `--iidfile` holds. */
  id: Digest;
  config: Descriptor;
  manifest: Descriptor;
  names: string[];
}

/**
 * Writes the built image's config and manifest (Docker schema 2 media types, as docker's BuildKit
 * exports to its image store) and points each tag at it; without tags the image is kept dangling.
 */
export async function writeImage(store: Store, image: ImageState, tags: readonly string[]): Promise<StoredImage> {
  const { config, manifest } = await writeManifest(store, image);
  const names = tags.map((t) => formatReference(normalizeReference(t)));
  for (const name of names) {
    // A rebuild that changed nothing leaves the tag alone: no lock, no rewrite of the records.
    if ((await store.images.get(name))?.target.digest !== manifest.digest) await store.images.tag(name, manifest);
  }
  if (names.length === 0) await store.images.addDangling(manifest);
  return { id: config.digest, config, manifest, names };
}

/** Writes the built image's config and manifest blobs (no record): one platform of a multi-platform build. */
export async function writeManifest(store: Store, image: ImageState): Promise<{ config: Descriptor; manifest: Descriptor }> {
  const config = await store.blobs.writeJson(image.config, DOCKER_CONFIG);
  const manifestValue: Manifest = { schemaVersion: 2, mediaType: DOCKER_MANIFEST, config, layers: image.layers.map((l) => l.descriptor) };
  return { config, manifest: await store.blobs.writeJson(manifestValue, DOCKER_MANIFEST) };
}
