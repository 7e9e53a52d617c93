// How a registry host is reached: its base URLs (scheme, docker.io's API host, mirrors) and an
// undici Agent carrying the TLS material of /etc/docker/certs.d/<host>/.
import { readdir, readFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import { join } from 'node:path';
import { rootCertificates } from 'node:tls';
import type { Agent } from 'undici';
import { certsDir, type RegistrySettings } from './settings.js';
import { loadAgent } from './undici-agent.js';

/** docker.io's API host. */
export const DOCKER_HUB_API = 'registry-1.docker.io';

/** One way to reach a registry: try `urls` in order (the first that answers is used). */
export interface Endpoint {
  /** The registry as named in references (`docker.io`, `localhost:5000`). */
  host: string;
  /** Base URLs without `/v2/`, preferred first (docker.io's mirrors first when pulling; HTTP first for loopback). */
  urls: string[];
  /** True when TLS errors are tolerated and plain HTTP is allowed. */
  insecure: boolean;
  dispatcher: Agent;
}

/** True for localhost, 127.0.0.0/8 and ::1. */
function isLoopback(host: string): boolean {
  const hostname = hostnameOf(host);
  return hostname === 'localhost' || hostname === '::1' || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}

/** True for loopback hosts, or a host/CIDR listed in `insecure-registries`. */
export function isInsecureHost(host: string, settings: RegistrySettings): boolean {
  const hostname = hostnameOf(host);
  if (isLoopback(host)) return true;
  return (settings['insecure-registries'] ?? []).some((entry) => entry === host || entry === hostname || inCidr(hostname, entry));
}

function hostnameOf(host: string): string {
  if (host.startsWith('[')) return host.slice(1, host.indexOf(']'));
  const colon = host.lastIndexOf(':');
  return colon > 0 && !host.slice(0, colon).includes(':') ? host.slice(0, colon) : host;
}

function inCidr(ip: string, cidr: string): boolean {
  const [base, bitsText] = cidr.split('/');
  if (bitsText === undefined || isIP(ip) !== 4 || isIP(base) !== 4) return false;
  const bits = Number(bitsText);
  const toInt = (text: string) => text.split('.').reduce((n, part) => (n << 8) + Number(part), 0) >>> 0;
  const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
  return ((toInt(ip) & mask) >>> 0) === ((toInt(base) & mask) >>> 0);
}

/** CA bundles (`*.crt`) and client key pairs (`*.cert` + `*.key`) of one host's certs.d folder. */
async function hostTls(host: string): Promise<{ ca?: string[]; cert?: string; key?: string }> {
  const dir = join(certsDir(), host.replace(/:/g, process.platform === 'win32' ? '_' : ':'));
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return {};
  }
  const read = (name: string) => readFile(join(dir, name), 'utf8');
  const cas = await Promise.all(names.filter((n) => n.endsWith('.crt')).map(read));
  const certName = names.find((n) => n.endsWith('.cert') && names.includes(n.replace(/\.cert$/, '.key')));
  return {
    ca: cas.length > 0 ? [...rootCertificates, ...cas] : undefined,
    cert: certName ? await read(certName) : undefined,
    key: certName ? await read(certName.replace(/\.cert$/, '.key')) : undefined,
  };
}

/** Builds the endpoint of a registry host from the settings and its certs.d folder; mirrors serve pulls only. */
export async function resolveEndpoint(host: string, settings: RegistrySettings, push = false): Promise<Endpoint> {
  const insecure = isInsecureHost(host, settings);
  const apiHost = host === 'docker.io' ? DOCKER_HUB_API : host;
  const tls = await hostTls(apiHost);
  // undici is loaded on first use, so importing the client (the build engine does) stays cheap.
  const Agent = loadAgent();
  const dispatcher = new Agent({
    connect: { ...tls, rejectUnauthorized: !insecure },
    keepAliveTimeout: 30_000,
    headersTimeout: 120_000,
    bodyTimeout: 120_000,
  });
  const mirrors = host === 'docker.io' && !push ? (settings['registry-mirrors'] ?? []).map((m) => m.replace(/\/+$/, '')) : [];
  // Loopback registries are nearly always plain HTTP: try that first (HTTPS after), saving a TLS attempt per command.
  const urls = isLoopback(host)
    ? [`http://${apiHost}`, `https://${apiHost}`]
    : [...mirrors, `https://${apiHost}`, ...(insecure ? [`http://${apiHost}`] : [])];
  return { host, urls, insecure, dispatcher };
}
