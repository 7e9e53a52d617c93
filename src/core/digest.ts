import type { Hash } from 'node:crypto';
import { BerthError } from './errors.js';
import { nodeCrypto } from './node-crypto.js';

/** A content digest such as `sha256:9f86…`. */
export type Digest = `${string}:${string}`;

const ALGORITHMS: Record<string, number> = { sha256: 64, sha512: 128 };

/** Parses and validates a digest string; throws DIGEST_INVALID with the reason. */
export function parseDigest(value: string): { algorithm: string; hex: string; digest: Digest } {
  const colon = value.indexOf(':');
  if (colon <= 0) throw new BerthError('DIGEST_INVALID', `invalid digest "${value}": expected ALGORITHM:HEX such as sha256:<64 hex characters>`);
  const algorithm = value.slice(0, colon);
  const hex = value.slice(colon + 1);
  const length = ALGORITHMS[algorithm];
  if (length === undefined) throw new BerthError('DIGEST_INVALID', `invalid digest "${value}": unsupported algorithm "${algorithm}" (use sha256 or sha512)`);
  if (hex.length !== length || !/^[a-f0-9]+$/.test(hex)) {
    throw new BerthError('DIGEST_INVALID', `invalid digest "${value}": ${algorithm} needs ${length} lowercase hex characters`);
  }
  return { algorithm, hex, digest: value as Digest };
}

/** True when `value` is a well-formed digest of a supported algorithm. */
export function isDigest(value: string): value is Digest {
  try {
    parseDigest(value);
    return true;
  } catch {
    return false;
  }
}

/** Hash algorithms berth computes. */
export type DigestAlgorithm = 'sha256' | 'sha512';

/** The algorithm part of a digest (`sha256`). */
export function digestAlgorithm(digest: Digest): string {
  return digest.slice(0, digest.indexOf(':'));
}

/** The hex part of a digest. */
export function digestHex(digest: Digest): string {
  return digest.slice(digest.indexOf(':') + 1);
}

/** Docker's short form of an ID or digest: the first 12 hex characters. */
export function shortId(digest: Digest | string): string {
  return digest.slice(digest.indexOf(':') + 1).slice(0, 12);
}

/** The digest of in-memory bytes. */
export function computeDigest(bytes: Uint8Array | string, algorithm: DigestAlgorithm = 'sha256'): Digest {
  return `${algorithm}:${nodeCrypto().createHash(algorithm).update(bytes).digest('hex')}`;
}

/**
 * Incremental digest over a stream of chunks: feed each chunk to `update` as it flows, read
 * `digest()` and `size` at the end. `digest()` may be called once.
 */
export class DigestHasher {
  readonly algorithm: DigestAlgorithm;
  private readonly hash: Hash;
  /** Bytes hashed so far. */
  size = 0;

  constructor(algorithm: DigestAlgorithm = 'sha256') {
    this.algorithm = algorithm;
    this.hash = nodeCrypto().createHash(algorithm);
  }

  /** Adds a chunk. */
  update(chunk: Uint8Array): void {
    this.hash.update(chunk);
    this.size += chunk.length;
  }

  /** The digest of everything hashed. */
  digest(): Digest {
    return `${this.algorithm}:${this.hash.digest('hex')}`;
  }
}
