// Small durable-write helpers: every file the store writes goes to a temp file in the target
// directory (or the store's ingest dir), is fsynced, renamed into place, and the directory fsynced.

import { mkdir, open, readdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { randomHex } from '../core/index.js';

/** A unique temp file name in `dir`, recognisable by its prefix so crash leftovers can be swept. */
export function tempPath(dir: string, name: string): string {
  return join(dir, `.tmp-${basename(name)}-${process.pid}-${randomHex(6)}`);
}

/** fsyncs a directory so a rename inside it survives a crash. */
export async function syncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Writes `data` to `path` atomically: readers see the old file or the complete new one, never a part.
 * `sync: false` skips the fsyncs, for files whose loss in a power cut is harmless (cache records,
 * state that is rebuilt), keeping frequent writes cheap.
 */
export async function writeFileAtomic(path: string, data: Uint8Array | string, options: { sync?: boolean } = {}): Promise<void> {
  const sync = options.sync !== false;
  const dir = dirname(path);
  await mkdir(dir, { recursive: true });
  const temp = tempPath(dir, path);
  try {
    const handle = await open(temp, 'wx', 0o644);
    try {
      await handle.writeFile(data);
      if (sync) await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
  if (sync) await syncDir(dir);
}

/** True for ENOENT errors. */
export function isNotFound(err: unknown): boolean {
  return (err as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
}

/** The names in a directory, or [] when it does not exist. */
export async function readdirOrEmpty(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch (err) {
    if (isNotFound(err)) return [];
    throw err;
  }
}
