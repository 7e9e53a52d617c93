import { Readable } from 'node:stream';

/** True when `head` (at least 262 bytes) starts a POSIX/GNU tar archive. */
export function looksLikeTar(head: Buffer): boolean {
  return head.length >= 262 && head.subarray(257, 262).toString('latin1') === 'ustar';
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
