import { computeDigest, type DigestAlgorithm } from './digest.js';
import { canonicalJson } from './json.js';
import type { Descriptor } from './types.js';

/** The descriptor of in-memory bytes. */
export function descriptorFor(bytes: Uint8Array, mediaType: string, algorithm: DigestAlgorithm = 'sha256'): Descriptor {
  return { mediaType, digest: computeDigest(bytes, algorithm), size: bytes.length };
}

/** A JSON document's canonical bytes together with their descriptor (what BlobStore.writeJson stores). */
export function jsonBlob(value: unknown, mediaType: string): { bytes: Buffer; descriptor: Descriptor } {
  const bytes = canonicalJson(value);
  return { bytes, descriptor: descriptorFor(bytes, mediaType) };
}

/** True when two descriptors name the same content (digest and size; media types may differ). */
export function sameContent(a: Descriptor, b: Descriptor): boolean {
  return a.digest === b.digest && a.size === b.size;
}
