import { mkdir, readFile, unlink } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { BerthError, currentProcess, type ProcessIdentity } from '../../core/index.js';
import { claimFile, type ClaimFormat } from '../lock.js';

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

/** A lease of `netns`; a dead owner's lease is taken over only once its namespace is gone too. */
function leaseClaim(netns: string): ClaimFormat {
  return {
    text: JSON.stringify({ netns, owner: currentProcess() } satisfies Lease),
    holder: (text) => (JSON.parse(text) as Lease).owner,
    reclaimable: (text) => !existsSync(`/run/netns/${(JSON.parse(text) as Lease).netns}`),
  };
}

/** Takes a free address for `netns`: the first whose lease file it can claim (see {@link claimFile}). */
export async function allocateAddress(netns: string): Promise<string> {
  await mkdir(LEASES, { recursive: true });
  const claim = leaseClaim(netns);
  for (let n = 2; n < 65535; n++) {
    if ((n & 255) === 0 || (n & 255) === 255) continue;
    const address = addressAt(n);
    if ((await claimFile(join(LEASES, address), claim)).taken) return address;
  }
  throw new BerthError('NETWORK_EXHAUSTED', `no free address left in 172.29.0.0/${PREFIX_LENGTH}`, { exitCode: 125 });
}

/** Frees an address taken for `netns` (left alone when another namespace holds it now). */
export async function releaseAddress(address: string, netns: string): Promise<void> {
  const file = join(LEASES, address);
  const lease = await readFile(file, 'utf8').then((text) => JSON.parse(text) as Lease).catch(() => undefined);
  if (lease?.netns === netns) await unlink(file).catch(() => undefined);
}
