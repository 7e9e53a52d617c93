import type { Duplex, Readable } from 'node:stream';
import type { Compression, CompressOptions, DetectedCompression } from '../types.js';

/** Detects the compression from the first bytes of a stream (at least 6 bytes for xz); 'none' when no magic matches. */
export function detectCompression(head: Buffer): DetectedCompression {
  void head;
  return 'none';
}

/** A streaming compressor: gzip through node:zlib (or pigz when `parallel`), zstd through the `zstd` binary. */
export function compress(compression: Compression, options: CompressOptions = {}): Duplex {
  void compression; void options;
  throw new Error('compress is not implemented yet');
}

/** A streaming decompressor for the given compression ('none' is a pass-through). Truncated input fails with LAYER_CORRUPT. */
export function decompress(compression: DetectedCompression): Duplex {
  void compression;
  throw new Error('decompress is not implemented yet');
}

/** Peeks at the first bytes of `input`, then returns its compression and the decompressed stream. */
export async function decompressAuto(input: Readable | AsyncIterable<Buffer>): Promise<{ compression: DetectedCompression; stream: Readable }> {
  void input;
  throw new Error('decompressAuto is not implemented yet');
}
