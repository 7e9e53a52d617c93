import { readFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { ChunkPool } from '../../core/index.js';

/** Files up to this size are read in one call; larger ones are streamed. */
const WHOLE_READ_LIMIT = 256 * 1024;

/**
 * The buffers large file bodies are read into. Whoever finally consumes a packed tar (the store
 * writing it as a blob) may give each chunk back once written, so a large layer is read through a
 * few reused buffers instead of one fresh buffer per megabyte.
 */
export const packReadBuffers = new ChunkPool(1024 * 1024, 16);

/** Reads a file in chunks, each a view of a buffer from {@link packReadBuffers}. */
async function* readChunks(path: string): AsyncGenerator<Buffer> {
  const handle = await open(path, 'r');
  try {
    for (;;) {
      const buffer = packReadBuffers.take();
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
      if (bytesRead === 0) {
        packReadBuffers.giveBack(buffer);
        return;
      }
      yield buffer.subarray(0, bytesRead);
    }
  } finally {
    await handle.close();
  }
}

/**
 * A lazy body for a file entry: opened only when the tar writer reaches it. Small files are read
 * synchronously: a few microseconds of blocking beat a thread-pool round trip for each of open,
 * fstat, read and close (3× faster on trees of many small files).
 */
export function fileBody(path: string, size: number): () => AsyncIterable<Buffer> {
  return async function* body() {
    if (size <= WHOLE_READ_LIMIT) yield readFileSync(path);
    else yield* readChunks(path);
  };
}
