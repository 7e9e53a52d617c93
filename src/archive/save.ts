// `save`: writes images as the archive docker 25+ writes — an OCI image layout (oci-layout,
// index.json, blobs/sha256/…) and docker's manifest.json + repositories pointing into the same
// blobs — so docker 20.10+, skopeo (docker-archive: and oci-archive:) and umoci all read it.
// Entries are in a fixed order with fixed metadata; blobs are streamed and re-verified.

import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  BerthError, OCI_INDEX, canonicalJson, parseNormalizedReference, familiarName,
  type Descriptor, type Digest, type Index,
} from '../core/index.js';
import { DigestStream } from '../layer/index.js';
import type { Store } from '../store/index.js';
import {
  ANNOTATION_IMAGE_NAME, ANNOTATION_REF_NAME, DOCKER_MANIFEST_FILE, INDEX_FILE, OCI_LAYOUT_FILE,
  OCI_LAYOUT_VERSION, REPOSITORIES_FILE, blobPath, type DockerArchiveEntry,
} from './layout.js';
import { planSave, repoTags, type SaveItem, type SaveOptions } from './save-plan.js';
import { ArchiveTarWriter } from './tar-writer.js';

/** Writes the named images (docker's `save` rules for names) as one archive to `output`. */
export async function saveImages(store: Store, args: string[], output: Writable, options: SaveOptions = {}): Promise<void> {
  const items = await planSave(store, args, options);
  const writer = new ArchiveTarWriter();
  const done = pipeline(writer.stream, output);
  // If the output fails first (EPIPE from `save | head`), stop writing instead of waiting on it.
  const outputFailed = done.then(() => new Promise<never>(() => {}));
  try {
    await Promise.race([writeArchive(store, items, writer), outputFailed]);
    writer.finalize();
  } catch (err) {
    writer.stream.destroy(err as Error);
    await done.catch(() => {});
    throw err;
  }
  await done;
}

async function writeArchive(store: Store, items: SaveItem[], writer: ArchiveTarWriter): Promise<void> {
  const blobs = new Map<Digest, number>();
  for (const item of items) for (const [digest, size] of item.blobs) blobs.set(digest, size);
  await writer.directory('blobs');
  for (const algorithm of new Set([...blobs.keys()].map((d) => d.split(':')[0])).values()) await writer.directory(`blobs/${algorithm}`);
  for (const digest of [...blobs.keys()].sort()) await writeBlob(store, writer, digest, blobs.get(digest)!);
  await writer.file(INDEX_FILE, canonicalJson(ociIndex(items)));
  await writer.file(DOCKER_MANIFEST_FILE, canonicalJson(dockerManifest(items)));
  await writer.file(OCI_LAYOUT_FILE, canonicalJson({ imageLayoutVersion: OCI_LAYOUT_VERSION }));
  const repositories = legacyRepositories(items);
  if (Object.keys(repositories).length > 0) await writer.file(REPOSITORIES_FILE, canonicalJson(repositories));
}

/** Streams one blob into the tar, checking size and digest as it flows. */
async function writeBlob(store: Store, writer: ArchiveTarWriter, digest: Digest, size: number): Promise<void> {
  const stat = await store.blobs.stat(digest);
  if (stat === undefined) throw new BerthError('BLOB_UNKNOWN', `cannot save: blob ${digest} is missing from the store`, { hint: 'pull or load the image again' });
  if (stat.size !== size) throw new BerthError('BLOB_CORRUPT', `cannot save: blob ${digest} has ${stat.size} bytes, its descriptor says ${size}`);
  const hasher = new DigestStream(digest.startsWith('sha512:') ? 'sha512' : 'sha256');
  const source = await store.blobs.open(digest);
  source.on('error', (err) => hasher.destroy(err));
  await writer.streamFile(blobPath(digest), size, source.pipe(hasher));
  if (hasher.digest !== digest) throw new BerthError('BLOB_CORRUPT', `cannot save: blob ${digest} in the store has digest ${hasher.digest}`, { hint: 'the store is damaged; remove and re-load the image' });
}

/** index.json: one entry per name (docker 25's annotations), one unnamed entry per nameless image. */
function ociIndex(items: SaveItem[]): Index {
  const manifests: Descriptor[] = [];
  for (const { target, names } of items) {
    if (names.length === 0) manifests.push(target);
    for (const name of names) {
      const tag = parseNormalizedReference(name).tag ?? 'latest';
      manifests.push({ ...target, annotations: { [ANNOTATION_IMAGE_NAME]: name, [ANNOTATION_REF_NAME]: tag } });
    }
  }
  return { schemaVersion: 2, mediaType: OCI_INDEX, manifests };
}

/** manifest.json: docker's list of images, paths pointing into blobs/. */
function dockerManifest(items: SaveItem[]): DockerArchiveEntry[] {
  return items.map(({ image, names }) => ({
    Config: blobPath(image.manifest.config.digest),
    RepoTags: names.length === 0 ? null : repoTags(names),
    Layers: image.manifest.layers.map((l) => blobPath(l.digest)),
  }));
}

/** repositories: familiar repository → tag → top layer, for loaders that predate manifest.json. */
function legacyRepositories(items: SaveItem[]): Record<string, Record<string, string>> {
  const repositories: Record<string, Record<string, string>> = {};
  for (const { image, names } of items) {
    const top = image.manifest.layers.at(-1);
    if (top === undefined) continue;
    for (const name of names) {
      const reference = parseNormalizedReference(name);
      (repositories[familiarName(reference)] ??= {})[reference.tag ?? 'latest'] = top.digest.split(':')[1];
    }
  }
  return repositories;
}
