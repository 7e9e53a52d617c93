// Which directories snapshots stack on: an unpacked layer that is a lower of a snapshot (a
// container's root filesystem, a build step in progress) must stay while that snapshot exists.
import { readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { readMeta } from './meta.js';

/**
 * The lower directories (absolute paths) of the snapshots in `dirs`; a directory that is not a
 * snapshot, or is only half made, contributes nothing. Undefined when a snapshot's record cannot be
 * read: what it stacks on is then unknown, and nothing may be taken for unused.
 */
export async function snapshotLowers(dirs: readonly string[]): Promise<Set<string> | undefined> {
  const lowers = new Set<string>();
  for (const dir of dirs) {
    let meta;
    try {
      meta = await readMeta(dir);
    } catch {
      return undefined;
    }
    for (const lower of meta?.lowers ?? []) lowers.add(resolve(lower));
  }
  return lowers;
}

/** The entries of `root` as paths (none when it does not exist), with `leaf` appended when given. */
export async function childDirs(root: string, leaf?: string): Promise<string[]> {
  const names = await readdir(root).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return [] as string[];
    throw err;
  });
  return names.map((name) => (leaf === undefined ? join(root, name) : join(root, name, leaf)));
}
