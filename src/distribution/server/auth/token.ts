import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { jwtVerify, SignJWT, type CryptoKey, type KeyObject } from 'jose';
import type { TokenAuthConfig } from '../config.js';
import type { Action, Authenticator, Grant, Scope } from '../context.js';
import { RegistryError } from '../errors.js';
import { readBody, send } from '../http-util.js';
import { basicCredentials, type Htpasswd } from './htpasswd.js';

/** One entry of a token's `access` claim (docker's token format). */
interface AccessEntry {
  type: string;
  name: string;
  actions: string[];
}

/** The keys signing and checking tokens. */
export interface TokenKeys {
  algorithm: string;
  privateKey: CryptoKey | KeyObject;
  publicKey: CryptoKey | KeyObject;
}

const CACHE_MAX = 4096;

function scopeText(scope: Scope): string {
  if (scope.type === 'catalog') return 'registry:catalog:*';
  return `repository:${scope.name}:${scope.action === 'push' ? 'pull,push' : scope.action}`;
}

/** Parses `repository:name:pull,push`; the name ends at the last colon (actions have none). */
function parseScope(text: string): AccessEntry | undefined {
  const first = text.indexOf(':');
  const last = text.lastIndexOf(':');
  if (first <= 0 || last === first) return undefined;
  return { type: text.slice(0, first), name: text.slice(first + 1, last), actions: text.slice(last + 1).split(',').filter(Boolean) };
}

/** An access rule's name pattern: exact, or a prefix ending in `*` (`team/*`, `*`). */
function nameMatches(pattern: string, name: string): boolean {
  return pattern.endsWith('*') ? name.startsWith(pattern.slice(0, -1)) : pattern === name;
}

function grantFrom(user: string | undefined, access: AccessEntry[]): Grant {
  return {
    user,
    allows: (name: string, action: Action) =>
      access.some((entry) => entry.type === 'repository' && entry.name === name && (entry.actions.includes(action) || entry.actions.includes('*'))),
  };
}

function allowsScope(access: AccessEntry[], scope: Scope): boolean {
  if (scope.type === 'catalog') return access.some((e) => e.type === 'registry' && e.name === 'catalog' && e.actions.includes('*'));
  return grantFrom(undefined, access).allows(scope.name, scope.action);
}

/**
 * Bearer token auth (docker's token protocol) with its own token endpoint at /token: clients
 * get a 401 challenge naming the realm, service and scope, fetch a signed JWT there with their
 * htpasswd account, and present it. A token allows exactly the scopes it lists.
 */
export class TokenAuthenticator implements Authenticator {
  private readonly config: TokenAuthConfig;
  private readonly accounts: Htpasswd;
  private readonly keys: TokenKeys;
  private readonly scheme: string;
  private readonly verified = new Map<string, { user?: string; access: AccessEntry[]; expires: number }>();

  constructor(config: TokenAuthConfig, accounts: Htpasswd, keys: TokenKeys, scheme: 'http' | 'https') {
    this.config = config;
    this.accounts = accounts;
    this.keys = keys;
    this.scheme = scheme;
  }

  private realm(req: IncomingMessage): string {
    return this.config.realm ?? `${this.scheme}://${req.headers.host ?? 'localhost'}/token`;
  }

  private challenge(req: IncomingMessage, scope: Scope | undefined, message: string, insufficient: boolean): RegistryError {
    let value = `Bearer realm="${this.realm(req)}",service="${this.config.service}"`;
    if (scope) value += `,scope="${scopeText(scope)}"`;
    if (insufficient) value += ',error="insufficient_scope"';
    return new RegistryError('UNAUTHORIZED', message, { headers: { 'WWW-Authenticate': value }, detail: scope ? [{ ...scope }] : undefined });
  }

  async authenticate(req: IncomingMessage, scope: Scope | undefined): Promise<Grant> {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
    if (!match) throw this.challenge(req, scope, 'authentication required: get a token from the realm in WWW-Authenticate (docker login)', false);
    const claims = await this.verify(match[1]);
    if (!claims) throw this.challenge(req, scope, 'invalid or expired token', false);
    if (scope && !allowsScope(claims.access, scope)) throw this.challenge(req, scope, `token does not allow ${scopeText(scope)}`, true);
    return grantFrom(claims.user, claims.access);
  }

  private async verify(token: string): Promise<{ user?: string; access: AccessEntry[] } | undefined> {
    const now = Date.now() / 1000;
    const cached = this.verified.get(token);
    if (cached && cached.expires > now) return cached;
    try {
      const { payload } = await jwtVerify(token, this.keys.publicKey, { issuer: this.config.issuer, audience: this.config.service, algorithms: [this.keys.algorithm] });
      const access = Array.isArray(payload.access) ? (payload.access as AccessEntry[]) : [];
      const claims = { user: payload.sub || undefined, access, expires: payload.exp ?? now };
      if (this.verified.size >= CACHE_MAX) this.verified.clear();
      this.verified.set(token, claims);
      return claims;
    } catch {
      return undefined;
    }
  }

  /** Answers GET /token (Basic auth or anonymous) and POST /token (OAuth2 password grant). */
  async serve(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
    if (url.pathname !== '/token') return false;
    let user: string | undefined;
    let password: string | undefined;
    let scopes = url.searchParams.getAll('scope');
    if (req.method === 'POST') {
      const form = new URLSearchParams((await readBody(req, 64 * 1024, 'token request')).toString('utf8'));
      if (form.get('grant_type') !== 'password') {
        send(res, 400, {}, { error: 'unsupported_grant_type', error_description: 'only the password grant is supported' });
        return true;
      }
      user = form.get('username') ?? undefined;
      password = form.get('password') ?? '';
      scopes = form.getAll('scope').flatMap((s) => s.split(' '));
    } else if (req.method === 'GET') {
      const credentials = basicCredentials(req.headers.authorization);
      user = credentials?.user;
      password = credentials?.password;
    } else {
      return false;
    }
    if (user !== undefined && !(await this.accounts.verify(user, password ?? ''))) {
      throw new RegistryError('UNAUTHORIZED', `wrong user name or password for ${user}`, { headers: { 'WWW-Authenticate': `Basic realm="${this.config.service}"` } });
    }
    const access = scopes.flatMap((text) => text.split(' ')).map(parseScope).filter((e): e is AccessEntry => e !== undefined).map((entry) => this.allowed(entry, user));
    const token = await this.sign(user, access.filter((e) => e.actions.length > 0));
    const issuedAt = new Date().toISOString();
    send(res, 200, {}, { token, access_token: token, expires_in: this.config.expiration, issued_at: issuedAt });
    return true;
  }

  /** What an account (or anonymous, user undefined) gets of a requested scope. */
  private allowed(entry: AccessEntry, user: string | undefined): AccessEntry {
    if (user === undefined) {
      const anonymous = this.config.anonymous ?? [];
      return { ...entry, actions: entry.type === 'repository' ? entry.actions.filter((a) => anonymous.includes(a)) : [] };
    }
    const rules = this.config.access;
    if (!rules) return entry;
    const matching = rules.filter((rule) => (rule.account === user || rule.account === '*') && nameMatches(rule.name, entry.type === 'registry' ? `registry:${entry.name}` : entry.name));
    return { ...entry, actions: entry.actions.filter((action) => matching.some((rule) => rule.actions.includes(action) || rule.actions.includes('*'))) };
  }

  private sign(user: string | undefined, access: AccessEntry[]): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({ access })
      .setProtectedHeader({ alg: this.keys.algorithm, typ: 'JWT' })
      .setIssuer(this.config.issuer)
      .setAudience(this.config.service)
      .setSubject(user ?? '')
      .setIssuedAt(now)
      .setNotBefore(now - 10)
      .setExpirationTime(now + this.config.expiration)
      .setJti(randomUUID())
      .sign(this.keys.privateKey);
  }
}
