import { mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { BerthError, currentProcess, isAlive, type ProcessIdentity } from '../../core/index.js';

/** The bridge's address, the containers' gateway. The /16 around it is used only by berth on this machine. */
export const GATEWAY = '172.29.0.1';
export const PREFIX_LENGTH = 16;
/** One file per address in use, shared by every berth store of the machine (they share the bridge). */
const LEASES = '/run/berth/ipam';

interface Lease {
  netns: string;
  owner: ProcessIdentity;
}

function addressAt(n: number): string {
  return `172.29.${n >> 8}.${n & 255}`;
}

/** A lease is stale when neither its namespace nor the process that took it exists. */
async function isStale(file: string): Promise<boolean> {
  try {
    const lease = JSON.parse(await readFile(file, 'utf8')) as Lease;
    return !existsSync(`/run/netns/${lease.netns}`) && !isAlive(lease.owner);
  } catch {
    return false;
  }
}

/** Takes a free address for `netns` (creating its lease file exclusively; stale leases are reclaimed). */
export async function allocateAddress(netns: string): Promise<string> {
  await mkdir(LEASES, { recursive: true });
  const lease: Lease = { netns, owner: currentProcess() };
  for (let n = 2; n < 65535; n++) {
    const address = addressAt(n);
    if ((n & 255) === 0 || (n & 255) === 255) continue;
    const file = join(LEASES, address);
    try {
      await writeFile(file, JSON.stringify(lease), { flag: 'wx' });
      return address;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      if (await isStale(file)) {
        await unlink(file).catch(() => undefined);
        n--;
      }
    }
  }
  throw new BerthError('NETWORK_EXHAUSTED', `no free address left in 172.29.0.0/${PREFIX_LENGTH}`, { exitCode: 125 });
}

/** Frees an address taken for `netns` (left alone when another namespace holds it now). */
export async function releaseAddress(address: string, netns: string): Promise<void> {
  const file = join(LEASES, address);
  const lease = await readFile(file, 'utf8').then((text) => JSON.parse(text) as Lease, () => undefined);
  if (lease?.netns === netns) await unlink(file).catch(() => undefined);
}
