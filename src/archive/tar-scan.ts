// A tar header scanner for bytes flowing past: checks that they are a well-formed tar (every
// header checksum right, no entry cut short) and adds up docker's layer size (regular file
// bytes plus symlink target lengths, as overlay2 counts it) without parsing entries into
// objects, so it costs almost nothing on a stream of a gigabyte.

import { Transform, type TransformCallback } from 'node:stream';
import { BerthError } from '../core/index.js';

const BLOCK = 512;
/** Types whose size field does not announce data (Go's archive/tar isHeaderOnlyType). */
const HEADER_ONLY = new Set(['1', '2', '3', '4', '5', '6']);
/** Types whose data is kept to read: PAX extended headers and GNU long link names. */
const META = new Set(['x', 'K']);
const MAX_META = 1024 * 1024;

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

/** PAX records (`LEN key=value\n`) that matter here: size and linkpath. */
function paxRecords(data: Buffer): { size?: number; linkpath?: string } {
  const out: { size?: number; linkpath?: string } = {};
  let at = 0;
  while (at < data.length) {
    const space = data.indexOf(0x20, at);
    const length = parseInt(data.toString('latin1', at, space), 10);
    if (space === -1 || !(length > 0)) break;
    const record = data.toString('utf8', space + 1, at + length - 1);
    const eq = record.indexOf('=');
    if (record.slice(0, eq) === 'size') out.size = Number(record.slice(eq + 1));
    if (record.slice(0, eq) === 'linkpath') out.linkpath = record.slice(eq + 1);
    at += length;
  }
  return out;
}

/** Scans tar bytes pushed in order. */
export class TarScanner {
  /** Headers seen (PAX and GNU meta headers included). */
  entries = 0;
  /** docker's size of the layer: regular file bytes + symlink target byte lengths. */
  contentSize = 0;
  private pending = Buffer.alloc(0);
  private skip = 0;
  private ended = false;
  private meta?: { type: string; left: number; chunks: Buffer[] };
  private next: { size?: number; linkpath?: string } = {};
  private failure?: string;

  /** Feeds the next bytes; returns why they are not a tar, or undefined while all is well. */
  push(chunk: Buffer): string | undefined {
    if (this.failure === undefined) this.failure = this.scan(chunk);
    return this.failure;
  }

  /** Call at the end of input: why the bytes were not a complete tar, or undefined. */
  finish(): string | undefined {
    if (this.failure !== undefined) return this.failure;
    if (this.skip > 0 || this.pending.length > 0) return 'unexpected end of input inside an entry';
    if (this.entries === 0) return 'no entries';
    return undefined;
  }

  private scan(chunk: Buffer): string | undefined {
    let offset = 0;
    while (!this.ended && offset < chunk.length) {
      if (this.skip > 0) {
        const step = Math.min(this.skip, chunk.length - offset);
        if (this.meta !== undefined) this.collectMeta(chunk.subarray(offset, offset + step));
        this.skip -= step;
        offset += step;
        continue;
      }
      const need = BLOCK - this.pending.length;
      this.pending = Buffer.concat([this.pending, chunk.subarray(offset, offset + need)]);
      offset += Math.min(need, chunk.length - offset);
      if (this.pending.length < BLOCK) break;
      const problem = this.header(this.pending);
      this.pending = Buffer.alloc(0);
      if (problem !== undefined) return problem;
    }
    return undefined;
  }

  private header(block: Buffer): string | undefined {
    if (block.every((b) => b === 0)) {
      this.ended = true;
      return undefined;
    }
    if (!checksumOk(block)) return 'bad header checksum';
    this.entries++;
    const type = String.fromCharCode(block[156]);
    const size = this.next.size ?? octal(block, 124, 12);
    const dataSize = HEADER_ONLY.has(type) ? 0 : size;
    if (META.has(type)) {
      if (dataSize > MAX_META) return 'extended header too large';
      this.meta = { type, left: dataSize, chunks: [] };
      if (dataSize === 0) this.collectMeta(Buffer.alloc(0));
    } else {
      if (type === '0' || type === '\0' || type === '7') this.contentSize += size;
      if (type === '2') this.contentSize += Buffer.byteLength(this.next.linkpath ?? block.toString('utf8', 157, 257).replace(/\0.*$/s, ''));
      this.next = {};
    }
    this.skip = Math.ceil(dataSize / BLOCK) * BLOCK;
    return undefined;
  }

  private collectMeta(bytes: Buffer): void {
    const meta = this.meta!;
    const useful = bytes.subarray(0, Math.max(0, meta.left));
    meta.chunks.push(useful);
    meta.left -= useful.length;
    if (meta.left > 0) return;
    const data = Buffer.concat(meta.chunks);
    if (meta.type === 'x') this.next = { ...this.next, ...paxRecords(data) };
    else this.next = { ...this.next, linkpath: data.toString('utf8').replace(/\0.*$/s, '') };
    this.meta = undefined;
  }
}

/**
 * A pass-through that scans what flows through. Strict (default): errors with IMPORT_INVALID,
 * naming `source`, when the bytes are not a complete tar. Lenient: never errors; read
 * `scanner.finish()` afterwards to learn whether they were one.
 */
export function tarScan(source: string, options: { lenient?: boolean } = {}): Transform & { scanner: TarScanner } {
  const scanner = new TarScanner();
  const fail = (why: string) => new BerthError('IMPORT_INVALID', `cannot import ${source}: not a valid tar archive: ${why} (after ${scanner.entries} entries)`);
  const stream = new Transform({
    transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback) {
      const problem = scanner.push(chunk);
      callback(problem !== undefined && !options.lenient ? fail(problem) : null, chunk);
    },
    flush(callback: TransformCallback) {
      const problem = scanner.finish();
      callback(problem !== undefined && !options.lenient ? fail(problem) : null);
    },
  });
  return Object.assign(stream, { scanner });
}
