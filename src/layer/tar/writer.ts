import { Readable } from 'node:stream';
import { BerthError } from '../../core/index.js';
import type { TarInput } from '../types.js';
import { BLOCK, encodeHeader, padding } from './header.js';
import { prefetch } from './prefetch.js';

const END_OF_ARCHIVE = Buffer.alloc(2 * BLOCK);
/** Small pieces (headers, small files) are gathered into chunks of about this size before being pushed. */
const BATCH_SIZE = 64 * 1024;

function bodyOf(input: TarInput): AsyncIterable<Buffer> | Buffer | undefined {
  return typeof input.body === 'function' ? input.body() : input.body;
}

/** Yields exactly header.size bytes of the body; throws when it is shorter, ignores anything longer. */
async function* sizedBody(input: TarInput): AsyncGenerator<Buffer> {
  const body = bodyOf(input);
  const size = input.header.size;
  let written = 0;
  if (Buffer.isBuffer(body)) {
    written = Math.min(body.length, size);
    if (written > 0) yield body.subarray(0, written);
  } else if (body !== undefined) {
    for await (const chunk of body) {
      const take = Math.min(chunk.length, size - written);
      if (take > 0) yield take === chunk.length ? chunk : chunk.subarray(0, take);
      written += take;
      if (written >= size) break;
    }
  }
  if (written < size) {
    throw new BerthError('LAYER_IO', `tar entry "${input.header.path}" has ${written} bytes but its header says ${size}`, {
      hint: 'the file changed while it was being archived; retry when it is no longer being written',
    });
  }
}

async function* tarChunks(entries: AsyncIterable<TarInput> | Iterable<TarInput>): AsyncGenerator<Buffer> {
  let batch: Buffer[] = [];
  let batched = 0;
  const add = (piece: Buffer) => {
    batch.push(piece);
    batched += piece.length;
  };
  const take = () => {
    const out = batch.length === 1 ? batch[0]! : Buffer.concat(batch, batched);
    batch = [];
    batched = 0;
    return out;
  };
  for await (const input of prefetch(entries)) {
    add(encodeHeader(input.header));
    if (input.header.type !== 'file' || input.header.size === 0) {
      if (batched >= BATCH_SIZE) yield take();
      continue;
    }
    for await (const chunk of sizedBody(input)) {
      if (chunk.length >= BATCH_SIZE) {
        if (batched > 0) yield take();
        yield chunk;
      } else {
        add(chunk);
        if (batched >= BATCH_SIZE) yield take();
      }
    }
    const pad = padding(input.header.size);
    if (pad > 0) add(END_OF_ARCHIVE.subarray(0, pad));
    if (batched >= BATCH_SIZE) yield take();
  }
  add(END_OF_ARCHIVE);
  yield take();
}

/**
 * Writes entries as a PAX-format tar (ustar headers, PAX records only where needed: long or
 * non-ASCII names and link targets, xattrs, ids or sizes beyond ustar's range). Bodies are
 * streamed, never buffered whole. mtimes are written as whole seconds, like docker.
 */
export function writeTar(entries: AsyncIterable<TarInput> | Iterable<TarInput>): Readable {
  return Readable.from(tarChunks(entries), { objectMode: false, highWaterMark: BATCH_SIZE });
}
