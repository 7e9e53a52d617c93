import { createReadStream, type ReadStream } from 'node:fs';
import { BerthError } from '../core/index.js';

/** Opens a file for streaming, failing like docker (`open PATH: no such file or directory`) before any work starts. */
export async function openInputFile(path: string): Promise<ReadStream> {
  const stream = createReadStream(path);
  await new Promise<void>((resolve, reject) => {
    stream.once('open', () => resolve());
    stream.once('error', (err: NodeJS.ErrnoException) => {
      reject(new BerthError('INPUT_OPEN', `open ${path}: ${err.code === 'ENOENT' ? 'no such file or directory' : err.message}`));
    });
  });
  return stream;
}
