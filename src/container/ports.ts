import { BerthError } from '../core/index.js';
import type { ContainerRecord, PortBinding } from './types.js';

function portNumber(text: string, spec: string): number {
  const port = Number(text);
  if (!/^\d+$/.test(text) || port < 1 || port > 65535) throw new BerthError('INVALID_PORT', `invalid port "${text}" in ${JSON.stringify(spec)}`, { exitCode: 125 });
  return port;
}

/** Expands `8000-8002` into [8000, 8001, 8002]; a single port into one. */
function portRange(text: string, spec: string): number[] {
  const [from, to = from] = text.split('-');
  const start = portNumber(from, spec);
  const end = portNumber(to, spec);
  if (end < start) throw new BerthError('INVALID_PORT', `invalid port range ${text} in ${JSON.stringify(spec)}`, { exitCode: 125 });
  return Array.from({ length: end - start + 1 }, (_, i) => start + i);
}

/**
 * Parses `-p [HOST_ADDRESS:][HOST_PORT:]CONTAINER_PORT[/PROTOCOL]` (ranges like `8000-8001:80-81`;
 * IPv6 host addresses in brackets). An empty host port lets the kernel choose one.
 */
export function parsePublish(spec: string): PortBinding[] {
  const slash = spec.lastIndexOf('/');
  const protocol = slash >= 0 ? spec.slice(slash + 1) : 'tcp';
  if (protocol !== 'tcp' && protocol !== 'udp') throw new BerthError('INVALID_PORT', `invalid proto: ${protocol}`, { exitCode: 125 });
  const body = slash >= 0 ? spec.slice(0, slash) : spec;
  const bracket = /^\[([^\]]+)\]:(.*)$/.exec(body);
  const parts = bracket ? [bracket[1], ...bracket[2].split(':')] : body.split(':');
  if (parts.length > 3) throw new BerthError('INVALID_PORT', `invalid port format ${JSON.stringify(spec)}: use [HOST_ADDRESS:]HOST_PORT:CONTAINER_PORT[/PROTOCOL]`, { exitCode: 125 });
  const containerPorts = portRange(parts[parts.length - 1], spec);
  const hostText = parts.length >= 2 ? parts[parts.length - 2] : '';
  const hostIp = parts.length === 3 ? parts[0] : '';
  const hostPorts = hostText === '' ? containerPorts.map(() => 0) : portRange(hostText, spec);
  if (hostPorts.length !== containerPorts.length && hostPorts.length !== 1) {
    throw new BerthError('INVALID_PORT', `invalid ranges specified for container and host ports in ${JSON.stringify(spec)}`, { exitCode: 125 });
  }
  return containerPorts.map((containerPort, i) => ({ containerPort, protocol, hostIp, hostPort: hostPorts.length === 1 ? hostPorts[0] : hostPorts[i] }));
}

/** `--expose 80[/tcp]` as docker's ExposedPorts key. */
export function parseExpose(spec: string): string[] {
  const [ports, protocol = 'tcp'] = spec.split('/');
  return portRange(ports, spec).map((port) => `${port}/${protocol}`);
}

/** The ports to forward: `-p` bindings, and with `-P` every other exposed port on a port the kernel picks. */
export function publishedBindings(record: ContainerRecord): PortBinding[] {
  const bindings = [...record.host.ports];
  if (record.host.publishAll) {
    for (const key of record.config.exposedPorts) {
      const [port, protocol] = key.split('/');
      if (!bindings.some((b) => `${b.containerPort}/${b.protocol}` === key)) bindings.push({ containerPort: Number(port), protocol: protocol as 'tcp' | 'udp', hostIp: '', hostPort: 0 });
    }
  }
  return bindings;
}

/** One binding as `docker port` prints it: `80/tcp -> 0.0.0.0:8080`. */
export function formatBinding(binding: PortBinding): string {
  return `${binding.containerPort}/${binding.protocol} -> ${binding.hostIp || '0.0.0.0'}:${binding.hostPort}`;
}

/** The PORTS column of `ps`: `0.0.0.0:8080->80/tcp, 443/tcp`. */
export function portsColumn(exposed: string[], bound: PortBinding[]): string {
  const published = bound.map((b) => `${b.hostIp || '0.0.0.0'}:${b.hostPort}->${b.containerPort}/${b.protocol}`);
  const unpublished = exposed.filter((key) => !bound.some((b) => `${b.containerPort}/${b.protocol}` === key));
  return [...published, ...unpublished].join(', ');
}
