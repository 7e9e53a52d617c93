import { lstat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Stats } from 'node:fs';
import type { Readable } from 'node:stream';
import { getAttributeSync } from '@napi-rs/xattr';
import { writeTar } from '../tar/writer.js';
import type { Change, PackOptions, TarInput } from '../types.js';
import { diffTrees } from './tree-diff.js';
import { HardlinkTracker, inputFor, sortedChildren, tarPath } from './walk.js';
import { whiteoutFor } from './whiteout-entry.js';

async function* diffInputs(lowerDir: string, upperDir: string, options: PackOptions): AsyncGenerator<TarInput> {
  const links = new HardlinkTracker();
  for await (const change of diffTrees(lowerDir, upperDir)) {
    options.signal?.throwIfAborted();
    if (options.exclude?.(change.rel)) continue;
    if (change.kind === 'D') {
      yield whiteoutFor(tarPath(options.prefix, change.rel), { mtime: options.sourceDateEpoch ?? 0 });
      continue;
    }
    const host = join(upperDir, change.rel);
    const input = await inputFor(host, change.rel, await lstat(host), options, links);
    if (input) yield input;
  }
}

/**
 * A layer tar holding what changed from `lowerDir` to `upperDir` (the copy-based snapshot
 * fallback): added and changed entries, their unchanged parent directories (to keep their
 * metadata), and `.wh.NAME` whiteouts for deletions. Change detection follows docker's naive diff
 * (mode, owner, device, and for non-directories mtime at nanosecond precision and size).
 */
export function diffDirectories(lowerDir: string, upperDir: string, options: PackOptions = {}): Readable {
  return writeTar(diffInputs(lowerDir, upperDir, options));
}

function byPath(a: Change, b: Change): number {
  return Buffer.compare(Buffer.from(a.path), Buffer.from(b.path));
}

/** The changes from `lowerDir` to `upperDir` as `docker diff` lists them (A/C/D, paths from '/', sorted). */
export async function directoryChanges(lowerDir: string, upperDir: string): Promise<Change[]> {
  const changes: Change[] = [];
  for await (const change of diffTrees(lowerDir, upperDir)) changes.push({ kind: change.kind, path: `/${change.rel}` });
  return changes.sort(byPath);
}

function isWhiteoutDevice(stats: Stats): boolean {
  return stats.isCharacterDevice() && stats.rdev === 0;
}

function isOpaque(path: string): boolean {
  try {
    return getAttributeSync(path, 'trusted.overlay.opaque')?.toString() === 'y';
  } catch {
    return false;
  }
}

async function firstInLowers(lowerDirs: string[], rel: string): Promise<Stats | undefined> {
  for (const lower of lowerDirs) {
    const stats = await lstat(join(lower, rel)).catch(() => undefined);
    if (stats) return stats;
  }
  return undefined;
}

/**
 * The changes an overlay upper dir makes over its lower dirs (top-most first), in walk order,
 * following moby's overlay2 rules: whiteout devices and opaque directories that exist below are
 * 'D'; an upper path that exists in a lower dir is 'C' (unless it is a directory whose mode, size
 * and mtime are unchanged); anything else is 'A'; the parent of an A or D is listed as 'C'.
 */
export async function overlayChanges(upperDir: string, lowerDirs: string[]): Promise<Change[]> {
  const changes: Change[] = [];
  const changedDirs = new Set<string>();
  const visit = async (rel: string): Promise<void> => {
    for (const name of await sortedChildren(rel === '.' ? upperDir : join(upperDir, rel))) {
      const childRel = rel === '.' ? name : `${rel}/${name}`;
      const host = join(upperDir, childRel);
      const stats = await lstat(host);
      const below = await firstInLowers(lowerDirs, childRel);
      let kind: Change['kind'] | undefined;
      if (isWhiteoutDevice(stats) || (stats.isDirectory() && isOpaque(host) && below !== undefined)) kind = 'D';
      else if (below === undefined) kind = 'A';
      else if (!(stats.isDirectory() && below.isDirectory() && stats.size === below.size && stats.mode === below.mode && stats.mtimeMs === below.mtimeMs)) kind = 'C';
      if (stats.isDirectory() && kind !== undefined) changedDirs.add(childRel);
      if ((kind === 'A' || kind === 'D') && rel !== '.' && !changedDirs.has(rel)) {
        changes.push({ kind: 'C', path: `/${rel}` });
        changedDirs.add(rel);
      }
      if (kind !== undefined) changes.push({ kind, path: `/${childRel}` });
      if (stats.isDirectory()) await visit(childRel);
    }
  };
  await visit('.');
  return changes;
}
