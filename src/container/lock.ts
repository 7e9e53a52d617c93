import { BerthError } from '../core/index.js';

/**
 * Runs `work` holding proper-lockfile's lock at `lockPath` (a directory lock shared by berth
 * processes): the containers' name table and each container's state are changed under one.
 */
export async function withFileLock<T>(lockPath: string, work: () => Promise<T>): Promise<T> {
  const { lock } = await import('proper-lockfile');
  const release = await lock(lockPath, {
    realpath: false,
    lockfilePath: lockPath,
    stale: 10_000,
    update: 2_000,
    retries: { retries: 2_000, factor: 1.3, minTimeout: 5, maxTimeout: 100, randomize: true },
  }).catch((err: unknown) => {
    throw new BerthError('CONTAINER_LOCKED', `cannot lock ${lockPath}: ${(err as Error).message}`, { hint: 'if no berth process runs, remove that lock directory' });
  });
  try {
    return await work();
  } finally {
    await release().catch(() => undefined);
  }
}
