// One layer operation per process, so the harness can time it and take its peak memory:
//   node dist/bench/layer-ops.js pack DIR OUT none|gzip|pigz|zstd   tar a directory, compress, digest
//   node dist/bench/layer-ops.js apply LAYER DIR                     extract a layer (any compression)
import { createReadStream, createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { applyLayer, compressLayer, directoryToLayer, type Compression } from '../src/layer/index.js';

const [operation, source, target, mode] = process.argv.slice(2);
if (operation === 'pack') {
  const compression = (mode === 'pigz' ? 'gzip' : mode) as Compression;
  const { stream, digests } = compressLayer(directoryToLayer(source!), compression, { parallel: mode === 'pigz' });
  await pipeline(stream, createWriteStream(target!));
  process.stderr.write(`${JSON.stringify(await digests)}\n`);
} else if (operation === 'apply') {
  process.stderr.write(`${JSON.stringify(await applyLayer(createReadStream(source!), target!))}\n`);
} else {
  throw new Error(`unknown operation ${operation}`);
}
