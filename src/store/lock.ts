// The store's one inter-process lock (proper-lockfile's mkdir lock at <root>/lock), serialized
// first within the process so concurrent async callers queue instead of spinning on the file.

import { join } from 'node:path';
import { BerthError } from '../core/index.js';

/** Mutual exclusion over a store root across async callers and processes. */
export class StoreLock {
  private readonly lockPath: string;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(root: string) {
    this.lockPath = join(root, 'lock');
  }

  /** Runs `work` holding the lock. Not re-entrant: never call it from inside `work`. */
  run<T>(work: () => Promise<T>): Promise<T> {
    const result = this.queue.then(() => this.runLocked(work));
    this.queue = result.catch(() => undefined);
    return result;
  }

  private async runLocked<T>(work: () => Promise<T>): Promise<T> {
    let compromised: Error | undefined;
    // Imported on first use: listing images never locks, and start-up time matters.
    const { lock } = await import('proper-lockfile');
    const release = await lock(this.lockPath, {
      realpath: false,
      lockfilePath: this.lockPath,
      stale: 10_000,
      update: 2_000,
      retries: { retries: 2_000, factor: 1.3, minTimeout: 5, maxTimeout: 100, randomize: true },
      onCompromised: (err) => {
        compromised = err;
      },
    }).catch((err: unknown) => {
      throw new BerthError('STORE_LOCKED', `cannot lock the store at ${this.lockPath}: ${(err as Error).message}`, {
        hint: 'another berth process holds it; if none runs, remove that lock directory',
        cause: err,
      });
    });
    try {
      const value = await work();
      if (compromised) throw new BerthError('STORE_LOCK_LOST', `lost the store lock ${this.lockPath} while working: ${compromised.message}`);
      return value;
    } finally {
      await release().catch(() => undefined);
    }
  }
}
