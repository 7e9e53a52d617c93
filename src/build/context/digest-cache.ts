import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { ContextEntry } from './types.js';

/** Entries changed this recently are re-hashed even when their metadata matches (git's "racy" rule). */
const RACY_MS = 2000;

const VERSION = 2;

/** One hashed file: path, size, mtime, ctime and inode when hashed, digest. */
type Row = [path: string, size: number, mtimeMs: number, ctimeMs: number, ino: number, digest: string];

/** The cache file: rows rather than an object per file, so loading 20,000 files is one cheap JSON.parse. */
interface CacheFile {
  version: typeof VERSION;
  files: Row[];
}

/**
 * Remembers file digests between builds of one context directory, so that a rebuild reads only
 * the files whose size, mtime, ctime or inode changed. A digest is trusted only when the file's
 * last change (ctime, which nothing can set back) was well before it was recorded, so a write that
 * lands in the same clock tick as the hashing is never missed.
 */
export class DigestCache {
  private entries = new Map<string, Row>();
  private readonly recordedAt = Date.now();
  private changed = false;

  private constructor(private readonly file: string) {}

  /** Loads the cache file (a missing or damaged file is an empty cache). */
  static async load(file: string): Promise<DigestCache> {
    const cache = new DigestCache(file);
    const text = await readFile(file, 'utf8').catch(() => undefined);
    if (text !== undefined) {
      try {
        const parsed = JSON.parse(text) as Partial<CacheFile>;
        if (parsed.version === VERSION && Array.isArray(parsed.files)) cache.entries = new Map(parsed.files.map((row) => [row[0], row]));
        else cache.changed = true;
      } catch {
        cache.changed = true;
      }
    }
    return cache;
  }

  /** The recorded digest of an unchanged file, or undefined. */
  get(entry: ContextEntry): string | undefined {
    const row = this.entries.get(entry.path);
    if (row === undefined || row[1] !== entry.size || row[2] !== entry.mtimeMs || row[3] !== entry.ctimeMs || row[4] !== entry.ino) return undefined;
    return row[5];
  }

  /** Records a fresh digest unless the file changed too recently to be trusted later. */
  set(entry: ContextEntry, digest: string): void {
    if (entry.ctimeMs === undefined || entry.ino === undefined || entry.ctimeMs > this.recordedAt - RACY_MS) return;
    this.entries.set(entry.path, [entry.path, entry.size, entry.mtimeMs, entry.ctimeMs, entry.ino, digest]);
    this.changed = true;
  }

  /** Writes the cache back atomically when it changed. */
  async save(): Promise<void> {
    if (!this.changed) return;
    await mkdir(dirname(this.file), { recursive: true });
    const temp = `${this.file}.${randomBytes(6).toString('hex')}.tmp`;
    const handle = await open(temp, 'w', 0o600);
    try {
      const file: CacheFile = { version: VERSION, files: [...this.entries.values()] };
      await handle.writeFile(JSON.stringify(file));
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, this.file).catch(async (err) => {
      await rm(temp, { force: true });
      throw err;
    });
  }
}
