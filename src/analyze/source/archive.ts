// Images in docker archives (manifest.json: docker ≤24 per-layer layout and docker 25+'s OCI
// one), OCI archives and OCI layout directories (index.json), read in place.

import { BerthError, digestAlgorithm, digestHex, isIndexMediaType, type Descriptor, type Digest, type ImageConfig, type Index, type Manifest } from '../../core/index.js';
import { choosePlatform } from './platform.js';
import type { ArchiveFiles } from './files.js';
import type { ImageSource, SourceLayer } from './types.js';

interface DockerManifestEntry {
  Config: string;
  RepoTags?: string[] | null;
  Layers: string[];
}

const blobPath = (digest: Digest) => `blobs/${digestAlgorithm(digest)}/${digestHex(digest)}`;

/** The image of a docker archive (the first one, or the one tagged `tag`). */
export async function dockerArchiveImage(files: ArchiveFiles, name: string, tag?: string): Promise<ImageSource> {
  const entries = await files.readJson<DockerManifestEntry[]>('manifest.json');
  const entry = tag === undefined ? entries[0] : entries.find((e) => (e.RepoTags ?? []).some((t) => t === tag || t.endsWith(`/${tag}`)));
  if (entry === undefined) throw new BerthError('ARCHIVE_INVALID', `${name}: ${tag === undefined ? 'manifest.json lists no image' : `no image tagged ${tag} in the archive`}`);
  const config = await files.readJson<ImageConfig>(entry.Config);
  const configDigest = entry.Config.match(/([a-f0-9]{64})(\.json)?$/)?.[1];
  const layers: SourceLayer[] = entry.Layers.map((path, i) => ({
    digest: path.startsWith('blobs/') ? (path.slice(6).replace('/', ':') as Digest) : config.rootfs.diff_ids[i],
    size: 0,
    mediaType: 'application/vnd.docker.image.rootfs.diff.tar',
    open: () => files.open(path),
    location: files.locate(path),
  }));
  return { name, id: `sha256:${configDigest ?? ''}`, config, layers, close: () => files.close() };
}

/** The image of an OCI layout or archive for `platform` (default host), or the manifest tagged `tag`. */
export async function ociImage(files: ArchiveFiles, name: string, tag?: string, platform?: string): Promise<ImageSource> {
  const index = await files.readJson<Index>('index.json');
  const candidates = tag === undefined ? index.manifests : index.manifests.filter((m) => m.annotations?.['org.opencontainers.image.ref.name'] === tag);
  if (candidates.length === 0) throw new BerthError('ARCHIVE_INVALID', `${name}: ${tag === undefined ? 'index.json lists no manifest' : `no manifest named ${tag} in index.json`}`);
  const manifest = await resolveManifest(files, candidates, name, platform);
  const config = await files.readJson<ImageConfig>(blobPath(manifest.config.digest));
  const layers: SourceLayer[] = manifest.layers.map((layer) => ({
    digest: layer.digest,
    size: layer.size,
    mediaType: layer.mediaType,
    open: () => files.open(blobPath(layer.digest)),
    location: files.locate(blobPath(layer.digest)),
  }));
  return { name, id: manifest.config.digest, config, layers, close: () => files.close() };
}

async function resolveManifest(files: ArchiveFiles, candidates: Descriptor[], name: string, platform?: string): Promise<Manifest> {
  let descriptors = candidates;
  for (let depth = 0; depth < 4; depth++) {
    const chosen = descriptors.length === 1 && descriptors[0].platform === undefined ? descriptors[0] : choosePlatform(descriptors, name, platform);
    if (!isIndexMediaType(chosen.mediaType)) return files.readJson<Manifest>(blobPath(chosen.digest));
    descriptors = (await files.readJson<Index>(blobPath(chosen.digest))).manifests;
  }
  throw new BerthError('ARCHIVE_INVALID', `${name}: indexes nested too deeply`);
}
