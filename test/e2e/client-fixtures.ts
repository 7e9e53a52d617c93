// Shared pieces of the registry-client e2e tests: Debian's docker-registry 2.8.2 on a free
// loopback port (optionally behind htpasswd), a fault-injecting HTTP proxy, and store helpers.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import bcrypt from 'bcryptjs';

/** Debian's registry (distribution 2.8.2). */
export const DOCKER_REGISTRY = '/usr/bin/docker-registry';

/** A registry reachable on 127.0.0.1. */
export interface TestRegistry {
  /** `127.0.0.1:PORT` */
  host: string;
  url: string;
  /** Restarts the registry on the same port with empty storage. */
  reset(): Promise<void>;
  stop(): Promise<void>;
}

/** A free TCP port on 127.0.0.1 (released before returning; fine for tests on one machine). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Starts docker-registry 2.8.2 with filesystem storage in a temp dir; `users` turns on htpasswd auth. */
export async function startDockerRegistry(users?: Record<string, string>): Promise<TestRegistry> {
  const dir = await mkdtemp(join(tmpdir(), 'berth-client-registry-'));
  const port = await freePort();
  let auth = '';
  if (users) {
    const lines = Object.entries(users).map(([user, password]) => `${user}:${bcrypt.hashSync(password, 4).replace(/^\$2b\$/, '$2y$')}`);
    await writeFile(join(dir, 'htpasswd'), `${lines.join('\n')}\n`);
    auth = `auth:\n  htpasswd:\n    realm: berth-test\n    path: ${join(dir, 'htpasswd')}\n`;
  }
  await writeFile(join(dir, 'config.yml'), `version: 0.1\nlog:\n  level: warn\nstorage:\n  filesystem:\n    rootdirectory: ${join(dir, 'data')}\n  delete:\n    enabled: true\nhttp:\n  addr: 127.0.0.1:${port}\n${auth}`);
  const url = `http://127.0.0.1:${port}`;
  const start = async (): Promise<ChildProcess> => {
    const child = spawn(DOCKER_REGISTRY, ['serve', join(dir, 'config.yml')], { stdio: ['ignore', 'ignore', 'pipe'] });
    let output = '';
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await waitForHttp(url, child, () => output);
    return child;
  };
  let child = await start();
  return {
    host: `127.0.0.1:${port}`,
    url,
    reset: async () => {
      await stopChild(child);
      await rm(join(dir, 'data'), { recursive: true, force: true });
      child = await start();
    },
    stop: () => stopChild(child).then(() => rm(dir, { recursive: true, force: true })),
  };
}

async function waitForHttp(url: string, child: ChildProcess, output: () => string): Promise<void> {
  for (;;) {
    if (child.exitCode !== null) throw new Error(`registry exited ${child.exitCode}: ${output()}`);
    try {
      await (await fetch(`${url}/v2/`)).arrayBuffer();
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

/** What the fault proxy does with one request: pass it, answer it, damage the response body, or reset the connection before forwarding. */
export type FaultAction =
  | { kind: 'pass' }
  | { kind: 'status'; status: number; headers?: Record<string, string>; body?: string }
  | { kind: 'corrupt' }
  | { kind: 'truncate'; bytes: number }
  | { kind: 'drop'; afterBytes: number }
  | { kind: 'reset' };

/** A proxy in front of a registry; `fault` decides per request (default: pass everything). */
export interface FaultProxy {
  host: string;
  fault: (req: IncomingMessage) => FaultAction;
  /** Every request seen, as `METHOD path` (plus ` range=…` when it had a Range header). */
  requests: string[];
  stop(): Promise<void>;
}

/** Starts a fault-injecting HTTP proxy to `upstream` (`127.0.0.1:PORT`). */
export async function startFaultProxy(upstream: string): Promise<FaultProxy> {
  const [upstreamHost, upstreamPort] = upstream.split(':');
  const proxy: FaultProxy = { host: '', fault: () => ({ kind: 'pass' }), requests: [], stop: async () => {} };
  const server: Server = createServer((req, res) => {
    proxy.requests.push(`${req.method} ${req.url}${req.headers.range ? ` range=${req.headers.range}` : ''}`);
    const action = proxy.fault(req);
    if (action.kind === 'reset') {
      req.socket.destroy();
      return;
    }
    if (action.kind === 'status') {
      req.resume();
      res.writeHead(action.status, { 'content-type': 'application/json', ...action.headers });
      res.end(action.body ?? '');
      return;
    }
    const forward = httpRequest({ host: upstreamHost, port: Number(upstreamPort), method: req.method, path: req.url, headers: req.headers }, (upstreamRes) => relay(upstreamRes, res, action));
    forward.on('error', () => res.destroy());
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  proxy.stop = () => {
    server.closeAllConnections();
    return new Promise((resolve) => server.close(() => resolve()));
  };
  return proxy;
}

function relay(upstream: IncomingMessage, res: ServerResponse, action: FaultAction): void {
  const headers = { ...upstream.headers };
  if (action.kind === 'truncate') headers['content-length'] = String(Math.min(action.bytes, Number(headers['content-length'] ?? action.bytes)));
  res.writeHead(upstream.statusCode ?? 502, headers);
  let sent = 0;
  upstream.on('data', (chunk: Buffer) => {
    let part = chunk;
    if (action.kind === 'corrupt' && sent === 0) part = Buffer.concat([Buffer.from([chunk[0] ^ 0xff]), chunk.subarray(1)]);
    const limit = action.kind === 'truncate' ? action.bytes : action.kind === 'drop' ? action.afterBytes : Infinity;
    if (sent + part.length >= limit) {
      const head = part.subarray(0, limit - sent);
      sent = limit;
      upstream.destroy();
      // A drop happens once the bytes before it are on the wire, as a real connection loss would.
      if (action.kind === 'drop') res.write(head, () => res.destroy());
      else res.end(head);
      return;
    }
    sent += part.length;
    res.write(part);
  });
  upstream.on('end', () => res.end());
}

/** Environment for berth runs: a private docker config dir and berth config, so the host's logins never leak in. */
export function clientEnv(configDir: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { ...process.env, DOCKER_CONFIG: configDir, BERTH_CONFIG: join(configDir, 'berth.json'), ...extra };
}
