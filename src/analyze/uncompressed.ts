// A layer blob's uncompressed tar stream. gzip (nearly every layer) is inflated here with 1 MiB
// output chunks: with the 64 KiB chunks of layer's decompressAuto, a 700 MB image costs ~50% more
// CPU in zlib callbacks and garbage collection. Other compressions go through decompressAuto.

import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { BerthError } from '../core/index.js';
import { decompressAuto, detectCompression } from '../layer/index.js';

const CHUNK = 1024 * 1024;

/** Decompresses `blob` (any compression berth reads); LAYER_CORRUPT when gzip data is damaged. */
export async function uncompressedStream(blob: Readable, what: string): Promise<Readable> {
  const iterator = blob[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const first = await iterator.next();
  const head: Buffer[] = first.done ? [] : [first.value];
  async function* replay(): AsyncGenerator<Buffer> {
    yield* head;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
  }
  const whole = Readable.from(replay(), { objectMode: false });
  if (head.length === 0 || head[0].length < 4 || detectCompression(head[0]) !== 'gzip') return (await decompressAuto(whole)).stream;
  const gunzip = createGunzip({ chunkSize: CHUNK });
  const fail = (err: Error) => gunzip.destroy(new BerthError('LAYER_CORRUPT', `${what}: gzip decompression failed: ${err.message}`, { cause: err }));
  whole.on('error', fail);
  gunzip.on('error', () => undefined);
  whole.pipe(gunzip);
  return gunzip;
}
