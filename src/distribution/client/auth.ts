// Registry authentication: parsing WWW-Authenticate challenges, Basic headers, and bearer tokens
// from the challenge's realm (anonymous, with a password, or with an identity/refresh token).
import type { Agent } from 'undici';
import { BerthError } from '../../core/index.js';
import type { Credentials } from './credentials.js';

/** A parsed `WWW-Authenticate` challenge. */
export interface Challenge {
  scheme: 'basic' | 'bearer';
  params: Record<string, string>;
}

/** Parses `Bearer realm="…",service="…",scope="…"` (or `Basic realm="…"`); undefined for other schemes. */
export function parseChallenge(header: string | undefined): Challenge | undefined {
  if (!header) return undefined;
  const match = /^\s*(\w+)\s*(.*)$/s.exec(header);
  if (!match) return undefined;
  const scheme = match[1].toLowerCase();
  if (scheme !== 'basic' && scheme !== 'bearer') return undefined;
  const params: Record<string, string> = {};
  for (const param of match[2].matchAll(/(\w+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^,\s]*))/g)) {
    params[param[1].toLowerCase()] = param[2] !== undefined ? param[2].replace(/\\(.)/g, '$1') : param[3];
  }
  return { scheme, params };
}

/** `Basic base64(user:password)`. */
export function basicHeader(credentials: Credentials): string {
  return `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`;
}

/** A bearer token and when it stops being usable (ms since epoch). */
export interface Token {
  header: string;
  expiresAt: number;
}

/**
 * Fetches a bearer token for `scopes` from the challenge's realm. With an identity token the OAuth2
 * refresh flow is used (POST), else docker's GET flow with optional Basic credentials.
 */
export async function fetchToken(dispatcher: Agent, challenge: Challenge, scopes: string[], credentials: Credentials | undefined): Promise<Token> {
  const realm = challenge.params.realm;
  if (!realm) throw new BerthError('REGISTRY_AUTH', 'the registry asked for a bearer token without naming a realm');
  const url = new URL(realm);
  const service = challenge.params.service;
  let response;
  if (credentials?.identityToken) {
    const form = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: credentials.identityToken, client_id: 'berth' });
    if (service) form.set('service', service);
    if (scopes.length > 0) form.set('scope', scopes.join(' '));
    response = await dispatcher.request({ origin: url.origin, path: url.pathname, method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form.toString() });
  } else {
    if (service) url.searchParams.set('service', service);
    for (const scope of scopes) url.searchParams.append('scope', scope);
    if (credentials) url.searchParams.set('account', credentials.username);
    const headers: Record<string, string> = credentials ? { authorization: basicHeader(credentials) } : {};
    response = await dispatcher.request({ origin: url.origin, path: `${url.pathname}${url.search}`, method: 'GET', headers });
  }
  const text = await response.body.text();
  if (response.statusCode === 401 || response.statusCode === 403) {
    throw new BerthError('REGISTRY_UNAUTHORIZED', `unauthorized: the token server ${url.origin} refused ${credentials ? 'the credentials' : 'anonymous access'}`);
  }
  if (response.statusCode !== 200) throw new BerthError('REGISTRY_AUTH', `token server ${url.origin} answered ${response.statusCode}: ${text.slice(0, 200)}`);
  const reply = JSON.parse(text) as { token?: string; access_token?: string; expires_in?: number };
  const token = reply.token ?? reply.access_token;
  if (!token) throw new BerthError('REGISTRY_AUTH', `token server ${url.origin} returned no token`);
  // docker's minimum lifetime is 60 s; refresh a little early.
  return { header: `Bearer ${token}`, expiresAt: Date.now() + Math.max(60, reply.expires_in ?? 60) * 1000 - 10_000 };
}
