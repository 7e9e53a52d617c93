// node:crypto loaded on first use. Importing it costs several milliseconds of start-up, and most
// CLI runs (listing images, --version, help) never hash or draw random bytes.

import { createRequire } from 'node:module';

type Crypto = typeof import('node:crypto');
let crypto: Crypto | undefined;

/** The node:crypto module, required the first time it is needed. */
export function nodeCrypto(): Crypto {
  crypto ??= createRequire(import.meta.url)('node:crypto') as Crypto;
  return crypto;
}

/** `bytes` random bytes as lowercase hex (unique names for temp and lease files). */
export function randomHex(bytes: number): string {
  return nodeCrypto().randomBytes(bytes).toString('hex');
}
