// Turns docker-archive's manifest.json (docker ≤24's per-layer directories, or docker 25+ and
// berth's blobs/sha256 paths) into verified images in the store.

import { createHash } from 'node:crypto';
import {
  BerthError, OCI_CONFIG, canonicalJson, isIndexMediaType, isManifestMediaType, OCI_MANIFEST, formatReference, layerMediaType, normalizeReference,
  type Descriptor, type Digest, type ImageConfig, type Index, type Manifest,
} from '../core/index.js';
import type { Store } from '../store/index.js';
import { DOCKER_MANIFEST_FILE, INDEX_FILE, type DockerArchiveEntry } from './layout.js';
import { expectShape, parseJsonEntry } from './json-entry.js';
import { layerIdentity } from './layer-digests.js';
import type { ArchiveContents } from './read-archive.js';
import { verifyTarget } from './resolve-oci.js';
import { readJsonBlob, verifyDiffIds, type LoadedImage } from './verify.js';

/** Resolves every manifest.json entry to a stored, verified image. */
export async function resolveDockerManifest(contents: ArchiveContents, store: Store): Promise<LoadedImage[]> {
  const entries = parseJsonEntry<DockerArchiveEntry[]>(contents.files.get(DOCKER_MANIFEST_FILE)!, DOCKER_MANIFEST_FILE);
  expectShape(Array.isArray(entries), DOCKER_MANIFEST_FILE, 'expected a JSON array of images');
  const ociManifests = await manifestsByConfig(contents, store);
  const images: LoadedImage[] = [];
  for (const [i, entry] of entries.entries()) {
    const where = `${DOCKER_MANIFEST_FILE}[${i}]`;
    expectShape(typeof entry?.Config === 'string' && Array.isArray(entry.Layers), DOCKER_MANIFEST_FILE, `image ${i} needs "Config" and "Layers"`);
    const configDigest = await storeConfig(contents, store, entry.Config, where);
    const config = await readJsonBlob<ImageConfig>(store, configDigest, entry.Config);
    const layers = entry.Layers.map((path) => layerDigest(contents, path, where));
    const identities = [];
    for (const digest of layers) identities.push(await layerIdentity(store, digest, contents.contentSizes));
    verifyDiffIds(config, identities.map((l) => l.diffId), entry.Config);
    const target = ociManifests.get(configDigest) ?? await writeManifest(store, contents, configDigest, identities.map((l, n) => ({ ...l, digest: layers[n] })));
    images.push({ target, id: configDigest, names: (entry.RepoTags ?? []).map((tag) => formatReference(normalizeReference(tag))) });
  }
  return images;
}

/** The stored config's digest; a legacy `HEX.json` config is verified against its name and stored. */
async function storeConfig(contents: ArchiveContents, store: Store, path: string, where: string): Promise<Digest> {
  const resolved = resolvePath(contents, path);
  const blob = contents.blobs.get(resolved);
  if (blob !== undefined) return blob;
  const bytes = contents.files.get(resolved);
  if (bytes === undefined) throw missing(path, where);
  const digest: Digest = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
  const named = /([a-f0-9]{64})\.json$/.exec(resolved)?.[1];
  if (named !== undefined && `sha256:${named}` !== digest) {
    throw new BerthError('ARCHIVE_INVALID', `invalid archive: entry ${path}: content has digest ${digest}, not the sha256:${named} its name says`);
  }
  parseJsonEntry(bytes, path);
  const written = await store.blobs.writeBytes(bytes, { digest });
  if (!written.existed) contents.added.push(digest);
  return digest;
}

function layerDigest(contents: ArchiveContents, path: string, where: string): Digest {
  const digest = contents.blobs.get(resolvePath(contents, path));
  if (digest === undefined) throw missing(path, where);
  return digest;
}

/** Follows symlinks and hardlinks (docker dedupes identical layers with links). */
export function resolvePath(contents: ArchiveContents, path: string): string {
  let current = path.replace(/^\.\//, '');
  for (let hops = 0; hops < 16; hops++) {
    const next = contents.links.get(current);
    if (next === undefined) return current;
    current = next;
  }
  throw new BerthError('ARCHIVE_INVALID', `invalid archive: entry ${path}: too many levels of links`);
}

function missing(path: string, where: string): BerthError {
  return new BerthError('ARCHIVE_INVALID', `invalid archive: entry ${path} referenced by ${where} is missing from the archive`);
}

/**
 * What index.json (docker 25+ and berth write both) says each config belongs to: its manifest,
 * or the whole multi-platform index (verified here, every platform) the manifest is part of.
 */
async function manifestsByConfig(contents: ArchiveContents, store: Store): Promise<Map<Digest, Descriptor>> {
  const byConfig = new Map<Digest, Descriptor>();
  const bytes = contents.files.get(INDEX_FILE);
  if (bytes === undefined) return byConfig;
  const index = parseJsonEntry<Index>(bytes, INDEX_FILE);
  for (const [i, descriptor] of (index.manifests ?? []).entries()) {
    if (!(await store.blobs.has(descriptor.digest))) continue;
    const { annotations: _names, ...target } = descriptor;
    if (isManifestMediaType(descriptor.mediaType)) {
      byConfig.set((await readJsonBlob<Manifest>(store, descriptor.digest)).config.digest, target);
    } else if (isIndexMediaType(descriptor.mediaType)) {
      await verifyTarget(store, descriptor, `${INDEX_FILE} manifests[${i}]`, contents.contentSizes);
      for (const child of (await readJsonBlob<Index>(store, descriptor.digest)).manifests) {
        if (await store.blobs.has(child.digest)) byConfig.set((await readJsonBlob<Manifest>(store, child.digest)).config.digest, target);
      }
    }
  }
  return byConfig;
}

/** Synthesizes and stores an OCI manifest for an image docker saved without one. */
async function writeManifest(store: Store, contents: ArchiveContents, config: Digest, layers: { digest: Digest; size: number; compression: string }[]): Promise<Descriptor> {
  const configSize = (await store.blobs.stat(config))?.size ?? 0;
  const manifest: Manifest = {
    schemaVersion: 2,
    mediaType: OCI_MANIFEST,
    config: { mediaType: OCI_CONFIG, digest: config, size: configSize },
    layers: layers.map((l) => ({
      mediaType: layerMediaType(l.compression === 'gzip' || l.compression === 'zstd' ? l.compression : 'none', 'oci'),
      digest: l.digest,
      size: l.size,
    })),
  };
  const written = await store.blobs.writeBytes(canonicalJson(manifest));
  if (!written.existed) contents.added.push(written.digest);
  return { mediaType: OCI_MANIFEST, digest: written.digest, size: written.size };
}
