import { createPrivateKey, createPublicKey } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { generateKeyPair } from 'jose';
import { BerthError } from '../../../core/index.js';
import type { RegistryConfig, TokenAuthConfig } from '../config.js';
import type { Authenticator } from '../context.js';
import { BasicAuthenticator } from './basic.js';
import { Htpasswd } from './htpasswd.js';
import { TokenAuthenticator, type TokenKeys } from './token.js';

async function signingKeys(config: TokenAuthConfig): Promise<TokenKeys> {
  if (!config.signingkey) {
    const { privateKey, publicKey } = await generateKeyPair('ES256');
    return { algorithm: 'ES256', privateKey, publicKey };
  }
  let privateKey;
  try {
    privateKey = createPrivateKey(await readFile(config.signingkey));
  } catch (err) {
    throw new BerthError('REGISTRY_CONFIG', `cannot read token signing key ${config.signingkey}: ${(err as Error).message}`, { hint: 'use a PEM EC P-256 or RSA private key' });
  }
  const algorithm = privateKey.asymmetricKeyType === 'rsa' ? 'RS256' : 'ES256';
  return { algorithm, privateKey, publicKey: createPublicKey(privateKey) };
}

/** The authenticator a config asks for; undefined when auth is off. */
export async function createAuthenticator(config: RegistryConfig, scheme: 'http' | 'https'): Promise<Authenticator | undefined> {
  const token = config.auth?.token;
  if (token) return new TokenAuthenticator(token, await Htpasswd.load(token.htpasswd), await signingKeys(token), scheme);
  const htpasswd = config.auth?.htpasswd;
  if (htpasswd) return new BasicAuthenticator(await Htpasswd.load(htpasswd.path), htpasswd.realm);
  return undefined;
}

export { Htpasswd } from './htpasswd.js';
