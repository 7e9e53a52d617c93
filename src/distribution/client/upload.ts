// Blob uploads: skip what the registry has (HEAD), mount from another repository of the same
// registry, else upload — in one PUT for small blobs, in resumable PATCH chunks for large ones.
import { Transform, type Readable } from 'node:stream';
import { BerthError, isBerthError, type Digest } from '../../core/index.js';
import { header, type RegistryResponse } from './registry.js';
import type { Repository } from './repository.js';
import { backoffMs, isNetworkError, sleep } from './retry.js';

/** A blob to upload, readable in byte ranges. */
export interface UploadSource {
  digest: Digest;
  size: number;
  /** Opens the blob, or the inclusive byte range `start`..`end` of it. */
  open(range?: { start: number; end: number }): Promise<Readable>;
}

/** Options of uploadBlob. */
export interface UploadOptions {
  /** Other repositories of the same registry that may have the blob (cross-repository mount). */
  mountFrom?: string[];
  /** Blobs larger than this go up in PATCH chunks of this size (default 64 MiB). */
  chunkSize?: number;
  /** Called with the number of bytes sent since the last call. */
  onBytes?: (bytes: number) => void;
  /** Attempts after the first for a failed transfer (default 4). */
  retries?: number;
}

/** What uploadBlob did: nothing (`exists`), a mount (with the source repository), or an upload. */
export type UploadOutcome = { kind: 'exists' } | { kind: 'mounted'; from: string } | { kind: 'pushed' };

/** The default chunk size of large uploads. */
export const DEFAULT_CHUNK_SIZE = 64 * 1024 * 1024;

/** Uploads `source` to `repository` unless it is there already. */
export async function uploadBlob(repository: Repository, source: UploadSource, options: UploadOptions = {}): Promise<UploadOutcome> {
  if (await repository.hasBlob(source.digest)) return { kind: 'exists' };
  let location: string | undefined;
  for (const from of options.mountFrom ?? []) {
    const response = await startUpload(repository, `?mount=${source.digest}&from=${encodeURIComponent(from)}`, [`repository:${from}:pull`]);
    if (response.statusCode === 201) return { kind: 'mounted', from };
    location = uploadLocation(repository, response);
    break;
  }
  const chunkSize = options.chunkSize ?? DEFAULT_CHUNK_SIZE;
  const retries = options.retries ?? 4;
  for (let attempt = 0; ; attempt++) {
    try {
      location ??= uploadLocation(repository, await startUpload(repository, '', []));
      if (source.size <= chunkSize) await putWhole(repository, location, source, options.onBytes);
      else await putChunks(repository, location, source, chunkSize, retries, options.onBytes);
      return { kind: 'pushed' };
    } catch (err) {
      if (!transient(err) || attempt >= retries) throw err;
      location = undefined;
      await sleep(backoffMs(attempt));
    }
  }
}

/** Failures worth another try of a data request: dropped connections, 5xx and 429 answers. */
function transient(err: unknown): boolean {
  return isNetworkError(err) || isBerthError(err, 'REGISTRY_ERROR') || isBerthError(err, 'REGISTRY_TOO_MANY_REQUESTS');
}

async function startUpload(repository: Repository, query: string, extraScopes: string[]): Promise<RegistryResponse> {
  const response = await repository.client.send({
    method: 'POST',
    path: `/v2/${repository.path}/blobs/uploads/${query}`,
    scopes: [...repository.scopes, ...extraScopes],
    headers: { 'content-length': '0' },
    accept: [201, 202],
    what: `push access to ${repository.name}`,
  });
  await response.body.dump();
  return response;
}

function uploadLocation(repository: Repository, response: RegistryResponse): string {
  const location = header(response, 'location');
  if (!location) throw new BerthError('REGISTRY_PROTOCOL', `${repository.name}: the registry started an upload without a Location header`);
  return location;
}

/** Resolves an upload Location against the registry and adds query parameters. */
function withQuery(location: string, base: string, params: Record<string, string>): string {
  const url = new URL(location, base);
  for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
  return url.toString();
}

function counting(stream: Readable, onBytes?: (bytes: number) => void): Readable {
  if (!onBytes) return stream;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      onBytes(chunk.length);
      callback(null, chunk);
    },
  });
  stream.on('error', (err) => counter.destroy(err));
  counter.on('close', () => stream.destroy());
  return stream.pipe(counter);
}

async function putWhole(repository: Repository, location: string, source: UploadSource, onBytes?: (bytes: number) => void): Promise<void> {
  const body = counting(await source.open(), onBytes);
  const response = await repository.client.send({
    method: 'PUT',
    path: withQuery(location, await repository.client.baseUrlOf(), { digest: source.digest }),
    scopes: repository.scopes,
    headers: { 'content-type': 'application/octet-stream', 'content-length': String(source.size) },
    body: () => body,
    accept: [201, 204],
    what: `upload of ${source.digest} to ${repository.name}`,
    retry: false,
  }).finally(() => body.destroy());
  await response.body.dump();
}

async function putChunks(repository: Repository, start: string, source: UploadSource, chunkSize: number, retries: number, onBytes?: (bytes: number) => void): Promise<void> {
  const base = await repository.client.baseUrlOf();
  let location = start;
  let offset = 0;
  let failures = 0;
  while (offset < source.size) {
    const end = Math.min(offset + chunkSize, source.size) - 1;
    try {
      const body = counting(await source.open({ start: offset, end }), onBytes);
      const response = await repository.client.send({
        method: 'PATCH',
        path: new URL(location, base).toString(),
        scopes: repository.scopes,
        headers: { 'content-type': 'application/octet-stream', 'content-length': String(end - offset + 1), 'content-range': `${offset}-${end}` },
        body: () => body,
        accept: [202],
        what: `upload of ${source.digest} to ${repository.name}`,
        retry: false,
      }).finally(() => body.destroy());
      await response.body.dump();
      location = uploadLocation(repository, response);
      offset = end + 1;
    } catch (err) {
      if (!transient(err) || ++failures > retries) throw err;
      await sleep(backoffMs(failures - 1));
      ({ location, offset } = await uploadStatus(repository, location, base));
    }
  }
  const response = await repository.client.send({
    method: 'PUT',
    path: withQuery(location, base, { digest: source.digest }),
    scopes: repository.scopes,
    headers: { 'content-length': '0' },
    accept: [201, 204],
    what: `upload of ${source.digest} to ${repository.name}`,
  });
  await response.body.dump();
}

/** Where an interrupted chunked upload stands (`Range: 0-N` → resume at N+1). */
async function uploadStatus(repository: Repository, location: string, base: string): Promise<{ location: string; offset: number }> {
  const response = await repository.client.send({ method: 'GET', path: new URL(location, base).toString(), scopes: repository.scopes, accept: [204], what: `upload status at ${repository.name}` });
  await response.body.dump();
  const range = /^(?:bytes=)?0-(\d+)$/.exec(header(response, 'range') ?? '');
  return { location: header(response, 'location') ?? location, offset: range ? Number(range[1]) + 1 : 0 };
}
