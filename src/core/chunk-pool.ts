// Read buffers reused between a producer of large chunks and the consumer that writes them out.
// Allocating a fresh buffer per read costs a page fault per 4 KiB and garbage collection: for a
// 500 MB layer that was about as much time as hashing it.

/**
 * A bounded free list of equal-sized buffers. A producer takes a buffer, fills it and passes on a
 * view of it; the one consumer that is done with that view (it is hashed and written) gives it back.
 * A chunk never given back is garbage collected like any buffer, so giving back is an option
 * only a stream's final consumer may take, never a requirement.
 */
export class ChunkPool {
  private readonly free: Buffer[] = [];
  /** The backing stores of buffers taken and not given back: only those may return to the free list. */
  private readonly lent = new WeakSet<ArrayBufferLike>();

  /**
   * @param chunkSize bytes of each buffer
   * @param maxFree buffers kept for reuse at most
   */
  constructor(
    readonly chunkSize: number,
    private readonly maxFree: number,
  ) {}

  /** A buffer of chunkSize bytes (uninitialized), reused when one was given back. */
  take(): Buffer {
    const buffer = this.free.pop() ?? Buffer.allocUnsafeSlow(this.chunkSize);
    this.lent.add(buffer.buffer);
    return buffer;
  }

  /**
   * Gives back the buffer under `chunk` (a view of a buffer {@link take} returned), to be
   * overwritten by a later take. The caller must hold no other view of it. Chunks this pool did
   * not lend, or already got back, are ignored.
   */
  giveBack(chunk: Uint8Array): void {
    if (!this.lent.delete(chunk.buffer) || this.free.length >= this.maxFree) return;
    this.free.push(Buffer.from(chunk.buffer, 0, this.chunkSize));
  }
}
