// The distribution API of one repository: manifests, blob existence, resumable blob downloads,
// tags. Uploads live in upload.ts.
import { BerthError, computeDigest, DOCKER_MANIFEST, DOCKER_MANIFEST_LIST, isDigest, OCI_INDEX, OCI_MANIFEST, type Digest } from '../../core/index.js';
import { header, type RegistryClient } from './registry.js';
import { isNetworkError } from './retry.js';

/** Every manifest type berth understands, for the Accept header. */
export const MANIFEST_ACCEPT = [OCI_INDEX, DOCKER_MANIFEST_LIST, OCI_MANIFEST, DOCKER_MANIFEST].join(', ');
/** Manifests above this size are refused (distribution's own limit is 4 MiB). */
const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;

/** A fetched manifest or index, verified against its digest. */
export interface FetchedManifest {
  bytes: Buffer;
  mediaType: string;
  digest: Digest;
}

/** One repository of a registry (`library/busybox` on `docker.io`). */
export class Repository {
  constructor(readonly client: RegistryClient, readonly path: string, readonly pushing = false) {}

  /** The token scopes this repository's requests need. */
  get scopes(): string[] {
    return [`repository:${this.path}:${this.pushing ? 'pull,push' : 'pull'}`];
  }

  /** `host/path` as users name it. */
  get name(): string {
    return `${this.client.host}/${this.path}`;
  }

  /** Fetches a manifest by tag or digest; checks the digest (the one asked for, or the registry's Docker-Content-Digest). */
  async manifest(reference: string, expectedMediaType?: string): Promise<FetchedManifest> {
    const byDigest = isDigest(reference);
    const response = await this.client.send({
      method: 'GET',
      path: `/v2/${this.path}/manifests/${reference}`,
      scopes: this.scopes,
      headers: { accept: expectedMediaType ?? MANIFEST_ACCEPT },
      accept: [200],
      what: `manifest for ${this.name}${byDigest ? '@' : ':'}${reference}`,
    });
    const bytes = Buffer.from(await response.body.arrayBuffer());
    if (bytes.length > MAX_MANIFEST_BYTES) throw new BerthError('MANIFEST_TOO_LARGE', `manifest ${this.name}:${reference} is ${bytes.length} bytes, more than ${MAX_MANIFEST_BYTES}`);
    const claimed = byDigest ? (reference as Digest) : (header(response, 'docker-content-digest') as Digest | undefined);
    const digest = computeDigest(bytes, claimed?.startsWith('sha512:') ? 'sha512' : 'sha256');
    if (claimed !== undefined && claimed !== digest) {
      throw new BerthError('DIGEST_MISMATCH', `manifest ${this.name}@${claimed} from the registry hashes to ${digest}: refusing it`, { hint: 'the registry or a proxy altered the content; try again or check the registry' });
    }
    const mediaType = (JSON.parse(bytes.toString('utf8')) as { mediaType?: string }).mediaType ?? header(response, 'content-type') ?? OCI_MANIFEST;
    return { bytes, mediaType: mediaType.split(';')[0].trim(), digest };
  }

  /** True when the registry has the blob in this repository (HEAD). */
  async hasBlob(digest: Digest): Promise<boolean> {
    const response = await this.client.send({ method: 'HEAD', path: `/v2/${this.path}/blobs/${digest}`, scopes: this.scopes, accept: [200, 404], what: `blob ${digest} in ${this.name}` });
    await response.body.dump();
    return response.statusCode === 200;
  }

  /**
   * Streams a blob. A dropped connection or a body that ends short is resumed with a Range request
   * (or, when the registry ignores Range, by skipping what was already received), up to `retries` times.
   */
  async *blob(digest: Digest, size: number, retries = 4): AsyncGenerator<Buffer> {
    let received = 0;
    for (let attempt = 0; ; attempt++) {
      const range = received > 0 ? { range: `bytes=${received}-` } : undefined;
      const response = await this.client.send({
        method: 'GET',
        path: `/v2/${this.path}/blobs/${digest}`,
        scopes: this.scopes,
        headers: range,
        accept: [200, 206, 307, 302, 303],
        what: `blob ${digest} of ${this.name}`,
        });
      let skip = response.statusCode === 200 ? received : 0;
      try {
        for await (const chunk of response.body as AsyncIterable<Buffer>) {
          if (skip >= chunk.length) {
            skip -= chunk.length;
            continue;
          }
          const part = skip > 0 ? chunk.subarray(skip) : chunk;
          skip = 0;
          received += part.length;
          yield part;
        }
        if (received >= size) return;
      } catch (err) {
        if (!isNetworkError(err) || attempt >= retries) throw err;
        continue;
      }
      if (attempt >= retries) {
        throw new BerthError('BLOB_TRUNCATED', `blob ${digest} from ${this.name} was truncated: got ${received} of ${size} bytes after ${attempt + 1} attempts`);
      }
    }
  }

  /** Every tag of the repository (following `Link` pagination). */
  async tags(): Promise<string[]> {
    const tags: string[] = [];
    for (let path: string | undefined = `/v2/${this.path}/tags/list?n=1000`; path !== undefined; ) {
      const response = await this.client.send({ method: 'GET', path, scopes: this.scopes, accept: [200], what: `tags of ${this.name}` });
      tags.push(...(((await response.body.json()) as { tags?: string[] | null }).tags ?? []));
      path = /<([^>]+)>;\s*rel="?next"?/.exec(header(response, 'link') ?? '')?.[1];
    }
    return tags;
  }
}
