import { randomUUID } from 'node:crypto';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { Authenticator, Grant, Registry } from './context.js';
import { RegistryError, sendError } from './errors.js';
import { send } from './http-util.js';
import { checkRepositoryName } from './names.js';
import { RegistryStorage } from './registry-storage.js';
import { matchRoute } from './router.js';
import type { StorageDriver } from './storage/driver.js';
import { Uploads } from './uploads.js';

/** Everything a registry server needs; see `loadRegistryConfig` for how the CLI fills it. */
export interface RegistryServerOptions {
  driver: StorageDriver;
  logger: Logger;
  /** Allow DELETE of manifests, tags and blobs (default false, like distribution). */
  deleteEnabled?: boolean;
  /** Largest manifest accepted (default 4 MiB, like distribution). */
  maxManifestBytes?: number;
  /** Off when undefined: every client may do everything. */
  authenticator?: Authenticator;
  /** PEM certificate and key: serve HTTPS. */
  tls?: { cert: Buffer; key: Buffer };
  /** Extra endpoints outside /v2/ (metrics, health, UI); true when one answered. */
  extraRoutes?: (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<boolean>;
  /**
   * Requests handled at once; beyond it clients get 429 TOO_MANY_REQUESTS with Retry-After
   * (default 1024). Bounds memory and file handles under floods.
   */
  maxInFlight?: number;
  /** A connection idle this long (no byte either way) is closed: slow clients cannot pin it (default 120 s). */
  idleTimeoutMs?: number;
  /** Called when a request ends, for metrics. */
  onRequestDone?: (info: { route: string; method: string; status: number; seconds: number }) => void;
}

const OPEN_GRANT: Grant = { allows: () => true };
const REQUEST_ID = /^[A-Za-z0-9._-]{1,128}$/;

/** Unread request bytes that are read and dropped after an early error answer. */
const DROPPED_BODY_LIMIT = 16 * 1024 * 1024;

/**
 * An error answered before the request body was read (a refused upload or manifest). A socket
 * closed with unread data resets, and the client may lose the answer while it is still sending:
 * so a body nobody started reading, of known and bounded length, is read and dropped and the
 * connection kept (node's server drains it). A larger or chunked one, or one a failed write was
 * consuming (its stream may be half-piped), closes the connection after the answer.
 */
function dropUnreadBody(req: IncomingMessage, res: ServerResponse): void {
  const declared = Number(req.headers['content-length']);
  const untouched = req.readableFlowing === null && !req.destroyed;
  if (!(untouched && Number.isFinite(declared) && declared <= DROPPED_BODY_LIMIT)) res.setHeader('Connection', 'close');
  req.resume();
}

/** An OCI distribution registry over node:http. */
export class RegistryServer {
  readonly server: Server;
  readonly registry: Registry;
  private readonly options: RegistryServerOptions;
  private readonly active = new Set<Promise<void>>();

  constructor(options: RegistryServerOptions) {
    this.options = options;
    const storage = new RegistryStorage(options.driver);
    this.registry = {
      storage,
      uploads: new Uploads(storage),
      deleteEnabled: options.deleteEnabled ?? false,
      maxManifestBytes: options.maxManifestBytes ?? 4 * 1024 * 1024,
    };
    const listener = (req: IncomingMessage, res: ServerResponse) => this.track(this.handle(req, res));
    this.server = options.tls ? createHttpsServer({ cert: options.tls.cert, key: options.tls.key }, listener) : createHttpServer(listener);
    // Uploads of large layers over slow links must not be cut by a total request timeout; a
    // client that stops sending is cut by the idle timeout instead.
    this.server.requestTimeout = 0;
    this.server.headersTimeout = 60_000;
    this.server.keepAliveTimeout = 75_000;
    this.server.setTimeout(options.idleTimeoutMs ?? 120_000, (socket) => socket.destroy());
  }

  /** Listens on host:port (port 0 picks a free one); resolves with the bound address. */
  listen(port: number, host: string): Promise<AddressInfo> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        resolve(this.server.address() as AddressInfo);
      });
    });
  }

  /**
   * Stops accepting connections, lets running requests finish (up to `graceMs`), then closes
   * what is left.
   */
  async close(graceMs = 30_000): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeIdleConnections();
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs)));
    await Promise.race([Promise.allSettled([...this.active]), deadline]);
    clearTimeout(timer);
    this.server.closeAllConnections();
    await closed;
  }

  private track(work: Promise<void>): void {
    // A request must never take the process down, whatever escapes its own error handling.
    const guarded = work.catch((err: unknown) => this.options.logger.error({ err }, 'request handling failed'));
    this.active.add(guarded);
    void guarded.finally(() => this.active.delete(guarded));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (this.active.size >= (this.options.maxInFlight ?? 1024)) {
      this.options.logger.warn({ method: req.method, path: req.url, inFlight: this.active.size }, 'too many requests: answered 429');
      res.setHeader('Docker-Distribution-API-Version', 'registry/2.0');
      res.setHeader('Connection', 'close');
      sendError(res, new RegistryError('TOO_MANY_REQUESTS', 'the registry is handling too many requests: retry shortly', { headers: { 'Retry-After': '1' } }));
      return;
    }
    const incomingId = req.headers['x-request-id'];
    const id = typeof incomingId === 'string' && REQUEST_ID.test(incomingId) ? incomingId : randomUUID();
    const log = this.options.logger.child({ requestId: id });
    const started = process.hrtime.bigint();
    const state = { route: 'other' };
    res.setHeader('X-Request-Id', id);
    res.setHeader('Docker-Distribution-API-Version', 'registry/2.0');
    const done = new Promise<void>((resolve) => res.once('close', resolve));
    try {
      await this.dispatch(req, res, log, state);
    } catch (err) {
      this.fail(req, res, err, log);
    }
    await done;
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const status = res.statusCode;
    const { route } = state;
    const fields = { method: req.method, path: req.url, route, status, ms: Math.round(seconds * 1000), user: (res as { user?: string }).user };
    if (status >= 500) log.error(fields, 'request failed');
    else log.info(fields, 'request');
    this.options.onRequestDone?.({ route, method: req.method ?? '', status, seconds });
  }

  /** Routes and runs the request; `state.route` names the route for logs and metrics. */
  private async dispatch(req: IncomingMessage, res: ServerResponse, log: Logger, state: { route: string }): Promise<void> {
    const rawUrl = req.url ?? '/';
    const query = rawUrl.indexOf('?');
    const path = query < 0 ? rawUrl : rawUrl.slice(0, query);
    const url = new URL(rawUrl.startsWith('/') ? rawUrl : '/', 'http://registry.invalid');
    const method = req.method ?? 'GET';
    const match = matchRoute(method, path);
    if (!match) {
      state.route = 'auth';
      if (await this.options.authenticator?.serve?.(req, res, url)) return;
      state.route = 'operations';
      if (await this.options.extraRoutes?.(req, res, url)) return;
      state.route = 'unknown';
      throw new RegistryError('UNSUPPORTED', `no such endpoint: ${method} ${path}`, { status: 404 });
    }
    state.route = match.label;
    if (match.name) checkRepositoryName(match.name);
    const grant = await this.authorize(req, match.name, match.label, match.action);
    if (grant.user) (res as { user?: string }).user = grant.user;
    if (!match.handler) {
      throw new RegistryError('UNSUPPORTED', `${method} is not supported on ${path}`, { headers: { Allow: match.allowed.join(', ') } });
    }
    await match.handler({ req, res, url, name: match.name, param: match.param, registry: this.registry, grant, log });
  }

  private async authorize(req: IncomingMessage, name: string, label: string, action: 'pull' | 'push' | 'delete' | undefined): Promise<Grant> {
    const auth = this.options.authenticator;
    if (!auth) return OPEN_GRANT;
    if (label === 'catalog') return auth.authenticate(req, { type: 'catalog' });
    return auth.authenticate(req, action ? { type: 'repository', name, action } : undefined);
  }

  private fail(req: IncomingMessage, res: ServerResponse, err: unknown, log: Logger): void {
    if (res.headersSent) {
      // Mid-stream: the only honest signal left is cutting the connection.
      log.warn({ err }, 'response aborted');
      res.destroy();
      return;
    }
    if (!req.complete) dropUnreadBody(req, res);
    if (err instanceof RegistryError) {
      sendError(res, err, req.method === 'HEAD');
      return;
    }
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ECONNRESET' || code === 'ERR_STREAM_PREMATURE_CLOSE' || (err as Error).message === 'aborted') {
      log.warn({ err: String(err) }, 'client went away');
      res.destroy();
      return;
    }
    const full = code === 'ENOSPC' || code === 'EDQUOT';
    log.error({ err }, full ? 'storage is full: free space or grow the volume; the request was refused and nothing partial was stored' : 'internal error');
    send(res, full ? 507 : 500, {}, { errors: [{ code: 'UNKNOWN', message: full ? 'registry storage is full' : 'internal server error' }] });
  }
}
