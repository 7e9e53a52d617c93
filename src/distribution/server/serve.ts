import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pino, type Logger } from 'pino';
import { BerthError } from '../../core/index.js';
import { createAuthenticator } from './auth/index.js';
import { parseAddress, type RegistryConfig } from './config.js';
import { send } from './http-util.js';
import { RegistryMetrics } from './metrics.js';
import { RegistryServer } from './server.js';
import { createDriver } from './storage/index.js';
import type { Authenticator } from './context.js';
import type { RegistryStorage } from './registry-storage.js';
import { serveUi } from './ui/routes.js';

/** A started registry: where it listens and how to stop it. */
export interface RunningRegistry {
  url: string;
  server: RegistryServer;
  /** Graceful stop: no new connections, running requests finish. */
  stop(): Promise<void>;
}

/**
 * The endpoints beside the API: /metrics, /healthz, and the web UI, which shows every
 * repository and so needs what the catalog needs when auth is on.
 */
function operationsRoutes(metrics: RegistryMetrics, storage: () => RegistryStorage, authenticator: Authenticator | undefined) {
  return async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    if (url.pathname === '/metrics') {
      const { body, contentType } = await metrics.render();
      send(res, 200, { 'Content-Type': contentType }, body);
      return true;
    }
    if (url.pathname === '/healthz' || url.pathname === '/health') {
      // Healthy means the storage answers.
      const { driver } = storage();
      await driver.list('');
      send(res, 200, {}, { status: 'ok', storage: driver.kind });
      return true;
    }
    if (url.pathname === '/' || url.pathname.startsWith('/ui')) {
      await authenticator?.authenticate(req, { type: 'catalog' });
      return serveUi(storage(), res, url);
    }
    return false;
  };
}

/** Builds the server from a config and starts listening. */
export async function startRegistry(config: RegistryConfig, logger: Logger = pino({ level: config.logLevel })): Promise<RunningRegistry> {
  const driver = await createDriver(config);
  const metrics = new RegistryMetrics();
  const { host, port } = parseAddress(config.addr);
  const tls = config.tls ? { cert: await readFile(config.tls.certificate), key: await readFile(config.tls.key) } : undefined;
  const scheme = tls ? 'https' : 'http';
  const authenticator = await createAuthenticator(config, scheme);
  const server = new RegistryServer({
    driver,
    logger,
    deleteEnabled: config.storage.deleteEnabled,
    maxManifestBytes: config.maxManifestBytes,
    maxInFlight: config.maxInFlight,
    idleTimeoutMs: config.idleTimeoutSeconds * 1000,
    tls,
    authenticator,
    extraRoutes: operationsRoutes(metrics, () => server.registry.storage, authenticator),
    onRequestDone: (info) => metrics.observe(info),
  });
  const address = await server.listen(port, host).catch((err: NodeJS.ErrnoException) => {
    const hint = err.code === 'EADDRINUSE' ? 'another process (a registry?) uses it: stop it or pick another --addr' : err.code === 'EACCES' ? 'ports below 1024 need root' : undefined;
    throw new BerthError('REGISTRY_LISTEN', `cannot listen on ${config.addr}: ${err.code ?? err.message}`, { hint, cause: err });
  });
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `${scheme}://${shownHost}:${address.port}`;
  logger.info({ url, storage: config.storage.s3 ? `s3://${config.storage.s3.bucket}/${config.storage.s3.rootDirectory ?? ''}` : config.storage.rootdirectory, delete: config.storage.deleteEnabled, auth: Object.keys(config.auth ?? {}) }, 'registry listening');
  return { url, server, stop: () => server.close() };
}
