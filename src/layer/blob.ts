import { finished } from 'node:stream/promises';
import { pipeline, type Readable } from 'node:stream';
import { compress, decompress, peek } from './compression/index.js';
import { detectCompression, MAGIC_LENGTH } from './compression/detect.js';
import { DigestStream } from './digest-stream.js';
import { readTar } from './tar/reader.js';
import type { Compression, CompressOptions, DetectedCompression, LayerDigests, TarHeader } from './types.js';

/** Marks a promise as handled (callers may never await it when they abandon the stream) and returns it. */
function handled<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}

function digestsOf(compressed: DigestStream, uncompressed: DigestStream, compression: DetectedCompression): LayerDigests {
  return { digest: compressed.digest, size: compressed.size, diffId: uncompressed.digest, uncompressedSize: uncompressed.size, compression };
}

/**
 * Compresses an uncompressed tar stream. `stream` is the blob to store or send; `digests`
 * resolves once `stream` has been fully read, with the blob digest/size and the diffID, all from
 * this single pass.
 */
export function compressLayer(tar: Readable, compression: Compression, options: CompressOptions = {}): { stream: Readable; digests: Promise<LayerDigests> } {
  const uncompressed = new DigestStream();
  if (compression === 'none') {
    pipeline(tar, uncompressed, () => undefined);
    return { stream: uncompressed, digests: handled(finished(uncompressed).then(() => digestsOf(uncompressed, uncompressed, 'none'))) };
  }
  const compressed = new DigestStream();
  pipeline(tar, uncompressed, compress(compression, options), compressed, () => undefined);
  return { stream: compressed, digests: handled(finished(compressed).then(() => digestsOf(compressed, uncompressed, compression))) };
}

/**
 * Opens a layer blob of any compression: `tar` is the uncompressed tar; `digests` resolves once
 * `tar` has been read to the end (verify them against the manifest and config afterwards).
 */
export async function openLayerBlob(blob: Readable | AsyncIterable<Buffer>): Promise<{ tar: Readable; compression: DetectedCompression; digests: Promise<LayerDigests> }> {
  const { head, stream } = await peek(blob, MAGIC_LENGTH);
  const compression = detectCompression(head);
  const compressed = new DigestStream();
  const uncompressed = compression === 'none' ? compressed : new DigestStream();
  if (compression === 'none') pipeline(stream, compressed, () => undefined);
  else pipeline(stream, compressed, decompress(compression), uncompressed, () => undefined);
  const digests = handled(finished(uncompressed).then(() => digestsOf(compressed, uncompressed, compression)));
  return { tar: uncompressed, compression, digests };
}

/** Reads a layer blob of any compression once and returns its digest, size, diffID and uncompressed size. */
export async function digestLayerBlob(blob: Readable | AsyncIterable<Buffer>): Promise<LayerDigests> {
  const { tar, digests } = await openLayerBlob(blob);
  tar.resume();
  return digests;
}

/** Lists the entries of a layer blob (any compression) without writing anything. */
export async function* listLayer(blob: Readable | AsyncIterable<Buffer>): AsyncGenerator<TarHeader> {
  const { tar } = await openLayerBlob(blob);
  for await (const entry of readTar(tar)) yield entry.header;
}
