import { BerthError } from '../../core/index.js';

/**
 * Pull-based reader over an async iterable of chunks: exact reads for headers, zero-copy chunked
 * reads for bodies. Counts the offset for error messages.
 */
export class ByteSource {
  private readonly iterator: AsyncIterator<Buffer>;
  private pending: Buffer = Buffer.alloc(0);
  private ended = false;
  /** Bytes consumed so far. */
  offset = 0;

  constructor(input: AsyncIterable<Buffer>) {
    this.iterator = input[Symbol.asyncIterator]();
  }

  private async fill(): Promise<boolean> {
    if (this.ended) return false;
    const next = await this.iterator.next();
    if (next.done) {
      this.ended = true;
      return false;
    }
    const chunk = typeof next.value === 'string' ? Buffer.from(next.value) : next.value;
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    return true;
  }

  /** Reads exactly `size` bytes; null at a clean end of input (nothing left); throws when input ends midway. */
  async readExact(size: number, what: string): Promise<Buffer | null> {
    while (this.pending.length < size) {
      if (!(await this.fill())) {
        if (this.pending.length === 0) return null;
        throw truncated(what, this.offset + this.pending.length);
      }
    }
    const out = this.pending.subarray(0, size);
    this.pending = this.pending.subarray(size);
    this.offset += size;
    return out;
  }

  /** Yields exactly `size` bytes in the chunks they arrive in; throws when input ends first. */
  async *readChunks(size: number, what: string): AsyncGenerator<Buffer> {
    let left = size;
    while (left > 0) {
      if (this.pending.length === 0 && !(await this.fill())) throw truncated(what, this.offset);
      const take = Math.min(left, this.pending.length);
      const out = this.pending.subarray(0, take);
      this.pending = this.pending.subarray(take);
      this.offset += take;
      left -= take;
      yield out;
    }
  }

  /** Discards exactly `size` bytes. */
  async skip(size: number, what: string): Promise<void> {
    for await (const chunk of this.readChunks(size, what)) void chunk;
  }

  /** Reads and drops everything that is left (trailing zero blocks), so upstream digests see every byte. */
  async drain(): Promise<void> {
    this.offset += this.pending.length;
    this.pending = Buffer.alloc(0);
    while (await this.fill()) {
      this.offset += this.pending.length;
      this.pending = Buffer.alloc(0);
    }
  }

  /** Stops reading the input early (lets the producer clean up). */
  async close(): Promise<void> {
    await this.iterator.return?.();
  }
}

function truncated(what: string, offset: number): BerthError {
  return new BerthError('LAYER_CORRUPT', `tar archive is truncated: unexpected end of data in ${what} at byte ${offset}`, {
    hint: 'the layer or archive is incomplete; download or export it again',
  });
}
