import { hostname as hostHostname } from 'node:os';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { EtcFiles } from './spec.js';
import type { ContainerConfig } from './types.js';

const DEFAULT_HOSTS = [
  '127.0.0.1\tlocalhost',
  '::1\tlocalhost ip6-localhost ip6-loopback',
  'fe00::0\tip6-localnet',
  'ff00::0\tip6-mcastprefix',
  'ff02::1\tip6-allnodes',
  'ff02::2\tip6-allrouters',
];
// What docker puts in resolv.conf when the host's only nameservers are local ones.
const FALLBACK_NAMESERVERS = ['nameserver 8.8.8.8', 'nameserver 8.8.4.4'];
const SYSTEMD_RESOLVED_STUB = '127.0.0.53';
const SYSTEMD_RESOLVED_UPSTREAM = '/run/systemd/resolve/resolv.conf';

/** The container's hostname: the given one, the host's with host networking, else the id's first 12 characters. */
export function containerHostname(config: ContainerConfig): string {
  return config.hostname ?? (config.network === 'host' ? hostHostname() : config.id.slice(0, 12));
}

async function readOptional(path: string): Promise<string> {
  return readFile(path, 'utf8').catch(() => '');
}

function isLocalNameserver(line: string): boolean {
  const match = /^\s*nameserver\s+(\S+)/.exec(line);
  return match !== null && (match[1].startsWith('127.') || match[1] === '::1');
}

/** The host's resolv.conf as docker gives it to containers: loopback nameservers only make sense with host networking. */
async function resolvConf(hostNetwork: boolean): Promise<string> {
  let text = await readOptional('/etc/resolv.conf');
  if (text.includes(`nameserver ${SYSTEMD_RESOLVED_STUB}`)) text = (await readOptional(SYSTEMD_RESOLVED_UPSTREAM)) || text;
  if (hostNetwork) return text;
  const lines = text.split('\n').filter((line) => !isLocalNameserver(line) && line !== '');
  if (!lines.some((line) => /^\s*nameserver\s/.test(line))) lines.push(...FALLBACK_NAMESERVERS);
  return `${lines.join('\n')}\n`;
}

async function hosts(config: ContainerConfig): Promise<string> {
  const base = config.network === 'host' ? (await readOptional('/etc/hosts')).trimEnd().split('\n') : DEFAULT_HOSTS;
  const extra = (config.extraHosts ?? []).map(({ host, ip }) => `${ip}\t${host}`);
  return `${[...base, ...extra].join('\n')}\n`;
}

/** Writes `hosts`, `resolv.conf` and `hostname` for the container into `dir`. */
export async function writeEtcFiles(dir: string, config: ContainerConfig): Promise<EtcFiles> {
  const files: EtcFiles = { hosts: join(dir, 'hosts'), resolvConf: join(dir, 'resolv.conf'), hostname: join(dir, 'hostname') };
  await Promise.all([
    writeFile(files.hosts, await hosts(config)),
    writeFile(files.resolvConf, await resolvConf(config.network === 'host')),
    writeFile(files.hostname, `${containerHostname(config)}\n`),
  ]);
  return files;
}
