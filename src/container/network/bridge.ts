import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { BerthError } from '../../core/index.js';
import type { NetworkState } from '../types.js';
import { allocateAddress, releaseAddress, GATEWAY, PREFIX_LENGTH } from './ipam.js';

/** The host bridge every bridge-networked container of this machine plugs into. */
export const BRIDGE = 'berth0';

/** Runs `ip ARGS…` with `batch` lines on stdin; BerthError NETWORK_SETUP with ip's message on failure. */
async function ip(args: string[], batch?: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile('ip', batch ? [...args, '-batch', '-'] : args, (err, stdout, stderr) => {
      if (err) reject(new BerthError('NETWORK_SETUP', `ip ${args.join(' ')} failed: ${String(stderr).trim().split('\n').pop()}`, { exitCode: 125 }));
      else resolve(stdout);
    });
    child.stdin?.on('error', () => undefined); // ip exits without reading when it fails early
    child.stdin?.end(batch ? `${batch.join('\n')}\n` : undefined);
  });
}

/** Creates the bridge with the gateway address when missing (concurrent callers are fine). */
async function ensureBridge(): Promise<void> {
  const present = await readFile(`/sys/class/net/${BRIDGE}/ifindex`).then(() => true, () => false);
  if (present) return;
  await ip(['link', 'add', BRIDGE, 'type', 'bridge']).catch((err: BerthError) => {
    if (!/File exists/.test(err.message)) throw err;
  });
  await ip(['addr', 'add', `${GATEWAY}/${PREFIX_LENGTH}`, 'dev', BRIDGE]).catch((err: BerthError) => {
    if (!/File exists|Address already assigned/.test(err.message)) throw err;
  });
  await ip(['link', 'set', BRIDGE, 'up']);
}

/** The names of a container's network namespace and host-side veth. */
export function networkNames(id: string): { netns: string; hostVeth: string } {
  return { netns: `berth-${id.slice(0, 12)}`, hostVeth: `vb${id.slice(0, 11)}` };
}

/**
 * Gives a container its own network namespace (`/run/netns/berth-<id12>`) with `eth0`, one end of
 * a veth pair whose other end is on the bridge, an address from the private range and a default
 * route through the bridge. Undone by {@link teardownBridgeNetwork}.
 */
export async function setupBridgeNetwork(id: string): Promise<NetworkState> {
  await ensureBridge();
  const { netns, hostVeth } = networkNames(id);
  const address = await allocateAddress(netns);
  try {
    await ip([], [`netns add ${netns}`, `link add ${hostVeth} type veth peer name eth0 netns ${netns}`, `link set ${hostVeth} master ${BRIDGE} up`]);
    await ip(['-n', netns], [`addr add ${address}/${PREFIX_LENGTH} dev eth0`, 'link set lo up', 'link set eth0 up', `route add default via ${GATEWAY}`]);
    const mac = (await readFile(`/sys/class/net/${hostVeth}/address`, 'utf8').catch(() => '')).trim();
    const links = JSON.parse(await ip(['-n', netns, '-j', 'link', 'show', 'eth0'])) as { address?: string }[];
    return { ipAddress: address, gateway: GATEWAY, prefixLength: PREFIX_LENGTH, macAddress: links[0]?.address ?? mac, netns, ports: [] };
  } catch (err) {
    await teardownBridgeNetwork(id, address);
    throw err;
  }
}

/** Deletes the container's namespace (and with it the veth pair) and frees its address. Idempotent. */
export async function teardownBridgeNetwork(id: string, address?: string): Promise<void> {
  const { netns, hostVeth } = networkNames(id);
  await ip(['netns', 'delete', netns]).catch(() => undefined);
  await ip(['link', 'delete', hostVeth]).catch(() => undefined);
  if (address !== undefined) await releaseAddress(address, netns);
}

/** The path runc joins for a namespace made by {@link setupBridgeNetwork}. */
export function netnsPath(netns: string): string {
  return `/run/netns/${netns}`;
}
