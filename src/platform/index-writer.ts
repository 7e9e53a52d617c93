// Writes an image index over manifests already in the store: docker's manifest list media type
// when every entry is a docker manifest (what docker and old registries expect of them), else OCI.

import { DOCKER_MANIFEST, DOCKER_MANIFEST_LIST, OCI_INDEX, type Annotations, type Descriptor, type Index } from '../core/index.js';
import type { Store } from '../store/index.js';

/** Stores an index of `entries` (each with its `platform`) and returns its descriptor; tags nothing. */
export async function writePlatformIndex(store: Store, entries: Descriptor[], annotations?: Annotations): Promise<Descriptor> {
  const docker = entries.every((e) => e.mediaType === DOCKER_MANIFEST);
  const mediaType = docker ? DOCKER_MANIFEST_LIST : OCI_INDEX;
  const index: Index = { schemaVersion: 2, mediaType, manifests: entries, ...(annotations && !docker ? { annotations } : {}) };
  return store.blobs.writeJson(index, mediaType);
}
