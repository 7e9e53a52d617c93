// Measuring a layer blob whose facts are unknown (see layerinfo.ts). Kept apart from the sidecar
// cache, and imported only when a measurement is needed, so that reading the store does not load
// zlib, streams and child_process. The one-file CLI bundles (scripts/build.mjs) inline this module,
// so those builtins are imported inside measureLayer rather than at the top.

import type { Readable } from 'node:stream';
import { BerthError, DigestHasher, layerCompression, type Compression, type Digest } from '../core/index.js';
import { dockerEntrySize, type LayerInfo } from './layerinfo.js';

/**
 * Measures a layer blob: decompresses (gzip in-process, zstd through the `zstd` tool), hashes the
 * tar for its diffID and sums the entries' sizes, all while streaming.
 */
export async function measureLayer(blob: Readable, mediaType: string, digest: Digest): Promise<Required<LayerInfo>> {
  const compression = layerCompression(mediaType);
  if (compression === undefined) {
    blob.destroy();
    throw new BerthError('LAYER_MEDIA_TYPE', `layer ${digest} has unknown media type "${mediaType}"`, { hint: 'expected a tar, tar+gzip or tar+zstd layer' });
  }
  const hasher = new DigestHasher('sha256');
  let contentSize = 0;
  const [{ default: tar }, { pipeline }, { Transform }] = await Promise.all([import('tar-stream'), import('node:stream/promises'), import('node:stream')]);
  const extract = tar.extract();
  extract.on('entry', (header, stream, next) => {
    contentSize += dockerEntrySize(header);
    stream.on('end', next);
    stream.resume();
  });
  const hashing = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hasher.update(chunk);
      callback(null, chunk);
    },
  });
  try {
    await pipeline(blob, await decompressor(compression), hashing, extract);
  } catch (err) {
    throw new BerthError('LAYER_INVALID', `cannot read layer ${digest} (${mediaType}): ${(err as Error).message}`, { cause: err });
  }
  return { diffId: hasher.digest(), size: hasher.size, contentSize };
}

async function decompressor(compression: Compression): Promise<NodeJS.ReadWriteStream> {
  if (compression === 'gzip') return (await import('node:zlib')).createGunzip();
  const { Duplex, PassThrough } = await import('node:stream');
  if (compression === 'none') return new PassThrough();
  const { spawn } = await import('node:child_process');
  // A duplex around `zstd -dc` (Node 20 has no zstd in zlib).
  const child = spawn('zstd', ['-dc', '-q'], { stdio: ['pipe', 'pipe', 'pipe'] });
  const output = new PassThrough();
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  child.stdin.on('error', () => undefined);
  child.stdout.pipe(output, { end: false });
  child.on('error', (err) => output.destroy(new Error(`cannot run zstd: ${err.message}`)));
  child.on('close', (code) => {
    if (code === 0) output.end();
    else output.destroy(new Error(`zstd failed: ${stderr.trim() || `exit status ${code}`}`));
  });
  return Duplex.from({ writable: child.stdin, readable: output });
}
