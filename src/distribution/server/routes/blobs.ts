import { pipeline } from 'node:stream/promises';
import { RegistryError } from '../errors.js';
import { parseByteRange, send } from '../http-util.js';
import { requireDigest } from '../names.js';
import type { RouteContext } from '../context.js';
import type { Digest } from '../../../core/index.js';

function blobUnknown(name: string, digest: Digest): RegistryError {
  return new RegistryError('BLOB_UNKNOWN', `blob ${digest} is not in repository ${name}`, { detail: { digest } });
}

/** `GET|HEAD /v2/<name>/blobs/<digest>`: the blob, whole or a `Range` of it. */
export async function getBlob(ctx: RouteContext): Promise<void> {
  const digest = requireDigest(ctx.param);
  const head = ctx.req.method === 'HEAD';
  const { storage } = ctx.registry;
  // A HEAD usually precedes a decision to skip the upload: keep the blob safe from gc a while.
  const size = head ? await storage.touchBlob(ctx.name, digest) : await storage.blobSize(ctx.name, digest);
  if (size === undefined) throw blobUnknown(ctx.name, digest);
  const etag = `"${digest}"`;
  const headers: Record<string, string | number> = {
    'Content-Type': 'application/octet-stream',
    'Docker-Content-Digest': digest,
    ETag: etag,
    'Accept-Ranges': 'bytes',
    'Cache-Control': 'max-age=31536000',
  };
  if (ctx.req.headers['if-none-match'] === etag) {
    ctx.res.writeHead(304, headers);
    ctx.res.end();
    return;
  }
  const range = parseByteRange(ctx.req.headers.range, size);
  if (range === 'unsatisfiable') {
    throw new RegistryError('BLOB_UNKNOWN', `range ${ctx.req.headers.range} is outside blob ${digest} of ${size} bytes`, { status: 416, headers: { 'Content-Range': `bytes */${size}` } });
  }
  const status = range ? 206 : 200;
  if (range) headers['Content-Range'] = `bytes ${range.start}-${range.end}/${size}`;
  headers['Content-Length'] = range ? range.end - range.start + 1 : size;
  if (head) {
    ctx.res.writeHead(status, headers);
    ctx.res.end();
    return;
  }
  const stream = await storage.openBlob(digest, range);
  if (!stream) throw blobUnknown(ctx.name, digest);
  ctx.res.writeHead(status, headers);
  await pipeline(stream, ctx.res);
}

/** `DELETE /v2/<name>/blobs/<digest>`: unlinks the blob from the repository (gc reclaims the bytes). */
export async function deleteBlob(ctx: RouteContext): Promise<void> {
  const digest = requireDigest(ctx.param);
  if (!ctx.registry.deleteEnabled) throw deletesDisabled();
  if (!(await ctx.registry.storage.unlinkBlob(ctx.name, digest))) throw blobUnknown(ctx.name, digest);
  send(ctx.res, 202, { 'Docker-Content-Digest': digest });
}

/** The error for any DELETE while deletes are off. */
export function deletesDisabled(): RegistryError {
  return new RegistryError('UNSUPPORTED', 'deletes are disabled on this registry: enable them with storage.delete.enabled (or --delete)');
}
