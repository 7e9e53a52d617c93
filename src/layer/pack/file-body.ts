import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';

/** Files up to this size are read in one call; larger ones are streamed. */
const WHOLE_READ_LIMIT = 256 * 1024;

/** A lazy body for a file entry: opened only when the tar writer reaches it. */
export function fileBody(path: string, size: number): () => AsyncIterable<Buffer> {
  return async function* body() {
    if (size <= WHOLE_READ_LIMIT) yield await readFile(path);
    else yield* createReadStream(path, { highWaterMark: 1024 * 1024 });
  };
}
