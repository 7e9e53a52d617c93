import { lstat, readdir } from 'node:fs/promises';
import type { BigIntStats } from 'node:fs';
import { join } from 'node:path';

/** One entry met by {@link walk}: its path relative to the root ('/'-separated) and its lstat. */
export interface WalkEntry {
  path: string;
  stat: BigIntStats;
}

/** Every entry below `root` (not `root` itself), parents before children, never following symlinks. */
export async function* walk(root: string, signal?: AbortSignal, prefix = ''): AsyncGenerator<WalkEntry> {
  const names = (await readdir(join(root, prefix))).sort();
  for (const name of names) {
    signal?.throwIfAborted();
    const path = prefix === '' ? name : `${prefix}/${name}`;
    const stat = await lstat(join(root, path), { bigint: true });
    yield { path, stat };
    if (stat.isDirectory()) yield* walk(root, signal, path);
  }
}
