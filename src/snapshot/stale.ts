import { readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { readMeta } from './meta.js';
import { mountPointsUnder } from './mount.js';
import { isAlive } from '../core/index.js';
import { removeDir } from './remove-dir.js';
import type { StaleCleanupReport } from './types.js';

// A directory without meta.json is a snapshot being created right now, or one whose creator died
// in the first instants; only the second kind is old.
const HALF_MADE_GRACE_MS = 60_000;

async function isStale(dir: string): Promise<boolean> {
  const meta = await readMeta(dir).catch(() => undefined);
  if (meta === undefined) {
    const info = await stat(dir).catch(() => undefined);
    return info !== undefined && Date.now() - info.mtimeMs > HALF_MADE_GRACE_MS;
  }
  return !meta.persistent && !isAlive(meta.owner);
}

/**
 * Removes what crashed processes left under a snapshot root: non-persistent snapshots whose owner
 * process is gone (unmounted, then deleted). Persistent snapshots are left alone. Safe to run
 * while other berth processes work: live owners' snapshots are never touched.
 */
export async function cleanupStale(root: string): Promise<StaleCleanupReport> {
  const report: StaleCleanupReport = { unmounted: [], removed: [] };
  const base = resolve(root);
  const names = await readdir(base).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return [] as string[];
    throw err;
  });
  for (const name of names.sort()) {
    const dir = join(base, name);
    if (!(await isStale(dir))) continue;
    const mounts = await mountPointsUnder(dir);
    await removeDir(dir);
    report.unmounted.push(...mounts);
    report.removed.push(dir);
  }
  return report;
}
