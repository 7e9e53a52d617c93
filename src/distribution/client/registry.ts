// One registry host as the client sees it: endpoint discovery (HTTPS, HTTP fallback for insecure
// hosts, mirrors), authentication (Basic, bearer tokens per scope set) and retries with backoff.
import type { Readable } from 'node:stream';
import type { Dispatcher } from 'undici';
import { BerthError } from '../../core/index.js';
import { basicHeader, fetchToken, parseChallenge, type Challenge, type Token } from './auth.js';
import { CredentialStore, type Credentials } from './credentials.js';
import { backoffMs, isNetworkError, retryableStatus, sleep } from './retry.js';
import { loadSettings, type RegistrySettings } from './settings.js';
import { resolveEndpoint, type Endpoint } from './transport.js';

/** Options of a registry client. */
export interface RegistryOptions {
  /** Registry settings (default: read from berth's config file). */
  settings?: RegistrySettings;
  /** Where logins come from: a credential store (default: ~/.docker/config.json), fixed credentials, or null for anonymous. */
  credentials?: CredentialStore | Credentials | null;
  /** Attempts after the first for retryable failures (default 4). */
  retries?: number;
  /** True when the client will push (docker.io mirrors are skipped). */
  push?: boolean;
  signal?: AbortSignal;
}

/** One HTTP exchange with the registry. */
export interface RegistryRequest {
  method: 'GET' | 'HEAD' | 'PUT' | 'POST' | 'PATCH' | 'DELETE';
  /** `/v2/…` path (with query), or an absolute URL such as an upload Location. */
  path: string;
  /** Token scopes, e.g. `repository:team/app:pull`. */
  scopes: string[];
  headers?: Record<string, string>;
  /** Makes the body afresh for each attempt (so retries can replay it). */
  body?: () => string | Buffer | Readable;
  /** Statuses the caller handles itself; others become errors. */
  accept: number[];
  /** What is being done, for messages: `pull access to localhost:5000/app`. */
  what: string;
  /** False for requests that must not be repeated (default true). */
  retry?: boolean;
}

/** A registry response whose status is one the caller accepted. */
export type RegistryResponse = Dispatcher.ResponseData;

/** How `berth login` is spelled for a host (no argument for Docker Hub). */
export function loginCommand(host: string): string {
  return host === 'docker.io' ? 'berth login' : `berth login ${host}`;
}

/** A client for one registry host. */
export class RegistryClient {
  private baseUrl?: string;
  private challenge?: Challenge;
  /** Tokens per scope set, as promises so parallel transfers share one token request. */
  private readonly tokens = new Map<string, Promise<Token>>();
  private credentialsLoaded = false;
  private credentials?: Credentials;

  private constructor(readonly host: string, readonly endpoint: Endpoint, private readonly options: RegistryOptions) {}

  /** A client for `host` (`docker.io`, `localhost:5000`). */
  static async open(host: string, options: RegistryOptions = {}): Promise<RegistryClient> {
    const settings = options.settings ?? (await loadSettings());
    return new RegistryClient(host, await resolveEndpoint(host, settings, options.push), { ...options, settings });
  }

  /** Closes pooled connections. */
  async close(): Promise<void> {
    await this.endpoint.dispatcher.close();
  }

  /** Sends a request with auth and retries; returns a response whose status is in `accept`. */
  async send(request: RegistryRequest): Promise<RegistryResponse> {
    const retries = request.retry === false ? 0 : (this.options.retries ?? 4);
    let reauthorized = false;
    for (let attempt = 0; ; attempt++) {
      let response: RegistryResponse;
      try {
        response = await this.exchange(request);
      } catch (err) {
        if (!isNetworkError(err) || attempt >= retries) throw this.networkError(err, request);
        await sleep(backoffMs(attempt), this.options.signal);
        continue;
      }
      const status = response.statusCode;
      if (request.accept.includes(status)) return response;
      if (status === 401 && !reauthorized) {
        reauthorized = true;
        await response.body.dump();
        this.challenge = parseChallenge(header(response, 'www-authenticate')) ?? this.challenge;
        this.tokens.delete(request.scopes.join(' '));
        attempt--;
        continue;
      }
      if (retryableStatus(status) && attempt < retries) {
        await response.body.dump();
        await sleep(backoffMs(attempt, response.headers['retry-after']), this.options.signal);
        continue;
      }
      throw await this.statusError(response, request);
    }
  }

  /** The login used for this host, if any. */
  async login(): Promise<Credentials | undefined> {
    if (!this.credentialsLoaded) {
      const source = this.options.credentials === undefined ? new CredentialStore() : this.options.credentials;
      this.credentials = source instanceof CredentialStore ? await source.get(this.host) : (source ?? undefined);
      this.credentialsLoaded = true;
    }
    return this.credentials;
  }

  /** The base URL in use (`https://host`), found on first use. */
  baseUrlOf(): Promise<string> {
    return this.base();
  }

  /** Follows a blob redirect (to storage elsewhere) without the registry's credentials; other responses pass through. */
  async followRedirect(response: RegistryResponse, headers?: Record<string, string>): Promise<RegistryResponse> {
    const location = header(response, 'location');
    if (![302, 303, 307].includes(response.statusCode) || !location) return response;
    await response.body.dump();
    const url = new URL(location, await this.base());
    const redirected = await this.endpoint.dispatcher.request({ origin: url.origin, path: `${url.pathname}${url.search}`, method: 'GET', headers, signal: this.options.signal });
    if (redirected.statusCode === 200 || redirected.statusCode === 206) return redirected;
    await redirected.body.dump();
    throw new BerthError('REGISTRY_ERROR', `blob redirect to ${url.origin} answered ${redirected.statusCode}`);
  }

  /** Checks the endpoint and credentials (`GET /v2/` with auth), as `berth login` does. */
  async checkLogin(): Promise<void> {
    const response = await this.send({ method: 'GET', path: '/v2/', scopes: [], accept: [200], what: `login to ${this.host}` });
    await response.body.dump();
  }

  private async exchange(request: RegistryRequest): Promise<RegistryResponse> {
    const base = await this.base();
    const url = request.path.startsWith('http') ? new URL(request.path) : new URL(request.path, base);
    const headers: Record<string, string> = { 'user-agent': 'berth/0.1', ...request.headers };
    const authorization = await this.authorization(request.scopes);
    if (authorization) headers.authorization = authorization;
    return this.endpoint.dispatcher.request({
      origin: url.origin,
      path: `${url.pathname}${url.search}`,
      method: request.method,
      headers,
      body: request.body?.(),
      signal: this.options.signal,
    });
  }

  /**
   * The working base URL: the first of the endpoint's URLs whose `/v2/` answers (a 400 is an HTTPS
   * port refusing plain HTTP, as Go servers answer, unless no other URL is left).
   */
  private async base(): Promise<string> {
    if (this.baseUrl !== undefined) return this.baseUrl;
    let lastError: unknown;
    for (const [i, url] of this.endpoint.urls.entries()) {
      try {
        const response = await this.endpoint.dispatcher.request({ origin: url, path: '/v2/', method: 'GET', signal: this.options.signal });
        await response.body.dump();
        if (response.statusCode === 400 && i < this.endpoint.urls.length - 1) continue;
        if (response.statusCode === 401) this.challenge = parseChallenge(header(response, 'www-authenticate'));
        this.baseUrl = url;
        return url;
      } catch (err) {
        lastError = err;
      }
    }
    throw new BerthError('REGISTRY_UNREACHABLE', `cannot reach registry ${this.host} at ${this.endpoint.urls.join(' or ')}: ${describeError(lastError)}`, {
      hint: !this.endpoint.insecure && /ssl|tls|EPROTO/i.test(describeError(lastError)) ? `if ${this.host} serves plain HTTP, add it to "insecure-registries" in berth's config` : undefined,
      cause: lastError,
    });
  }

  private async authorization(scopes: string[]): Promise<string | undefined> {
    const challenge = this.challenge;
    const credentials = await this.login();
    if (challenge?.scheme === 'bearer') {
      const key = scopes.join(' ');
      const cached = await this.tokens.get(key)?.catch(() => undefined);
      if (cached && cached.expiresAt > Date.now()) return cached.header;
      const pending = fetchToken(this.endpoint.dispatcher, challenge, scopes, credentials);
      this.tokens.set(key, pending);
      return (await pending).header;
    }
    return credentials && !credentials.identityToken ? basicHeader(credentials) : undefined;
  }

  private networkError(err: unknown, request: RegistryRequest): unknown {
    if (err instanceof BerthError || !isNetworkError(err)) return err;
    return new BerthError('REGISTRY_UNREACHABLE', `${request.what}: connection to ${this.host} failed: ${describeError(err)}`, { cause: err });
  }

  private async statusError(response: RegistryResponse, request: RegistryRequest): Promise<BerthError> {
    const status = response.statusCode;
    const error = registryError(request.method === 'HEAD' ? '' : await response.body.text().catch(() => ''));
    if (request.method === 'HEAD') await response.body.dump();
    if (status === 401) {
      const who = (await this.login()) ? 'the saved credentials were rejected' : 'authentication required';
      return new BerthError('REGISTRY_UNAUTHORIZED', `unauthorized: ${request.what}: ${who}: run '${loginCommand(this.host)}'`);
    }
    if (status === 403) return new BerthError('REGISTRY_DENIED', `denied: ${request.what}: ${error.message || 'requested access to the resource is denied'}`);
    if (status === 404) return new BerthError('REGISTRY_NOT_FOUND', `${request.what} not found${error.text ? `: ${error.text}` : ''}`);
    if (status === 429) return new BerthError('REGISTRY_TOO_MANY_REQUESTS', `toomanyrequests: ${request.what}: ${error.message || 'too many requests'}; gave up after ${1 + (this.options.retries ?? 4)} attempts`);
    return new BerthError(status >= 500 ? 'REGISTRY_ERROR' : 'REGISTRY_REJECTED', `${request.what}: ${this.host} answered ${status}${error.text ? `: ${error.text}` : ''}`);
  }
}

/** The first header value. */
export function header(response: RegistryResponse, name: string): string | undefined {
  const value = response.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The first error of a distribution error body: its message, and `code: message` (docker's form) as text; raw text otherwise. */
function registryError(body: string): { message: string; text: string } {
  try {
    const first = (JSON.parse(body) as { errors?: Array<{ code?: string; message?: string }> }).errors?.[0];
    if (first) {
      const code = (first.code ?? '').toLowerCase().replace(/_/g, ' ');
      const message = first.message ?? '';
      return { message, text: code && message ? `${code}: ${message}` : code || message };
    }
  } catch {
    // not JSON: the raw text below
  }
  const line = body.split('\n')[0].slice(0, 200);
  return { message: line, text: line };
}

function describeError(err: unknown): string {
  const e = err as { message?: string; code?: string; cause?: { message?: string; code?: string } } | undefined;
  const cause = e?.cause?.message ?? e?.message ?? String(err);
  return e?.cause?.code ?? e?.code ? `${cause} (${e?.cause?.code ?? e?.code})` : cause;
}
