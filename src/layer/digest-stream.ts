import { createHash, type Hash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import type { Digest } from '../core/index.js';

/** A pass-through Transform that hashes and counts every byte flowing through; read `digest` and `size` after 'end'/'finish'. */
export class DigestStream extends Transform {
  private readonly hash: Hash;
  private readonly algorithm: string;
  private result?: Digest;
  /** Bytes seen so far. */
  size = 0;

  constructor(algorithm: 'sha256' | 'sha512' = 'sha256') {
    super();
    this.algorithm = algorithm;
    this.hash = createHash(algorithm);
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.hash.update(chunk);
    this.size += chunk.length;
    callback(null, chunk);
  }

  override _flush(callback: TransformCallback): void {
    this.result = `${this.algorithm}:${this.hash.digest('hex')}`;
    callback();
  }

  /** The digest of everything that passed through; only valid once the stream has flushed. */
  get digest(): Digest {
    if (this.result === undefined) throw new Error('DigestStream: digest read before the stream ended');
    return this.result;
  }
}
