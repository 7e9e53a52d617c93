import { spawn } from 'node:child_process';
import { PassThrough, Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';

/** Compression formats recognised by their magic bytes. */
export type Compression = 'none' | 'gzip' | 'bzip2' | 'xz' | 'zstd';

/** Detects the compression of a stream from its first bytes (tar or anything else is `none`). */
export function detectCompression(head: Buffer): Compression {
  if (head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  if (head.subarray(0, 3).toString('latin1') === 'BZh') return 'bzip2';
  if (head.subarray(0, 6).equals(Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]))) return 'xz';
  if (head.subarray(0, 4).equals(Buffer.from([0x28, 0xb5, 0x2f, 0xfd]))) return 'zstd';
  return 'none';
}

/** True when `head` (at least 262 bytes) starts a POSIX/GNU tar archive. */
export function looksLikeTar(head: Buffer): boolean {
  return head.length >= 262 && head.subarray(257, 262).toString('latin1') === 'ustar';
}

const TOOLS: Record<Exclude<Compression, 'none' | 'gzip'>, string> = { bzip2: 'bzip2', xz: 'xz', zstd: 'zstd' };

/** Wraps `input` in a decompressor for `compression` (zlib for gzip, the system tools for the others). */
export function decompress(input: Readable, compression: Compression): Readable {
  if (compression === 'none') return input;
  if (compression === 'gzip') return input.pipe(createGunzip());
  const child = spawn(TOOLS[compression], ['-dc'], { stdio: ['pipe', 'pipe', 'pipe'] });
  const out = new PassThrough();
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
  input.on('error', (err) => out.destroy(err));
  input.pipe(child.stdin);
  child.stdin.on('error', () => undefined); // EPIPE when the tool fails; its exit status reports why
  child.stdout.pipe(out, { end: false });
  child.on('close', (code) => {
    if (code === 0) out.end();
    else out.destroy(new Error(`${TOOLS[compression]} -d failed (exit ${code}): ${stderr.trim()}`));
  });
  return out;
}

/** Reads the first `n` bytes of a stream and returns them plus a stream replaying everything. */
export function peek(input: Readable, n: number): Promise<{ head: Buffer; stream: Readable }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let length = 0;
    const finish = (ended: boolean): void => {
      input.off('data', onData);
      input.off('end', onEnd);
      input.off('error', reject);
      const head = Buffer.concat(chunks);
      if (ended) return resolve({ head, stream: Readable.from([head]) });
      input.pause();
      input.unshift(head);
      resolve({ head: head.subarray(0, n), stream: input });
    };
    const onData = (chunk: Buffer): void => {
      chunks.push(chunk);
      length += chunk.length;
      if (length >= n) finish(false);
    };
    const onEnd = (): void => finish(true);
    input.on('data', onData);
    input.once('end', onEnd);
    input.once('error', reject);
  });
}
