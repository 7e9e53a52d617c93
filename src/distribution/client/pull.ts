// Pull: resolve a reference on its registry (choosing this machine's platform from an index),
// download config and layers in parallel into the store — each blob streamed and verified — then
// write the manifest(s) and tag the image.
import {
  BerthError, bestPlatformIndex, DEFAULT_TAG, familiarString, formatPlatform, formatReference, hostPlatform,
  isBerthError, isIndexMediaType, isManifestMediaType, parseNormalizedReference, platformsMatch, toPlatform,
  type Descriptor, type Digest, type ImageConfig, type Index, type Manifest, type Platform, type Reference,
} from '../../core/index.js';
import type { Store } from '../../store/index.js';
import { mapLimit, throttle } from './concurrency.js';
import type { TransferProgress } from './progress.js';
import { RegistryClient, type RegistryOptions } from './registry.js';
import { Repository, type FetchedManifest } from './repository.js';

/** Options of pull. */
export interface PullOptions extends RegistryOptions {
  /** Platform to choose from an index (default: this machine's). */
  platform?: Platform | string;
  /** Pull every platform of an index, not just the chosen one (the index is kept whole for save/push). */
  allPlatforms?: boolean;
  /** Parallel layer downloads (default: `max-concurrent-downloads` of the settings, else 3). */
  concurrency?: number;
  progress?: TransferProgress;
}

/** What a pull did. */
export interface PullResult {
  /** The record name written: `docker.io/library/busybox:latest` or `host/repo@sha256:…`. */
  name: string;
  /** Digest of what the reference resolved to (an index or a manifest). */
  digest: Digest;
  /** The platform manifest pulled. */
  manifest: Descriptor;
  /** False when the name already pointed at this content ("Image is up to date"). */
  updated: boolean;
  /** docker's final status line: `Downloaded newer image for busybox:latest`. */
  status: string;
}

/** A reference as pull reads it: normalized, `latest` when neither tag nor digest is given. */
export function pullReference(input: string): { reference: Reference; defaulted: boolean } {
  const reference = parseNormalizedReference(input);
  const defaulted = reference.tag === undefined && reference.digest === undefined;
  if (defaulted) reference.tag = DEFAULT_TAG;
  if (reference.digest !== undefined) delete reference.tag;
  return { reference, defaulted };
}

/** Pulls `input` (`busybox`, `localhost:5000/app:1`, `repo@sha256:…`) into `store`. */
export async function pull(store: Store, input: string, options: PullOptions = {}): Promise<PullResult> {
  const { reference, defaulted } = pullReference(input);
  const emit = options.progress ?? (() => {});
  if (defaulted) emit({ type: 'message', text: `Using default tag: ${DEFAULT_TAG}` });
  const client = await RegistryClient.open(reference.domain, options);
  try {
    return await pullFrom(store, new Repository(client, reference.path), reference, options);
  } finally {
    await client.close();
  }
}

/** Pulls every tag of a repository (docker's `pull -a`); returns one result per tag. */
export async function pullAllTags(store: Store, repositoryName: string, options: PullOptions = {}): Promise<PullResult[]> {
  const reference = parseNormalizedReference(repositoryName);
  if (reference.tag !== undefined || reference.digest !== undefined) {
    throw new BerthError('REFERENCE_INVALID', `tag can't be used with --all-tags/-a`);
  }
  const client = await RegistryClient.open(reference.domain, options);
  try {
    const repository = new Repository(client, reference.path);
    const results: PullResult[] = [];
    for (const tag of (await repository.tags()).sort()) results.push(await pullFrom(store, repository, { ...reference, tag }, options));
    return results;
  } finally {
    await client.close();
  }
}

async function pullFrom(store: Store, repository: Repository, reference: Reference, options: PullOptions): Promise<PullResult> {
  const emit = options.progress ?? (() => {});
  const platform = options.platform === undefined ? hostPlatform() : toPlatform(options.platform);
  emit({ type: 'message', text: `${reference.digest ?? reference.tag}: Pulling from ${reference.path}` });
  const top = await repository.manifest(reference.digest ?? reference.tag!);
  const isIndex = isIndexMediaType(top.mediaType);
  const chosen = isIndex ? await choosePlatform(repository, top, platform) : top;
  const others = isIndex && options.allPlatforms ? await otherPlatforms(repository, top, chosen) : [];
  let fetched = 0;
  for (const image of [chosen, ...others]) {
    fetched += await pullImage(store, repository, image, options, image === chosen && !isIndex && options.platform !== undefined ? { platform, reference } : undefined);
  }
  if (isIndex) await store.blobs.writeBytes(top.bytes, { digest: top.digest, size: top.bytes.length });

  const target: Descriptor = { mediaType: top.mediaType, digest: top.digest, size: top.bytes.length };
  const name = formatReference(reference);
  const previous = await store.images.get(name);
  const updated = previous?.target.digest !== top.digest || fetched > 0;
  // docker records the repository digest beside the tag (RepoDigests): `repo@<digest pulled>`.
  await store.images.tagAll([name, formatReference({ domain: reference.domain, path: reference.path, digest: top.digest })], target);
  emit({ type: 'message', text: `Digest: ${top.digest}` });
  const status = `${updated ? 'Downloaded newer image for' : 'Image is up to date for'} ${familiarString(reference)}`;
  emit({ type: 'message', text: `Status: ${status}` });
  return { name, digest: top.digest, manifest: { mediaType: chosen.mediaType, digest: chosen.digest, size: chosen.bytes.length, platform }, updated, status };
}

/**
 * Downloads one image manifest's config and layers, then stores the manifest; returns how many
 * blobs were downloaded. `check` makes a single-platform image fail when its config is for another platform.
 */
async function pullImage(store: Store, repository: Repository, image: FetchedManifest, options: PullOptions, check?: { platform: Platform; reference: Reference }): Promise<number> {
  const manifest = JSON.parse(image.bytes.toString('utf8')) as Manifest;
  if (!isManifestMediaType(image.mediaType) || manifest.config === undefined || !Array.isArray(manifest.layers)) {
    throw new BerthError('MANIFEST_UNSUPPORTED', `${repository.name}@${image.digest} is a ${image.mediaType} manifest, which berth cannot pull`, { hint: 'only OCI and Docker schema 2 images are supported; push the image again with a current client' });
  }
  const configFetched = await fetchBlob(store, repository, manifest.config, options.retries);
  if (check) {
    const config = await store.blobs.readJson<ImageConfig>(manifest.config.digest);
    const actual: Platform = { os: config.os, architecture: config.architecture, variant: config.variant };
    if (!platformsMatch(check.platform, actual)) {
      throw new BerthError('PLATFORM_MISMATCH', `image with reference ${familiarString(check.reference)} was found but does not match the specified platform: wanted ${formatPlatform(check.platform)}, actual: ${formatPlatform(actual)}`);
    }
  }
  const concurrency = options.concurrency ?? options.settings?.['max-concurrent-downloads'] ?? 3;
  const layersFetched = await downloadLayers(store, repository, manifest.layers, concurrency, options);
  await store.blobs.writeBytes(image.bytes, { digest: image.digest, size: image.bytes.length });
  return layersFetched + (configFetched ? 1 : 0);
}

/** Every other entry of an index (for allPlatforms). */
async function otherPlatforms(repository: Repository, index: FetchedManifest, chosen: FetchedManifest): Promise<FetchedManifest[]> {
  const document = JSON.parse(index.bytes.toString('utf8')) as Index;
  const entries = document.manifests.filter((d) => d.digest !== chosen.digest);
  return Promise.all(entries.map((d) => repository.manifest(d.digest, d.mediaType)));
}

/** Fetches the index entry best matching `platform`. */
async function choosePlatform(repository: Repository, index: FetchedManifest, platform: Platform): Promise<FetchedManifest> {
  const document = JSON.parse(index.bytes.toString('utf8')) as Index;
  const best = bestPlatformIndex(platform, document.manifests.map((d) => d.platform));
  if (best < 0) {
    throw new BerthError('PLATFORM_MISMATCH', `no matching manifest for ${formatPlatform(platform)} in the manifest list entries`, {
      hint: `${repository.name} has ${document.manifests.map((d) => (d.platform ? formatPlatform(d.platform) : 'unknown')).join(', ')}; choose one with --platform`,
    });
  }
  const entry = document.manifests[best];
  return repository.manifest(entry.digest, entry.mediaType);
}

/** Streams one blob into the store, verified against its descriptor; false when the store had it. */
async function fetchBlob(store: Store, repository: Repository, descriptor: Descriptor, retries?: number, onBytes?: (received: number) => void, signal?: AbortSignal): Promise<boolean> {
  if (await store.blobs.has(descriptor.digest)) return false;
  let received = 0;
  const chunks = async function* () {
    for await (const chunk of repository.blob(descriptor.digest, descriptor.size, retries)) {
      received += chunk.length;
      onBytes?.(received);
      yield chunk;
    }
  };
  try {
    await store.blobs.writeStream(chunks(), { digest: descriptor.digest, size: descriptor.size }, { signal });
    return true;
  } catch (err) {
    if (isBerthError(err, 'BLOB_DIGEST_MISMATCH') || isBerthError(err, 'BLOB_SIZE_MISMATCH')) {
      throw new BerthError('DIGEST_MISMATCH', `blob ${descriptor.digest} from ${repository.name} failed verification (${err.message}); nothing was stored`, { hint: 'the registry or a proxy served other content; try again or check the registry', cause: err });
    }
    throw err;
  }
}

/** Downloads the layers the store lacks; returns how many. */
async function downloadLayers(store: Store, repository: Repository, layers: Descriptor[], concurrency: number, options: PullOptions): Promise<number> {
  const emit = options.progress ?? (() => {});
  const id = (layer: Descriptor) => layer.digest.slice(layer.digest.indexOf(':') + 1, layer.digest.indexOf(':') + 13);
  const present = await Promise.all(layers.map((layer) => store.blobs.has(layer.digest)));
  layers.forEach((layer, i) => emit({ type: 'layer', id: id(layer), status: present[i] ? 'Already exists' : 'Pulling fs layer' }));
  const missing = layers.filter((_, i) => !present[i]);
  missing.slice(concurrency).forEach((layer) => emit({ type: 'layer', id: id(layer), status: 'Waiting' }));
  const controller = new AbortController();
  options.signal?.addEventListener('abort', () => controller.abort(options.signal?.reason), { once: true });
  await mapLimit(missing, concurrency, async (layer) => {
    const report = throttle(100, (current) => emit({ type: 'layer', id: id(layer), status: 'Downloading', current, total: layer.size }));
    await fetchBlob(store, repository, layer, options.retries, report, controller.signal);
    report(layer.size, true);
    emit({ type: 'layer', id: id(layer), status: 'Verifying Checksum' });
    emit({ type: 'layer', id: id(layer), status: 'Download complete' });
    emit({ type: 'layer', id: id(layer), status: 'Pull complete' });
  }, controller);
  return missing.length;
}
