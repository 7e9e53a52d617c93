import { readFile, unlink, writeFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { BerthError, currentProcess, isAlive, type ProcessIdentity } from '../core/index.js';

const GIVE_UP_MS = 60_000;

/** Takes the lock file (exclusive create, naming its holder); a dead holder's lock is taken over. */
async function acquire(lockPath: string): Promise<void> {
  const me = JSON.stringify(currentProcess());
  const deadline = Date.now() + GIVE_UP_MS;
  for (let delay = 2; ; delay = Math.min(delay * 2, 50)) {
    try {
      await writeFile(lockPath, me, { flag: 'wx' });
      return;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const holder = await readFile(lockPath, 'utf8').then((text) => JSON.parse(text) as ProcessIdentity, () => undefined);
    if (holder !== undefined && !isAlive(holder)) {
      await unlink(lockPath).catch(() => undefined);
      continue;
    }
    if (Date.now() > deadline) throw new BerthError('CONTAINER_LOCKED', `cannot lock ${lockPath}: held by process ${holder?.pid ?? '?'}`, { hint: 'if no berth process runs, remove that file' });
    await sleep(delay);
  }
}

/**
 * Runs `work` holding the lock file `lockPath`, shared by berth processes (a container's state is
 * changed under one). Cheap on purpose: one exclusive create and one unlink, no helper library.
 */
export async function withFileLock<T>(lockPath: string, work: () => Promise<T>): Promise<T> {
  await acquire(lockPath);
  try {
    return await work();
  } finally {
    await unlink(lockPath).catch(() => undefined);
  }
}
