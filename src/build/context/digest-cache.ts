import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { ContextEntry } from './types.js';

/** Entries changed this recently are re-hashed even when their metadata matches (git's "racy" rule). */
const RACY_MS = 2000;

interface Recorded {
  /** size:mtime:ctime:inode when hashed. */
  sig: string;
  digest: string;
}

function signature(entry: ContextEntry): string {
  return `${entry.size}:${entry.mtimeMs}:${entry.ctimeMs}:${entry.ino}`;
}

/**
 * Remembers file digests between builds of one context directory, so that a rebuild reads only
 * the files whose size, mtime, ctime or inode changed. A digest is trusted only when the file's
 * last change (ctime, which nothing can set back) was well before it was recorded, so a write that
 * lands in the same clock tick as the hashing is never missed.
 */
export class DigestCache {
  private entries = new Map<string, Recorded>();
  private readonly recordedAt = Date.now();
  private changed = false;

  private constructor(private readonly file: string) {}

  /** Loads the cache file (a missing or damaged file is an empty cache). */
  static async load(file: string): Promise<DigestCache> {
    const cache = new DigestCache(file);
    const text = await readFile(file, 'utf8').catch(() => undefined);
    if (text !== undefined) {
      try {
        cache.entries = new Map(Object.entries(JSON.parse(text) as Record<string, Recorded>));
      } catch {
        cache.changed = true;
      }
    }
    return cache;
  }

  /** The recorded digest of an unchanged file, or undefined. */
  get(entry: ContextEntry): string | undefined {
    const recorded = this.entries.get(entry.path);
    return recorded && recorded.sig === signature(entry) ? recorded.digest : undefined;
  }

  /** Records a fresh digest unless the file changed too recently to be trusted later. */
  set(entry: ContextEntry, digest: string): void {
    if ((entry.ctimeMs ?? Number.POSITIVE_INFINITY) > this.recordedAt - RACY_MS) return;
    this.entries.set(entry.path, { sig: signature(entry), digest });
    this.changed = true;
  }

  /** Writes the cache back atomically when it changed. */
  async save(): Promise<void> {
    if (!this.changed) return;
    await mkdir(dirname(this.file), { recursive: true });
    const temp = `${this.file}.${randomBytes(6).toString('hex')}.tmp`;
    const handle = await open(temp, 'w', 0o600);
    try {
      await handle.writeFile(JSON.stringify(Object.fromEntries(this.entries)));
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
