import { RegistryError } from '../errors.js';
import { parseContentRange, send } from '../http-util.js';
import { requireDigest } from '../names.js';
import { uploadRange } from '../uploads.js';
import type { RouteContext } from '../context.js';
import type { Digest } from '../../../core/index.js';

function uploadLocation(ctx: RouteContext, id: string): string {
  return `/v2/${ctx.name}/blobs/uploads/${id}`;
}

function sendCreated(ctx: RouteContext, digest: Digest): void {
  send(ctx.res, 201, { Location: `/v2/${ctx.name}/blobs/${digest}`, 'Docker-Content-Digest': digest });
}

function sendProgress(ctx: RouteContext, id: string, size: number, status: number): void {
  send(ctx.res, status, { Location: uploadLocation(ctx, id), Range: uploadRange(size), 'Docker-Upload-UUID': id });
}

/** True when the request carries a body (a declared length above 0 or chunked encoding). */
function hasBody(ctx: RouteContext): boolean {
  const length = ctx.req.headers['content-length'];
  if (length !== undefined) return Number(length) > 0;
  return ctx.req.headers['transfer-encoding'] !== undefined;
}

/**
 * `POST /v2/<name>/blobs/uploads/`: mounts a blob from another repository (`?mount=&from=`),
 * takes a whole blob at once (`?digest=`), or opens an upload session.
 */
export async function startUpload(ctx: RouteContext): Promise<void> {
  const { storage, uploads } = ctx.registry;
  const mount = ctx.url.searchParams.get('mount');
  const from = ctx.url.searchParams.get('from');
  if (mount !== null && from !== null && ctx.grant.allows(from, 'pull')) {
    const digest = requireDigest(mount);
    if ((await storage.blobSize(from, digest)) !== undefined) {
      await storage.linkBlob(ctx.name, digest);
      sendCreated(ctx, digest);
      return;
    }
  }
  const digestParam = ctx.url.searchParams.get('digest');
  const id = await uploads.create(ctx.name);
  if (digestParam !== null) {
    const digest = requireDigest(digestParam);
    await uploads.complete(ctx.name, id, digest, ctx.req);
    sendCreated(ctx, digest);
    return;
  }
  sendProgress(ctx, id, 0, 202);
}

/** `PATCH /v2/<name>/blobs/uploads/<id>`: appends a chunk (streamed, or with Content-Range). */
export async function patchUpload(ctx: RouteContext): Promise<void> {
  const range = parseContentRange(ctx.req.headers['content-range']);
  const size = await ctx.registry.uploads.append(ctx.name, ctx.param, ctx.req, range);
  sendProgress(ctx, ctx.param, size, 202);
}

/** `PUT /v2/<name>/blobs/uploads/<id>?digest=`: the optional last chunk, then verify and store. */
export async function finishUpload(ctx: RouteContext): Promise<void> {
  const digestParam = ctx.url.searchParams.get('digest');
  if (digestParam === null) {
    throw new RegistryError('DIGEST_INVALID', 'finishing an upload needs ?digest=<algorithm>:<hex> of the whole blob', { detail: { digest: null } });
  }
  const digest = requireDigest(digestParam);
  const range = parseContentRange(ctx.req.headers['content-range']);
  await ctx.registry.uploads.complete(ctx.name, ctx.param, digest, hasBody(ctx) ? ctx.req : undefined, range);
  sendCreated(ctx, digest);
}

/** `GET /v2/<name>/blobs/uploads/<id>`: 204 with how many bytes the session holds. */
export async function uploadStatus(ctx: RouteContext): Promise<void> {
  const size = await ctx.registry.uploads.size(ctx.name, ctx.param);
  sendProgress(ctx, ctx.param, size, 204);
}

/** `DELETE /v2/<name>/blobs/uploads/<id>`: cancels the session. */
export async function cancelUpload(ctx: RouteContext): Promise<void> {
  await ctx.registry.uploads.cancel(ctx.name, ctx.param);
  send(ctx.res, 204, {});
}
