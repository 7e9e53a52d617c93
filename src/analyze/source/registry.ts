// Images in a registry, analysed without pulling them into the store: manifest and config are
// fetched (verified), each layer blob is streamed once straight into the scanner (its content is
// checked against the config's diff_ids as it streams).

import { Readable } from 'node:stream';
import { BerthError, computeDigest, isIndexMediaType, normalizeReference, type ImageConfig, type Index, type Manifest } from '../../core/index.js';
import { choosePlatform } from './platform.js';
import type { ImageSource } from './types.js';

/** Opens `reference` (`localhost:5000/app:1`, `docker.io/library/busybox@sha256:…`) in its registry; `name` is what reports show. */
export async function registrySource(reference: string, platform?: string, name = reference): Promise<ImageSource> {
  const { RegistryClient, Repository } = await import('../../distribution/client/index.js');
  const ref = normalizeReference(reference);
  const client = await RegistryClient.open(ref.domain);
  try {
    const repository = new Repository(client, ref.path);
    let fetched = await repository.manifest(ref.digest ?? (ref.tag as string));
    for (let depth = 0; isIndexMediaType(fetched.mediaType); depth++) {
      if (depth > 3) throw new BerthError('REGISTRY_PROTOCOL', `${reference}: indexes nested too deeply`);
      const index = JSON.parse(fetched.bytes.toString('utf8')) as Index;
      fetched = await repository.manifest(choosePlatform(index.manifests, reference, platform).digest);
    }
    const manifest = JSON.parse(fetched.bytes.toString('utf8')) as Manifest;
    const chunks: Buffer[] = [];
    for await (const chunk of repository.blob(manifest.config.digest, manifest.config.size)) chunks.push(chunk);
    const configBytes = Buffer.concat(chunks);
    if (computeDigest(configBytes) !== manifest.config.digest) throw new BerthError('DIGEST_MISMATCH', `config ${manifest.config.digest} of ${reference} does not match its digest`);
    return {
      name,
      id: manifest.config.digest,
      config: JSON.parse(configBytes.toString('utf8')) as ImageConfig,
      layers: manifest.layers.map((layer) => ({
        digest: layer.digest,
        size: layer.size,
        mediaType: layer.mediaType,
        open: async () => Readable.from(repository.blob(layer.digest, layer.size), { objectMode: false }),
      })),
      close: () => client.close(),
    };
  } catch (err) {
    await client.close();
    throw err;
  }
}
