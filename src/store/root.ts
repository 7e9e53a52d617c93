import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/** Inputs to resolveStoreRoot; each defaults to the running process's value. */
export interface StoreRootOptions {
  /** The `--root` flag. */
  root?: string;
  env?: NodeJS.ProcessEnv;
  uid?: number;
}

/**
 * The store root: `--root`, else BERTH_ROOT, else /var/lib/berth as root, else
 * $XDG_DATA_HOME/berth (default ~/.local/share/berth). Always absolute.
 */
export function resolveStoreRoot(options: StoreRootOptions = {}): string {
  const env = options.env ?? process.env;
  if (options.root) return resolve(options.root);
  if (env.BERTH_ROOT) return resolve(env.BERTH_ROOT);
  const uid = options.uid ?? process.getuid?.() ?? -1;
  if (uid === 0) return '/var/lib/berth';
  const dataHome = env.XDG_DATA_HOME || join(env.HOME || homedir(), '.local', 'share');
  return resolve(dataHome, 'berth');
}
