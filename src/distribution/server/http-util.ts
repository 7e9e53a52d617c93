import type { IncomingMessage, ServerResponse } from 'node:http';
import { RegistryError } from './errors.js';
import type { ChunkRange } from './uploads.js';

/** Sends a response with an optional JSON or raw body; Content-Length is always set. */
export function send(res: ServerResponse, status: number, headers: Record<string, string | number>, body?: Buffer | string | object): void {
  let payload: Buffer | string | undefined;
  if (body === undefined || typeof body === 'string' || Buffer.isBuffer(body)) payload = body;
  else {
    payload = JSON.stringify(body);
    headers = { 'Content-Type': 'application/json; charset=utf-8', ...headers };
  }
  res.writeHead(status, { ...headers, 'Content-Length': payload === undefined ? 0 : Buffer.byteLength(payload) });
  res.end(payload);
}

/**
 * Reads a whole request body of at most `limit` bytes; larger bodies (by Content-Length or by
 * what arrives) are refused with 413 SIZE_INVALID before they are buffered.
 */
export async function readBody(req: IncomingMessage, limit: number, what: string): Promise<Buffer> {
  const tooLarge = () => new RegistryError('SIZE_INVALID', `${what} is larger than the limit of ${limit} bytes`, { status: 413, detail: { limit } });
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) throw tooLarge();
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of req) {
    total += (chunk as Buffer).length;
    if (total > limit) throw tooLarge();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks, total);
}

/** Parses an upload's Content-Range (`start-end`, optionally with a `bytes` prefix and `/total`). */
export function parseContentRange(header: string | undefined): ChunkRange | undefined {
  if (header === undefined) return undefined;
  const match = /^(?:bytes[ =])?(\d+)-(\d+)(?:\/(?:\d+|\*))?$/.exec(header.trim());
  if (!match) throw new RegistryError('BLOB_UPLOAD_INVALID', `malformed Content-Range "${header}": expected <start>-<end>`, { status: 416 });
  const range = { start: Number(match[1]), end: Number(match[2]) };
  if (range.end < range.start) throw new RegistryError('BLOB_UPLOAD_INVALID', `Content-Range "${header}" ends before it starts`, { status: 416 });
  return range;
}

/**
 * Parses a GET's `Range: bytes=…` against a blob of `size` bytes. Returns undefined for no
 * (or an unsupported multi-) range, 'unsatisfiable' when it lies outside the blob.
 */
export function parseByteRange(header: string | undefined, size: number): ChunkRange | 'unsatisfiable' | undefined {
  if (header === undefined) return undefined;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match || (match[1] === '' && match[2] === '')) return undefined;
  let start: number;
  let end: number;
  if (match[1] === '') {
    start = Math.max(0, size - Number(match[2]));
    end = size - 1;
  } else {
    start = Number(match[1]);
    end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
  }
  if (start >= size || end < start) return 'unsatisfiable';
  return { start, end };
}

/** The media types an Accept header lists (parameters dropped), lowercased. */
export function acceptedTypes(header: string | undefined): string[] {
  if (!header) return [];
  return header.split(',').map((part) => part.split(';')[0].trim().toLowerCase()).filter(Boolean);
}
