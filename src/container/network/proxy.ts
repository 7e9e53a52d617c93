import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { connect, createServer, type Server } from 'node:net';
import { BerthError } from '../../core/index.js';
import type { PortBinding } from '../types.js';

/** Published ports being forwarded; close() stops them all. */
export interface PortProxies {
  /** The bindings as bound (host port 0 replaced by the kernel's choice). */
  bound: PortBinding[];
  close(): void;
}

function portInUse(binding: PortBinding, err: NodeJS.ErrnoException): BerthError {
  const where = `${binding.hostIp || '0.0.0.0'}:${binding.hostPort}`;
  if (err.code === 'EADDRINUSE') return new BerthError('PORT_IN_USE', `Bind for ${where} failed: port is already allocated`, { exitCode: 125, hint: 'choose another host port or stop what listens there' });
  return new BerthError('PORT_BIND', `Bind for ${where} failed: ${err.message}`, { exitCode: 125 });
}

function tcpProxy(binding: PortBinding, target: string): Promise<{ port: number; close(): void }> {
  // Half-open: a client that ends its side still gets the whole answer (the end is passed on).
  const server: Server = createServer({ allowHalfOpen: true }, (client) => {
    const upstream = connect({ port: binding.containerPort, host: target, allowHalfOpen: true });
    client.pipe(upstream).pipe(client);
    const drop = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', drop);
    upstream.on('error', drop);
  });
  return new Promise((resolve, reject) => {
    server.once('error', (err) => reject(portInUse(binding, err)));
    server.listen({ port: binding.hostPort, host: binding.hostIp || '0.0.0.0', exclusive: true }, () => {
      const address = server.address();
      resolve({ port: typeof address === 'object' && address ? address.port : binding.hostPort, close: () => server.close() });
    });
  });
}

/** UDP: one socket towards the container per client address, replies sent back from the published port. */
function udpProxy(binding: PortBinding, target: string): Promise<{ port: number; close(): void }> {
  const socket = createSocket('udp4');
  const flows = new Map<string, UdpSocket>();
  socket.on('message', (message, client) => {
    const key = `${client.address}:${client.port}`;
    let flow = flows.get(key);
    if (flow === undefined) {
      const upstream = createSocket('udp4');
      upstream.on('message', (reply) => socket.send(reply, client.port, client.address));
      upstream.on('error', () => flows.delete(key));
      flows.set(key, upstream);
      flow = upstream;
    }
    flow.send(message, binding.containerPort, target);
  });
  return new Promise((resolve, reject) => {
    socket.once('error', (err) => reject(portInUse(binding, err)));
    socket.bind({ port: binding.hostPort, address: binding.hostIp || '0.0.0.0', exclusive: true }, () => {
      resolve({
        port: socket.address().port,
        close: () => {
          socket.close();
          for (const flow of flows.values()) flow.close();
        },
      });
    });
  });
}

/**
 * Listens on every published port and forwards connections (TCP) and datagrams (UDP) to the
 * container's address: docker's userland proxy. Throws docker's "port is already allocated"
 * (exit status 125) when a host port is taken; nothing stays bound then.
 */
export async function startPortProxies(bindings: PortBinding[], target: string): Promise<PortProxies> {
  const started: { port: number; close(): void }[] = [];
  const bound: PortBinding[] = [];
  try {
    for (const binding of bindings) {
      const proxy = await (binding.protocol === 'udp' ? udpProxy(binding, target) : tcpProxy(binding, target));
      started.push(proxy);
      bound.push({ ...binding, hostPort: proxy.port });
    }
  } catch (err) {
    for (const proxy of started) proxy.close();
    throw err;
  }
  return { bound, close: () => started.forEach((proxy) => proxy.close()) };
}
