import { BerthError } from './errors.js';

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
