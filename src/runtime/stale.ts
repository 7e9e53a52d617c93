import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { removeDir } from '../snapshot/index.js';
import { isAlive, type ProcessIdentity } from '../core/index.js';
import { OWNER_FILE } from './bundle.js';
import { Runc } from './runc.js';

async function readOwner(bundle: string): Promise<{ id: string; owner: ProcessIdentity } | undefined> {
  try {
    return JSON.parse(await readFile(join(bundle, OWNER_FILE), 'utf8')) as { id: string; owner: ProcessIdentity };
  } catch {
    return undefined;
  }
}

/**
 * Clears what killed berth processes left under a state directory: the foreground containers whose
 * owner process is gone (force-deleted in runc, which kills them) and their bundles. Persistent
 * bundles (detached containers) and live owners' containers are left alone. Returns the container
 * ids cleared.
 */
export async function cleanupStaleContainers(stateDir: string): Promise<string[]> {
  const bundles = join(stateDir, 'bundles');
  const runc = new Runc(join(stateDir, 'runc'));
  const cleared: string[] = [];
  for (const name of (await readdir(bundles).catch(() => [] as string[])).sort()) {
    const record = await readOwner(join(bundles, name));
    if (record === undefined || isAlive(record.owner)) continue;
    await runc.delete(record.id, { force: true });
    await removeDir(join(bundles, name));
    cleared.push(record.id);
  }
  return cleared;
}
