import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BigIntStats } from 'node:fs';
import { walk } from './tree-walk.js';
import type { DiffEntry } from './types.js';

const INDEX_FILE = 'copy-index.json';

// Any write, chmod, chown, rename or change of a directory's entries moves ctime, which userland
// cannot set back: comparing inode and ctime finds every change without keeping a second copy.
function fingerprint(stat: BigIntStats): string {
  return `${stat.ino}:${stat.ctimeNs}:${stat.mode & 0o170000n}`;
}

async function scan(rootfs: string): Promise<Map<string, string>> {
  const entries = new Map<string, string>();
  for await (const { path, stat } of walk(rootfs)) entries.set(path, fingerprint(stat));
  return entries;
}

/** Records the state of a freshly copied root filesystem in `<dir>/copy-index.json`. */
export async function writeCopyIndex(dir: string, rootfs: string): Promise<void> {
  await writeFile(join(dir, INDEX_FILE), JSON.stringify(Object.fromEntries(await scan(rootfs))));
}

/** The changes of `rootfs` since {@link writeCopyIndex}, sorted by path, like `docker diff`. */
export async function diffAgainstCopyIndex(dir: string, rootfs: string): Promise<DiffEntry[]> {
  const before = new Map(Object.entries(JSON.parse(await readFile(join(dir, INDEX_FILE), 'utf8')) as Record<string, string>));
  const now = await scan(rootfs);
  const entries: DiffEntry[] = [];
  for (const [path, print] of now) {
    const old = before.get(path);
    if (old === undefined) entries.push({ path: `/${path}`, kind: 'A' });
    else if (old !== print) entries.push({ path: `/${path}`, kind: 'C' });
  }
  for (const path of before.keys()) {
    const slash = path.lastIndexOf('/');
    // Only the top of a deleted tree is reported, as a whiteout would be.
    if (!now.has(path) && (slash < 0 || now.has(path.slice(0, slash)))) entries.push({ path: `/${path}`, kind: 'D' });
  }
  return entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
