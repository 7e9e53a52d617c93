import { accessSync, constants as fsConstants } from 'node:fs';
import { availableParallelism } from 'node:os';
import { delimiter, join } from 'node:path';
import { PassThrough, Readable, type Duplex } from 'node:stream';
import { createGunzip, createGzip } from 'node:zlib';
import { BerthError } from '../../core/index.js';
import type { Compression, CompressOptions, DetectedCompression } from '../types.js';
import { childProcessStream } from './child-stream.js';
import { DelegatingDuplex } from './delegating-duplex.js';
import { detectCompression, MAGIC_LENGTH } from './detect.js';

export { detectCompression } from './detect.js';

const DECOMPRESSORS: Record<'zstd' | 'bzip2' | 'xz', [string, string[]]> = {
  zstd: ['zstd', ['-d', '-c', '-q']],
  bzip2: ['bzip2', ['-d', '-c', '-q']],
  xz: ['xz', ['-d', '-c', '-q', '-T0']],
};

function threads(parallel: boolean | number): number {
  return parallel === true ? availableParallelism() : Math.max(1, Number(parallel));
}

/** True when `program` is an executable somewhere on PATH. */
function onPath(program: string): boolean {
  return (process.env.PATH ?? '').split(delimiter).some((dir) => {
    try {
      accessSync(join(dir, program), fsConstants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

function gzipError(what: string) {
  return (err: Error): Error => {
    const code = (err as NodeJS.ErrnoException).code;
    const reason = code === 'Z_BUF_ERROR' ? 'the data is truncated (unexpected end of file)' : err.message;
    return new BerthError('LAYER_CORRUPT', `${what} failed: ${reason}`, { cause: err, hint: 'the gzip stream is incomplete or damaged; fetch or export it again' });
  };
}

/**
 * A streaming compressor: gzip through node:zlib (or pigz with `parallel` when it is installed;
 * its output is deterministic and independent of the thread count), zstd through the `zstd`
 * binary with all cores.
 */
export function compress(compression: Compression, options: CompressOptions = {}): Duplex {
  if (compression === 'none') return new PassThrough();
  if (compression === 'zstd') {
    return childProcessStream('zstd', ['-c', '-q', `-${options.level ?? 3}`, '-T0'], 'zstd compression');
  }
  const level = options.level ?? 6;
  if (options.parallel && threads(options.parallel) > 1 && onPath('pigz')) {
    return childProcessStream('pigz', ['-c', '-n', `-${level}`, '-p', String(threads(options.parallel))], 'gzip compression (pigz)');
  }
  const gzip = createGzip({ level, chunkSize: 64 * 1024 });
  return new DelegatingDuplex(gzip, gzip, gzipError('gzip compression'));
}

/** A streaming decompressor for the given compression ('none' is a pass-through). Truncated or damaged input fails with LAYER_CORRUPT. */
export function decompress(compression: DetectedCompression): Duplex {
  if (compression === 'none') return new PassThrough();
  if (compression === 'gzip') {
    const gunzip = createGunzip({ chunkSize: 64 * 1024 });
    return new DelegatingDuplex(gunzip, gunzip, gzipError('gzip decompression'));
  }
  const [command, args] = DECOMPRESSORS[compression];
  return childProcessStream(command, args, `${compression} decompression`);
}

/** Reads the first bytes of `input` (without losing them) and returns them with a stream of the whole input. */
export async function peek(input: Readable | AsyncIterable<Buffer>, length: number): Promise<{ head: Buffer; stream: Readable }> {
  const iterator = input[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const seen: Buffer[] = [];
  let seenLength = 0;
  while (seenLength < length) {
    const next = await iterator.next();
    if (next.done) break;
    seen.push(next.value);
    seenLength += next.value.length;
  }
  async function* replay(): AsyncGenerator<Buffer> {
    let complete = false;
    try {
      yield* seen;
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
      complete = true;
    } finally {
      if (!complete) await iterator.return?.();
    }
  }
  return { head: Buffer.concat(seen).subarray(0, length), stream: Readable.from(replay(), { objectMode: false }) };
}

/** Peeks at the first bytes of `input`, then returns its compression and the decompressed stream. */
export async function decompressAuto(input: Readable | AsyncIterable<Buffer>): Promise<{ compression: DetectedCompression; stream: Readable }> {
  const { head, stream } = await peek(input, MAGIC_LENGTH);
  const compression = detectCompression(head);
  if (compression === 'none') return { compression, stream };
  const decompressor = decompress(compression);
  stream.on('error', (err) => decompressor.destroy(err));
  return { compression, stream: stream.pipe(decompressor) };
}
