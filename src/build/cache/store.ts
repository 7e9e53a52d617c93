import { mkdir, readdir, readFile, rm, stat, utimes } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic, type Store } from '../../store/index.js';
import type { BuiltLayer } from '../image/state.js';
import { importRecord } from './local-dir.js';

/** What one cached step produced: its layer, or none when the step changed no file. */
export interface CacheRecord {
  key: string;
  /** The layer the step made; undefined when its diff was empty. */
  layer?: BuiltLayer;
  /** Short description (`RUN echo hi`), for `builder prune` listings. */
  description: string;
  /** RFC 3339 times (`lastUsed` is the record file's mtime). */
  created: string;
  lastUsed: string;
}

/** The store gc-root owner under which the cache keeps its layer blobs alive. */
export const BUILD_CACHE_GC_OWNER = 'build-cache';

/**
 * The build cache's step records, one small JSON file per key under `<store root>/buildcache/keys/`.
 * Layers themselves are blobs of the image store; a record whose blob is gone counts as a miss.
 */
export class BuildCache {
  readonly dir: string;
  private readonly keysDir: string;
  /** Records this build hit or wrote, for `--cache-to`. */
  readonly used = new Map<string, CacheRecord>();

  /**
   * @param cacheFrom `--cache-from type=local` directories consulted on a local miss (their layers
   *   are copied into `store`).
   */
  constructor(private readonly store: Store, private readonly cacheFrom: readonly string[] = []) {
    this.dir = join(store.root, 'buildcache');
    this.keysDir = join(this.dir, 'keys');
  }

  private file(key: string): string {
    return join(this.keysDir, `${key.replace(':', '-')}.json`);
  }

  /** The record of `key` here or in a `--cache-from` directory, or undefined. Marks it used. */
  async get(key: string): Promise<CacheRecord | undefined> {
    let record = await this.getLocal(key);
    for (const dir of this.cacheFrom) {
      if (record) break;
      record = await importRecord(this.store, dir, key);
      if (record) await this.put(key, record.layer, record.description);
    }
    if (record) this.used.set(key, record);
    return record;
  }

  /** The local record of `key` (the file's mtime is its last use: no rewrite, no fsync). */
  private async getLocal(key: string): Promise<CacheRecord | undefined> {
    const file = this.file(key);
    const text = await readFile(file, 'utf8').catch(() => undefined);
    if (text === undefined) return undefined;
    let record: CacheRecord;
    try {
      record = JSON.parse(text) as CacheRecord;
    } catch {
      return undefined; // damaged (e.g. by a crash before the data reached the disk): a miss
    }
    const now = new Date();
    await utimes(file, now, now).catch(() => undefined);
    return { ...record, lastUsed: now.toISOString() };
  }

  /** Stores the result of a step under `key` and returns the record; its layer becomes a gc root so image gc keeps it. */
  async put(key: string, layer: BuiltLayer | undefined, description: string): Promise<CacheRecord> {
    if (layer) await this.store.addGcRoots(BUILD_CACHE_GC_OWNER, [layer.descriptor.digest]);
    await mkdir(this.keysDir, { recursive: true });
    const now = new Date().toISOString();
    const record: CacheRecord = { key, layer, description, created: now, lastUsed: now };
    // No fsync: a record lost or damaged by a power cut is only a cache miss (see get).
    await writeFileAtomic(this.file(key), JSON.stringify(record), { sync: false });
    this.used.set(key, record);
    return record;
  }

  /** Drops one record (e.g. when its blob was garbage-collected). */
  async delete(key: string): Promise<void> {
    await rm(this.file(key), { force: true });
  }

  /** Every record, `lastUsed` read from the file's mtime. */
  async list(): Promise<CacheRecord[]> {
    const names = await readdir(this.keysDir).catch(() => [] as string[]);
    const out: CacheRecord[] = [];
    for (const name of names.filter((n) => n.endsWith('.json'))) {
      const file = join(this.keysDir, name);
      const [text, st] = await Promise.all([readFile(file, 'utf8').catch(() => undefined), stat(file).catch(() => undefined)]);
      if (text === undefined || st === undefined) continue;
      try {
        out.push({ ...(JSON.parse(text) as CacheRecord), lastUsed: st.mtime.toISOString() });
      } catch {
        out.push({ key: name.slice(0, -5).replace('-', ':'), description: '(damaged record)', created: st.mtime.toISOString(), lastUsed: st.mtime.toISOString() });
      }
    }
    return out;
  }

  /** Directory of a persistent `RUN --mount=type=cache` (created on demand). */
  async mountDir(id: string): Promise<string> {
    const dir = join(this.dir, 'mounts', id.replace(/[^A-Za-z0-9_.-]/g, '_'));
    await mkdir(dir, { recursive: true });
    return dir;
  }

  /** Total bytes under the cache directory's mounts (layers are counted by the store). */
  async mountsSize(): Promise<number> {
    return duSize(join(this.dir, 'mounts'));
  }
}

async function duSize(path: string): Promise<number> {
  const st = await stat(path).catch(() => undefined);
  if (!st) return 0;
  if (!st.isDirectory()) return st.size;
  let total = 0;
  for (const name of await readdir(path)) total += await duSize(join(path, name));
  return total;
}
