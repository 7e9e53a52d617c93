// A pass-through that also parses what flows through as a tar, so a rootfs that is not a tar
// (or is truncated) fails while it is being stored instead of when it is first run.

import { Transform, type TransformCallback } from 'node:stream';
import tar from 'tar-stream';
import { BerthError } from '../../core/index.js';

/** Passes bytes through unchanged; errors with IMPORT_INVALID when they are not a complete tar. */
export function tarCheck(source: string): Transform {
  const extract = tar.extract();
  let lastEntry = '(start)';
  let failure: Error | undefined;
  const consumed = (async () => {
    for await (const entry of extract) {
      lastEntry = entry.header.name;
      entry.resume();
    }
  })().catch((err: Error) => {
    failure = new BerthError('IMPORT_INVALID', `cannot import ${source}: not a valid tar archive (after entry ${lastEntry}): ${err.message}`);
  });
  return new Transform({
    transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback) {
      if (failure) return callback(failure);
      if (extract.write(chunk)) callback(null, chunk);
      else extract.once('drain', () => callback(failure ?? null, chunk));
    },
    flush(callback: TransformCallback) {
      extract.end(undefined);
      consumed.then(() => callback(failure ?? null), callback);
    },
  });
}
