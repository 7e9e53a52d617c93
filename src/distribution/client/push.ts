// Push: an image of the store to a registry — layers and config first (skipped when present,
// mounted from another repository of the same registry when possible), then the manifest; for
// an index whose platforms are all present, every child first and the index last.
import {
  BerthError, familiarName, formatReference, isIndexMediaType, isNonDistributable, parseNormalizedReference, parseReference,
  type Descriptor, type Digest, type ImageConfig, type Index, type Manifest, type Reference,
} from '../../core/index.js';
import type { ImageView, Store } from '../../store/index.js';
import { mapLimit, throttle } from './concurrency.js';
import type { TransferProgress } from './progress.js';
import { header, RegistryClient, type RegistryOptions } from './registry.js';
import { Repository } from './repository.js';
import { uploadBlob } from './upload.js';

/** Options of push. */
export interface PushOptions extends RegistryOptions {
  /** Push every tag of the repository found in the store (docker's `-a`). */
  allTags?: boolean;
  /** Parallel blob uploads (default: `max-concurrent-uploads` of the settings, else 3). */
  concurrency?: number;
  /** Blobs larger than this are uploaded in chunks of this size (default 64 MiB). */
  chunkSize?: number;
  progress?: TransferProgress;
}

/** One pushed tag: docker's `TAG: digest: sha256:… size: N`. */
export interface PushResult {
  tag: string;
  digest: Digest;
  size: number;
}

/** Pushes `input` (`localhost:5000/app:1`; `latest` when untagged, or every tag with allTags). */
export async function push(store: Store, input: string, options: PushOptions = {}): Promise<PushResult[]> {
  const reference = parseNormalizedReference(input);
  if (reference.digest !== undefined) throw new BerthError('REFERENCE_INVALID', `cannot push a digest reference: ${input}`);
  if (options.allTags && reference.tag !== undefined) throw new BerthError('REFERENCE_INVALID', `tag can't be used with --all-tags/-a`);
  const tags = options.allTags ? await localTags(store, reference) : [reference.tag ?? 'latest'];
  if (tags.length === 0) throw new BerthError('IMAGE_NOT_FOUND', `An image does not exist locally with the tag: ${familiarName(reference)}`);
  const emit = options.progress ?? (() => {});
  if (!options.allTags && reference.tag === undefined) emit({ type: 'message', text: `Using default tag: latest` });
  emit({ type: 'message', text: `The push refers to repository [${formatReference({ domain: reference.domain, path: reference.path })}]` });
  const client = await RegistryClient.open(reference.domain, { ...options, push: true });
  try {
    const repository = new Repository(client, reference.path, true);
    const mounts = await mountSources(store, reference);
    const results: PushResult[] = [];
    for (const tag of tags) {
      const image = await store.findImage(formatReference({ ...reference, tag })).catch((err: unknown) => {
        throw new BerthError('IMAGE_NOT_FOUND', `An image does not exist locally with the tag: ${formatReference({ ...reference, tag })}`, { cause: err });
      });
      const pushed = await pushImage(store, repository, image, tag, mounts, options);
      // As docker does, the image now also answers to `repo@<digest pushed>` (RepoDigests).
      await store.images.tagAll([formatReference({ domain: reference.domain, path: reference.path, digest: pushed.digest })], image.target);
      results.push({ tag, ...pushed });
    }
    return results;
  } finally {
    await client.close();
  }
}

async function localTags(store: Store, reference: Reference): Promise<string[]> {
  const prefix = `${formatReference({ domain: reference.domain, path: reference.path })}:`;
  return (await store.images.list()).flatMap((r) => (r.name?.startsWith(prefix) && !r.name.includes('@') ? [r.name.slice(prefix.length)] : []));
}

/** Blob digest → another repository of the same registry whose image in the store uses it. */
async function mountSources(store: Store, target: Reference): Promise<Map<Digest, string>> {
  const sources = new Map<Digest, string>();
  for (const record of await store.images.list()) {
    if (record.name === undefined) continue;
    const other = parseReference(record.name);
    if (other.domain !== target.domain || other.path === target.path) continue;
    for (const digest of await blobDigests(store, record.target)) if (!sources.has(digest)) sources.set(digest, other.path);
  }
  return sources;
}

async function blobDigests(store: Store, target: Descriptor): Promise<Digest[]> {
  if (!(await store.blobs.has(target.digest))) return [];
  const document = await store.blobs.readJson<Manifest & Index>(target.digest);
  if (Array.isArray(document.manifests)) return (await Promise.all(document.manifests.map((d) => blobDigests(store, d)))).flat();
  return document.config ? [document.config.digest, ...document.layers.map((l) => l.digest)] : [];
}

async function pushImage(store: Store, repository: Repository, image: ImageView, tag: string, mounts: Map<Digest, string>, options: PushOptions): Promise<{ digest: Digest; size: number }> {
  const target = image.target;
  if (isIndexMediaType(target.mediaType) && image.index) {
    const present = await Promise.all(image.index.manifests.map((d) => store.blobs.has(d.digest)));
    if (present.every(Boolean)) {
      for (const child of image.index.manifests) {
        const manifest = await store.blobs.readJson<Manifest>(child.digest);
        await pushBlobs(store, repository, manifest, mounts, options);
        await putManifest(store, repository, child, child.digest);
      }
      return putManifest(store, repository, target, tag);
    }
  }
  await pushBlobs(store, repository, image.manifest, mounts, options);
  return putManifest(store, repository, image.manifestDescriptor, tag);
}

async function pushBlobs(store: Store, repository: Repository, manifest: Manifest, mounts: Map<Digest, string>, options: PushOptions): Promise<void> {
  const emit = options.progress ?? (() => {});
  const diffIds = (await store.blobs.readJson<ImageConfig>(manifest.config.digest)).rootfs?.diff_ids ?? [];
  // docker names pushed layers by their diffID; fall back to the blob digest for other manifests.
  const id = (layer: Descriptor, i: number) => (manifest.layers.length === diffIds.length ? diffIds[i] : layer.digest).replace(/^[^:]+:/, '').slice(0, 12);
  manifest.layers.forEach((layer, i) => emit({ type: 'layer', id: id(layer, i), status: 'Preparing' }));
  const concurrency = options.concurrency ?? options.settings?.['max-concurrent-uploads'] ?? 3;
  manifest.layers.slice(concurrency).forEach((layer, i) => emit({ type: 'layer', id: id(layer, i + concurrency), status: 'Waiting' }));
  const blobs = [...manifest.layers, manifest.config];
  await mapLimit(blobs, concurrency, async (blob, i) => {
    const layerId = i < manifest.layers.length ? id(blob, i) : undefined;
    // Like docker, foreign (non-distributable) layers stay where their URLs point.
    if (layerId !== undefined && isNonDistributable(blob.mediaType)) return emit({ type: 'layer', id: layerId, status: 'Skipped foreign layer' });
    let sent = 0;
    const report = throttle(100, (current) => layerId && emit({ type: 'layer', id: layerId, status: 'Pushing', current, total: blob.size }));
    const outcome = await uploadBlob(repository, {
      digest: blob.digest,
      size: blob.size,
      open: (range) => store.blobs.open(blob.digest, range),
    }, {
      mountFrom: mounts.has(blob.digest) ? [mounts.get(blob.digest)!] : [],
      chunkSize: options.chunkSize,
      retries: options.retries,
      onBytes: (bytes) => report((sent += bytes)),
    });
    if (layerId === undefined) return;
    if (outcome.kind === 'exists') emit({ type: 'layer', id: layerId, status: 'Layer already exists' });
    else if (outcome.kind === 'mounted') emit({ type: 'layer', id: layerId, status: `Mounted from ${outcome.from}` });
    else emit({ type: 'layer', id: layerId, status: 'Pushed' });
  });
}

/** PUTs a manifest or index from the store under `tagOrDigest`; checks the digest the registry computed. */
async function putManifest(store: Store, repository: Repository, descriptor: Descriptor, tagOrDigest: string): Promise<{ digest: Digest; size: number }> {
  const bytes = await store.blobs.readBytes(descriptor.digest);
  const response = await repository.client.send({
    method: 'PUT',
    path: `/v2/${repository.path}/manifests/${tagOrDigest}`,
    scopes: repository.scopes,
    headers: { 'content-type': descriptor.mediaType, 'content-length': String(bytes.length) },
    body: () => bytes,
    accept: [201, 200],
    what: `push of manifest ${repository.name}:${tagOrDigest}`,
  });
  await response.body.dump();
  const returned = header(response, 'docker-content-digest');
  if (returned !== undefined && returned !== descriptor.digest) {
    throw new BerthError('DIGEST_MISMATCH', `the registry stored manifest ${repository.name}:${tagOrDigest} as ${returned}, expected ${descriptor.digest}`);
  }
  return { digest: descriptor.digest, size: bytes.length };
}
