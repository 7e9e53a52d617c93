import type { DetectedCompression } from '../types.js';

const MAGICS: [DetectedCompression, number[]][] = [
  ['gzip', [0x1f, 0x8b]],
  ['zstd', [0x28, 0xb5, 0x2f, 0xfd]],
  ['bzip2', [0x42, 0x5a, 0x68]],
  ['xz', [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]],
];

/** Bytes detectCompression needs to see. */
export const MAGIC_LENGTH = 6;

/** Detects the compression from the first bytes of a stream (6 bytes suffice); 'none' when no magic matches. */
export function detectCompression(head: Buffer): DetectedCompression {
  for (const [name, magic] of MAGICS) {
    if (head.length >= magic.length && magic.every((byte, i) => head[i] === byte)) return name;
  }
  return 'none';
}
