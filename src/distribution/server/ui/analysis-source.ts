// The analyzer's view of an image held by this registry: manifest and config read from storage
// (verified), each layer streamed straight from the storage driver when the scanner asks for it.
// Nothing travels over HTTP and nothing is kept beyond the manifest and config.

import { BerthError, bestPlatformIndex, computeDigest, isIndexMediaType, parsePlatform, type Digest, type ImageConfig, type Index, type Manifest } from '../../../core/index.js';
import type { ImageSource } from '../../../analyze/index.js';
import type { RegistryStorage } from '../registry-storage.js';

/** The platform the layer page shows for an index when none is asked for. */
export const DEFAULT_UI_PLATFORM = 'linux/amd64';
const MAX_CONFIG_BYTES = 8 * 1024 * 1024;
const MAX_INDEX_DEPTH = 3;

async function readSmallBlob(storage: RegistryStorage, digest: Digest, what: string): Promise<Buffer> {
  const stream = await storage.openBlob(digest);
  if (!stream) throw new BerthError('IMAGE_NOT_FOUND', `${what}: blob ${digest} is not in storage`, { hint: 'push the image again' });
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    size += (chunk as Buffer).length;
    if (size > MAX_CONFIG_BYTES) {
      stream.destroy();
      throw new BerthError('CONFIG_INVALID', `${what}: config ${digest} is larger than ${MAX_CONFIG_BYTES} bytes`);
    }
    chunks.push(chunk as Buffer);
  }
  const bytes = Buffer.concat(chunks);
  if (computeDigest(bytes) !== digest) throw new BerthError('DIGEST_MISMATCH', `${what}: config ${digest} does not match its digest`, { hint: 'the stored blob is damaged; push the image again' });
  return bytes;
}

/**
 * Opens manifest `digest` of `repository` for analysis. An index resolves to the entry for
 * `platform` (default linux/amd64; PLATFORM_MISMATCH when none fits, PLATFORM_INVALID when the
 * specifier is malformed); IMAGE_NOT_FOUND when a manifest or blob is missing.
 */
export async function storageImageSource(storage: RegistryStorage, repository: string, digest: Digest, platform = DEFAULT_UI_PLATFORM): Promise<ImageSource> {
  const name = `${repository}@${digest}`;
  let stored = await storage.manifest(repository, digest);
  for (let depth = 0; stored && isIndexMediaType(stored.mediaType); depth++) {
    if (depth >= MAX_INDEX_DEPTH) throw new BerthError('MANIFEST_INVALID', `${name}: indexes nested too deeply`);
    const index = JSON.parse(stored.content.toString('utf8')) as Index;
    const entries = index.manifests ?? [];
    const best = bestPlatformIndex(parsePlatform(platform), entries.map((entry) => entry.platform));
    if (best < 0) throw new BerthError('PLATFORM_MISMATCH', `${name}: no manifest for platform ${platform}`, { hint: 'pick one of the index\'s platforms with ?platform=OS/ARCH' });
    stored = await storage.manifest(repository, entries[best].digest);
  }
  if (!stored) throw new BerthError('IMAGE_NOT_FOUND', `${name}: manifest not found in ${repository}`);
  const manifest = JSON.parse(stored.content.toString('utf8')) as Manifest;
  if (!manifest.config || !Array.isArray(manifest.layers)) throw new BerthError('MANIFEST_INVALID', `${name}: not an image manifest (no config or layers)`);
  const config = JSON.parse((await readSmallBlob(storage, manifest.config.digest, name)).toString('utf8')) as ImageConfig;
  return {
    name,
    id: manifest.config.digest,
    config,
    layers: manifest.layers.map((layer) => ({
      digest: layer.digest,
      size: layer.size,
      mediaType: layer.mediaType,
      open: async () => {
        const stream = await storage.openBlob(layer.digest);
        if (!stream) throw new BerthError('IMAGE_NOT_FOUND', `${name}: layer ${layer.digest} is not in storage`, { hint: 'push the image again' });
        return stream;
      },
    })),
    close: async () => undefined,
  };
}
