import { createReadStream } from 'node:fs';
import { mkdir, open, readFile, readdir, rename, rm, stat, utimes } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { isOrphanedTemp, ownedTempName } from '../../../core/index.js';
import type { ByteRange, ObjectInfo, StorageDriver } from './driver.js';

const APPEND_BATCH_BYTES = 1024 * 1024;
/**
 * Where putContent writes before renaming: one folder on the same filesystem, so that what a
 * killed writer leaves is never among the objects and is found without walking them.
 */
const TEMP_DIR = '.tmp';

function isMissing(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

/** Fsyncs a directory so that a rename or create inside it survives a crash. */
async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Stores objects as files under one root directory; writes go through temp file, fsync, rename. */
export class FilesystemDriver implements StorageDriver {
  readonly kind = 'filesystem';
  readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
  }

  private full(path: string): string {
    const full = join(this.root, path);
    if (full !== this.root && !full.startsWith(this.root + sep)) throw new Error(`storage path escapes the root: ${path}`);
    return full;
  }

  async getContent(path: string): Promise<Buffer | undefined> {
    try {
      return await readFile(this.full(path));
    } catch (err) {
      if (isMissing(err)) return undefined;
      throw err;
    }
  }

  /** Deletes the temp files of writers that died before their rename; returns how many. */
  async removeOrphanedTemps(): Promise<number> {
    const dir = join(this.root, TEMP_DIR);
    const orphans = (await readdir(dir).catch(() => [] as string[])).filter(isOrphanedTemp);
    await Promise.all(orphans.map((name) => rm(join(dir, name), { force: true })));
    return orphans.length;
  }

  async putContent(path: string, data: Buffer | string): Promise<void> {
    const target = this.full(path);
    const dir = dirname(target);
    const tempDir = join(this.root, TEMP_DIR);
    await Promise.all([mkdir(dir, { recursive: true }), mkdir(tempDir, { recursive: true })]);
    const temp = join(tempDir, ownedTempName());
    const handle = await open(temp, 'w');
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    try {
      await rename(temp, target);
    } catch (err) {
      await rm(temp, { force: true });
      throw err;
    }
    await syncDirectory(dir);
  }

  async stat(path: string): Promise<ObjectInfo | undefined> {
    try {
      const info = await stat(this.full(path));
      return info.isFile() ? { size: info.size, modified: info.mtime } : undefined;
    } catch (err) {
      if (isMissing(err)) return undefined;
      throw err;
    }
  }

  async reader(path: string, range?: ByteRange): Promise<Readable | undefined> {
    const full = this.full(path);
    // Open first so that a missing file is reported here, not as a stream error mid-response.
    let handle;
    try {
      handle = await open(full, 'r');
    } catch (err) {
      if (isMissing(err)) return undefined;
      throw err;
    }
    return createReadStream(full, { fd: handle, start: range?.start, end: range?.end, highWaterMark: 1024 * 1024 });
  }

  async append(path: string, source: AsyncIterable<Buffer>): Promise<number> {
    const full = this.full(path);
    await mkdir(dirname(full), { recursive: true });
    const handle = await open(full, 'a');
    try {
      // Network chunks are small (16-64 KiB): gather about 1 MiB per write call.
      let batch: Buffer[] = [];
      let batched = 0;
      for await (const chunk of source) {
        batch.push(chunk);
        batched += chunk.length;
        if (batched >= APPEND_BATCH_BYTES) {
          await handle.writev(batch);
          batch = [];
          batched = 0;
        }
      }
      if (batch.length > 0) await handle.writev(batch);
      return (await handle.stat()).size;
    } finally {
      await handle.close();
    }
  }

  async move(from: string, to: string): Promise<void> {
    const source = this.full(from);
    const target = this.full(to);
    const handle = await open(source, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    await mkdir(dirname(target), { recursive: true });
    await rename(source, target);
    await syncDirectory(dirname(target));
  }

  async touch(path: string): Promise<boolean> {
    const now = new Date();
    try {
      await utimes(this.full(path), now, now);
      return true;
    } catch (err) {
      if (isMissing(err)) return false;
      throw err;
    }
  }

  async delete(path: string): Promise<void> {
    await rm(this.full(path), { recursive: true, force: true });
  }

  async list(path: string): Promise<string[]> {
    try {
      const names = await readdir(this.full(path));
      return names.filter((name) => !name.startsWith('.')).sort();
    } catch (err) {
      if (isMissing(err)) return [];
      throw err;
    }
  }
}
