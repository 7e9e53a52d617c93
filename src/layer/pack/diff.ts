import { lstat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { writeTar } from '../tar/writer.js';
import type { Change, PackOptions, TarInput } from '../types.js';
import { diffTrees } from './tree-diff.js';
import { HardlinkTracker, inputFor, tarPath } from './walk.js';
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

/**
 * Orders changes by path. docker 20.10 prints them in Go map order, which varies from run to
 * run; path order is stable and keeps a directory next to what changed in it.
 */
export function byPath(a: Change, b: Change): number {
  return Buffer.compare(Buffer.from(a.path), Buffer.from(b.path));
}

/** The changes from `lowerDir` to `upperDir` as `docker diff` lists them (A/C/D, paths from '/', sorted by path). */
export async function directoryChanges(lowerDir: string, upperDir: string): Promise<Change[]> {
  const changes: Change[] = [];
  for await (const change of diffTrees(lowerDir, upperDir)) changes.push({ kind: change.kind, path: `/${change.rel}` });
  return changes.sort(byPath);
}
