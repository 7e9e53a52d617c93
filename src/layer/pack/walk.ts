import { lstatSync } from 'node:fs';
import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Stats } from 'node:fs';
import type { PackOptions, TarInput } from '../types.js';
import { fileBody } from './file-body.js';
import { entryTypeOf, headerFromStats } from './stat-header.js';

/** Children of a directory in byte-wise order of their UTF-8 names (Go's sort.Strings, as docker's walk uses). */
export async function sortedChildren(dir: string): Promise<string[]> {
  const names = await readdir(dir);
  return names.sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
}

/** Joins the tar prefix and a relative path ('.' is the directory itself). */
export function tarPath(prefix: string | undefined, rel: string): string {
  const cleanPrefix = (prefix ?? '').replace(/^\/+|\/+$/g, '');
  if (rel === '.') return cleanPrefix === '' ? '.' : cleanPrefix;
  return cleanPrefix === '' ? rel : `${cleanPrefix}/${rel}`;
}

/**
 * Tracks inodes with several links so the second and later paths become hardlink entries
 * pointing at the first path written.
 */
export class HardlinkTracker {
  private readonly first = new Map<string, string>();

  /** Returns the earlier tar path of the same inode, or records this one and returns undefined. */
  check(stats: Stats, path: string): string | undefined {
    // Overlayfs shares one inode among whiteouts (0/0 char devices); they are never real hardlinks.
    if (stats.nlink < 2 || stats.isDirectory() || (stats.isCharacterDevice() && stats.rdev === 0)) return undefined;
    const key = `${stats.dev}:${stats.ino}`;
    const earlier = this.first.get(key);
    if (earlier === undefined) this.first.set(key, path);
    return earlier;
  }
}

/** Makes the tar input for one path, as a hardlink when its inode was already written. */
export async function inputFor(hostPath: string, rel: string, stats: Stats, options: PackOptions, links: HardlinkTracker): Promise<TarInput | undefined> {
  const type = entryTypeOf(stats);
  if (type === undefined) return undefined;
  const path = tarPath(options.prefix, rel);
  const header = await headerFromStats(hostPath, path, stats, type, options);
  const earlier = links.check(stats, path);
  if (earlier !== undefined) return { header: { ...header, type: 'hardlink', size: 0, linkTarget: earlier } };
  return type === 'file' ? { header, body: fileBody(hostPath, header.size) } : { header };
}

/**
 * Walks a directory tree depth-first, each directory's children in byte-wise name order,
 * yielding tar inputs: files with lazy bodies, the second and later paths of a hardlinked inode
 * as hardlinks to the first, xattrs, devices. Applies PackOptions (prefix, uid/gid override,
 * sourceDateEpoch clamp, exclude). Sockets are skipped (tar cannot hold them).
 */
export async function* walkTree(dir: string, options: PackOptions = {}): AsyncGenerator<TarInput> {
  const links = new HardlinkTracker();
  if (options.includeRoot) {
    const input = await inputFor(dir, '.', await lstat(dir), options, links);
    if (input) yield input;
  }
  yield* walkChildren(dir, '.', options, links);
}

async function* walkChildren(dir: string, rel: string, options: PackOptions, links: HardlinkTracker): AsyncGenerator<TarInput> {
  const children = (await sortedChildren(rel === '.' ? dir : join(dir, rel)))
    .map((name) => (rel === '.' ? name : `${rel}/${name}`))
    .filter((childRel) => !options.exclude?.(childRel));
  // Synchronous lstat: microseconds each, where an awaited thread-pool round trip per entry dominated the walk.
  const allStats = children.map((childRel) => lstatSync(join(dir, childRel)));
  for (const [i, childRel] of children.entries()) {
    options.signal?.throwIfAborted();
    const hostPath = join(dir, childRel);
    const stats = allStats[i]!;
    const input = await inputFor(hostPath, childRel, stats, options, links);
    if (input === undefined) continue;
    yield input;
    if (stats.isDirectory()) yield* walkChildren(dir, childRel, options, links);
  }
}
