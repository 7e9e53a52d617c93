import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { utimes } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { BerthError } from '../../core/index.js';

/** True for the sources ADD downloads. */
export function isUrl(source: string): boolean {
  return /^https?:\/\//i.test(source);
}

/** The file name ADD gives a download: the URL path's last component. */
export function urlFileName(url: string): string {
  const name = posix.basename(new URL(url).pathname);
  return name === '' || name === '/' ? 'index.html' : decodeURIComponent(name);
}

/**
 * Downloads `url` into `dir` for ADD: mode 0600, mtime from Last-Modified, checked against
 * `--checksum` when given. Returns the file path and its sha256 digest.
 */
export async function downloadUrl(url: string, dir: string, checksum?: string, signal?: AbortSignal): Promise<{ path: string; digest: string }> {
  const response = await fetch(url, { signal }).catch((err: Error) => {
    throw new BerthError('ADD_DOWNLOAD', `failed to load ${url}: ${err.message}`);
  });
  if (!response.ok || !response.body) throw new BerthError('ADD_DOWNLOAD', `failed to load ${url}: invalid response status ${response.status}`);
  const path = join(dir, urlFileName(url));
  const hash = createHash('sha256');
  const body = Readable.fromWeb(response.body as import('node:stream/web').ReadableStream<Uint8Array>);
  body.on('data', (chunk: Buffer) => hash.update(chunk));
  await pipeline(body, createWriteStream(path, { mode: 0o600 }));
  const digest = `sha256:${hash.digest('hex')}`;
  if (checksum && checksum !== digest) throw new BerthError('ADD_CHECKSUM', `digest mismatch for ${url}: expected ${checksum}, got ${digest}`);
  const modified = response.headers.get('last-modified');
  const time = modified ? new Date(modified) : new Date(0);
  await utimes(path, time, time);
  return { path, digest };
}
