import type { Stats } from 'node:fs';
import { chmod, chown, lstat, mkdir, symlink, utimes, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

// docker's init layer (daemon/initlayer): mount points and marker files every container has,
// kept out of the container's own changes (diff, commit) by living in a layer of their own.
const INIT_ENTRIES: [string, 'dir' | 'file' | { symlink: string }][] = [
  ['/dev/pts', 'dir'],
  ['/dev/shm', 'dir'],
  ['/proc', 'dir'],
  ['/sys', 'dir'],
  ['/.dockerenv', 'file'],
  ['/etc/resolv.conf', 'file'],
  ['/etc/hosts', 'file'],
  ['/etc/hostname', 'file'],
  ['/dev/console', 'file'],
  ['/etc/mtab', { symlink: '/proc/mounts' }],
];

/** What the merged lowers (top first, overlay format) have at `path`, or undefined. */
async function inLowers(lowers: string[], path: string): Promise<Stats | undefined> {
  for (const lower of lowers) {
    const stats = await lstat(join(lower, path)).catch(() => undefined);
    if (stats === undefined) continue;
    return stats.isCharacterDevice() && stats.rdev === 0 ? undefined : stats;
  }
  return undefined;
}

/**
 * Creates `path`'s parents in `dir`: copies of the image's directories (mode, owner, times, so the
 * merged view is unchanged), or new 0755 root-owned ones where the image has none.
 */
async function ensureParents(dir: string, lowers: string[], path: string, copied: Map<string, Stats>): Promise<void> {
  const parent = dirname(path);
  if (parent === '/') return;
  await ensureParents(dir, lowers, parent, copied);
  const target = join(dir, parent);
  if (await lstat(target).then(() => true, () => false)) return;
  const stats = await inLowers(lowers, parent);
  await mkdir(target, { mode: 0o755 });
  if (stats === undefined) return;
  await chmod(target, stats.mode & 0o7777);
  await chown(target, stats.uid, stats.gid);
  copied.set(target, stats);
}

/**
 * Writes the container's init layer into `dir`: what docker's init layer has (/proc, /sys,
 * /dev/pts, /dev/shm, /.dockerenv, empty /etc/hosts, /etc/resolv.conf, /etc/hostname,
 * /dev/console, /etc/mtab → /proc/mounts), each only when the image lacks it.
 */
export async function writeInitLayer(dir: string, lowers: string[]): Promise<void> {
  await mkdir(dir, { recursive: true });
  const copied = new Map<string, Stats>();
  for (const [path, kind] of INIT_ENTRIES) {
    if (await inLowers(lowers, path)) continue;
    await ensureParents(dir, lowers, path, copied);
    const target = join(dir, path);
    if (kind === 'dir') await mkdir(target, { recursive: true, mode: 0o755 });
    else if (kind === 'file') await writeFile(target, '', { mode: 0o755 });
    else await symlink(kind.symlink, target);
  }
  // Times last: creating the entries above changed them. Deepest first, so parents stay as set.
  for (const [target, stats] of [...copied].reverse()) await utimes(target, stats.atime, stats.mtime);
}
