// Which directories snapshots stack on: an unpacked layer that is a lower of a snapshot (a
// container's root filesystem, a build step in progress) must stay while that snapshot exists.
import { resolve } from 'node:path';
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
