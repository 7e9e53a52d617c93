import type { Readable } from 'node:stream';
import type { Compression, CompressOptions, DetectedCompression, LayerDigests, TarHeader } from './types.js';

/**
 * Compresses an uncompressed tar stream. `stream` is the blob to store or send; `digests`
 * resolves once `stream` has been fully read, with the blob digest/size and the diffID.
 */
export function compressLayer(tar: Readable, compression: Compression, options: CompressOptions = {}): { stream: Readable; digests: Promise<LayerDigests> } {
  void tar; void compression; void options;
  throw new Error('compressLayer is not implemented yet');
}

/** Reads a layer blob of any compression once and returns its digest, size, diffID and uncompressed size. */
export async function digestLayerBlob(blob: Readable | AsyncIterable<Buffer>): Promise<LayerDigests> {
  void blob;
  throw new Error('digestLayerBlob is not implemented yet');
}

/**
 * Opens a layer blob of any compression: `tar` is the uncompressed tar; `digests` resolves once
 * `tar` has been read to the end (verify them against the manifest and config afterwards).
 */
export async function openLayerBlob(blob: Readable | AsyncIterable<Buffer>): Promise<{ tar: Readable; compression: DetectedCompression; digests: Promise<LayerDigests> }> {
  void blob;
  throw new Error('openLayerBlob is not implemented yet');
}

/** Lists the entries of a layer blob (any compression) without writing anything. */
export async function* listLayer(blob: Readable | AsyncIterable<Buffer>): AsyncGenerator<TarHeader> {
  void blob;
  throw new Error('listLayer is not implemented yet');
}
