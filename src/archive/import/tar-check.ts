// A pass-through that checks what flows through is a well-formed tar — every header's checksum
// right, no entry cut short — without parsing entries into objects, so a rootfs that is not a
// tar fails while it is being stored, at almost no cost to the stream.

import { Transform, type TransformCallback } from 'node:stream';
import { BerthError } from '../../core/index.js';

const BLOCK = 512;
/** Types whose size field does not announce data (Go's archive/tar isHeaderOnlyType). */
const HEADER_ONLY = new Set(['1', '2', '3', '4', '5', '6']);

function octal(block: Buffer, start: number, length: number): number {
  if (block[start] & 0x80) {
    let value = block[start] & 0x7f;
    for (let i = start + 1; i < start + length; i++) value = value * 256 + block[i];
    return value;
  }
  const text = block.toString('latin1', start, start + length).replace(/\0.*$/s, '').trim();
  return text === '' ? 0 : parseInt(text, 8);
}

function checksumOk(block: Buffer): boolean {
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : block[i];
  return octal(block, 148, 8) === sum;
}

/** Passes bytes through unchanged; errors with IMPORT_INVALID when they are not a complete tar. */
export function tarCheck(source: string): Transform {
  let pending = Buffer.alloc(0);
  let skip = 0;
  let ended = false;
  let entries = 0;
  const fail = (why: string) => new BerthError('IMPORT_INVALID', `cannot import ${source}: not a valid tar archive: ${why} (after ${entries} entries)`);
  const scan = (chunk: Buffer): Error | undefined => {
    let offset = 0;
    while (!ended && offset < chunk.length) {
      if (skip > 0) {
        const step = Math.min(skip, chunk.length - offset);
        skip -= step;
        offset += step;
        continue;
      }
      const need = BLOCK - pending.length;
      pending = Buffer.concat([pending, chunk.subarray(offset, offset + need)]);
      offset += Math.min(need, chunk.length - offset);
      if (pending.length < BLOCK) break;
      const header = pending;
      pending = Buffer.alloc(0);
      if (header.every((b) => b === 0)) {
        ended = true;
        break;
      }
      if (!checksumOk(header)) return fail('bad header checksum');
      entries++;
      const size = HEADER_ONLY.has(String.fromCharCode(header[156])) ? 0 : octal(header, 124, 12);
      skip = Math.ceil(size / BLOCK) * BLOCK;
    }
    return undefined;
  };
  return new Transform({
    transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback) {
      callback(scan(chunk) ?? null, chunk);
    },
    flush(callback: TransformCallback) {
      if (skip > 0 || pending.length > 0) return callback(fail('unexpected end of input inside an entry'));
      if (entries === 0) return callback(fail('no entries'));
      callback();
    },
  });
}
