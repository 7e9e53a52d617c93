import type { Command } from 'commander';
import type { Store } from '../store/index.js';
import { globalOptions } from './program.js';

/** Opens the local store at the root chosen by the global `--root` flag (or its defaults). */
export async function openCliStore(cmd: Command): Promise<Store> {
  const { openStore } = await import('../store/store.js');
  return openStore({ root: globalOptions(cmd).root });
}
