// Turns an OCI archive's index.json (no manifest.json) into verified images: every manifest,
// config and layer present with the right size, configs matching their layers' diffIDs, names
// from the containerd / OCI annotations.

import {
  BerthError, formatReference, isIndexMediaType, isManifestMediaType, normalizeReference,
  type Descriptor, type Digest, type ImageConfig, type Index, type Manifest,
} from '../core/index.js';
import type { Store } from '../store/index.js';
import { ANNOTATION_IMAGE_NAME, ANNOTATION_REF_NAME, INDEX_FILE, blobPath } from './layout.js';
import { expectShape, parseJsonEntry } from './json-entry.js';
import { layerIdentity } from './layer-digests.js';
import type { ArchiveContents } from './read-archive.js';
import { readJsonBlob, verifyDescriptor, verifyDiffIds, type LoadedImage } from './verify.js';

/** Resolves every entry of index.json to a stored, verified image. */
export async function resolveOciIndex(contents: ArchiveContents, store: Store): Promise<LoadedImage[]> {
  const index = parseJsonEntry<Index>(contents.files.get(INDEX_FILE)!, INDEX_FILE);
  expectShape(Array.isArray(index?.manifests), INDEX_FILE, 'expected an image index with "manifests"');
  const images: LoadedImage[] = [];
  for (const [i, descriptor] of index.manifests.entries()) {
    const where = `${INDEX_FILE} manifests[${i}]`;
    await verifyTarget(store, descriptor, where, contents.contentSizes);
    const { annotations: _drop, ...target } = descriptor;
    const name = imageName(descriptor);
    images.push({ target, id: await imageId(store, descriptor), names: name === undefined ? [] : [name] });
  }
  return merge(images);
}

/** Verifies a manifest (its config and layers) or an index (each child present in the archive); `contentSizes` as for layerIdentity. */
export async function verifyTarget(store: Store, descriptor: Descriptor, where: string, contentSizes?: Map<Digest, number>): Promise<void> {
  await verifyDescriptor(store, descriptor, where);
  if (isIndexMediaType(descriptor.mediaType)) {
    const index = await readJsonBlob<Index>(store, descriptor.digest);
    let present = 0;
    for (const child of index.manifests ?? []) {
      if (!(await store.blobs.has(child.digest))) continue;
      present++;
      await verifyTarget(store, child, blobPath(descriptor.digest), contentSizes);
    }
    if (present === 0) throw new BerthError('ARCHIVE_INVALID', `invalid archive: entry ${blobPath(descriptor.digest)}: none of its manifests is in the archive`);
    return;
  }
  if (!isManifestMediaType(descriptor.mediaType)) {
    throw new BerthError('ARCHIVE_INVALID', `invalid archive: ${where}: unsupported media type "${descriptor.mediaType}"`);
  }
  const entry = blobPath(descriptor.digest);
  const manifest = await readJsonBlob<Manifest>(store, descriptor.digest);
  expectShape(typeof manifest?.config?.digest === 'string' && Array.isArray(manifest.layers), entry, 'not an image manifest');
  await verifyDescriptor(store, manifest.config, entry);
  const diffIds: Digest[] = [];
  for (const layer of manifest.layers) {
    await verifyDescriptor(store, layer, entry);
    diffIds.push((await layerIdentity(store, layer.digest, contentSizes)).diffId);
  }
  verifyDiffIds(await readJsonBlob<ImageConfig>(store, manifest.config.digest), diffIds, blobPath(manifest.config.digest));
}

/** The full name of an index entry: containerd's image name, else a ref.name that is a full reference. */
function imageName(descriptor: Descriptor): string | undefined {
  const annotations = descriptor.annotations ?? {};
  const name = annotations[ANNOTATION_IMAGE_NAME] ?? annotations[ANNOTATION_REF_NAME];
  if (name === undefined || !/[/:]/.test(name)) return undefined;
  try {
    return formatReference(normalizeReference(name));
  } catch {
    return undefined;
  }
}

/** The config digest for a manifest (docker's image ID); the index digest for an index. */
async function imageId(store: Store, descriptor: Descriptor): Promise<LoadedImage['id']> {
  if (!isManifestMediaType(descriptor.mediaType)) return descriptor.digest;
  return (await readJsonBlob<Manifest>(store, descriptor.digest)).config.digest;
}

/** One image per target, with all its names (index.json lists one entry per tag). */
function merge(images: LoadedImage[]): LoadedImage[] {
  const byTarget = new Map<string, LoadedImage>();
  for (const image of images) {
    const seen = byTarget.get(image.target.digest);
    if (seen) seen.names.push(...image.names.filter((n) => !seen.names.includes(n)));
    else byTarget.set(image.target.digest, { ...image, names: [...image.names] });
  }
  return [...byTarget.values()];
}
