import { createHash } from 'node:crypto';
import { createReadStream, lstatSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import type { Stats } from 'node:fs';
import type { DigestCache } from './digest-cache.js';
import type { IgnoreRules } from './ignore.js';
import type { BuildContext, ContextEntry } from './types.js';

const SMALL_FILE = 1 << 20;

/**
 * Computes the sha256 of a file: small files in one synchronous read (a context has thousands of
 * them and the promise API's per-file cost dominates), large ones streamed (never whole in memory).
 */
export async function hashFile(path: string, size = Number.POSITIVE_INFINITY): Promise<string> {
  const hash = createHash('sha256');
  if (size <= SMALL_FILE) hash.update(readFileSync(path));
  else for await (const chunk of createReadStream(path, { highWaterMark: SMALL_FILE })) hash.update(chunk as Buffer);
  return `sha256:${hash.digest('hex')}`;
}

function entryFromStats(path: string, abs: string, st: Stats, linkname?: string): ContextEntry | undefined {
  const type = st.isDirectory() ? 'dir' : st.isSymbolicLink() ? 'symlink' : st.isFile() ? 'file' : undefined;
  if (type === undefined) return undefined; // sockets, fifos, devices are not part of a context
  return { path, abs, type, mode: st.mode & 0o7777, size: type === 'file' ? st.size : 0, mtimeMs: st.mtimeMs, ctimeMs: st.ctimeMs, ino: st.ino, linkname };
}

/**
 * A context read straight from a directory: nothing is copied; entries are stat-ed when a step asks
 * for them and file contents are hashed once per build (memoized here).
 */
export class DirectoryContext implements BuildContext {
  private readonly digests = new Map<string, Promise<string>>();
  private readonly keepsChildren = new Map<string, Promise<boolean>>();

  /**
   * @param digestCache digests of earlier builds of this directory, trusted for files whose
   *   metadata has not changed (see DigestCache); saved on close.
   */
  constructor(readonly root: string, private readonly rules: IgnoreRules, private readonly onClose?: () => Promise<void>, private readonly digestCache?: DigestCache) {}

  isIgnored(path: string): boolean {
    return this.rules.ignores(path);
  }

  async stat(path: string): Promise<ContextEntry | undefined> {
    let entry: ContextEntry | undefined;
    try {
      entry = this.lstatEntry(path);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOTDIR') return undefined;
      throw err;
    }
    if (entry === undefined || !(await this.visible(entry))) return undefined;
    return entry;
  }

  async readdir(path: string): Promise<ContextEntry[]> {
    const dir = path === '' ? this.root : join(this.root, path);
    const absPrefix = dir.endsWith('/') ? dir : `${dir}/`;
    const relPrefix = path === '' ? '' : `${path}/`;
    const out: ContextEntry[] = [];
    for (const name of readdirSync(dir).sort()) {
      const entry = this.lstatEntry(relPrefix + name, absPrefix + name);
      // Most entries are not ignored: only the others pay for the (possibly asynchronous) exception check.
      if (entry !== undefined && (!this.rules.ignores(entry.path) || (await this.visible(entry)))) out.push(entry);
    }
    return out;
  }

  fileDigest(entry: ContextEntry): Promise<string> {
    let digest = this.digests.get(entry.path);
    if (digest === undefined) {
      const known = this.digestCache?.get(entry);
      digest = known !== undefined ? Promise.resolve(known) : this.hashAndRecord(entry);
      this.digests.set(entry.path, digest);
    }
    return digest;
  }

  private async hashAndRecord(entry: ContextEntry): Promise<string> {
    const digest = await hashFile(entry.abs, entry.size);
    this.digestCache?.set(entry, digest);
    return digest;
  }

  async close(): Promise<void> {
    await this.digestCache?.save();
    await this.onClose?.();
  }

  // Synchronous on purpose: a context walk lstat-s thousands of entries, and a round trip through
  // the thread pool per entry costs more than the system call itself.
  private lstatEntry(path: string, abs = path === '' ? this.root : join(this.root, path)): ContextEntry | undefined {
    const st = lstatSync(abs, { throwIfNoEntry: false });
    if (st === undefined) return undefined;
    return entryFromStats(path, abs, st, st.isSymbolicLink() ? readlinkSync(abs) : undefined);
  }

  /** An ignored directory stays visible when a `!` exception re-includes something inside it (docker's rule). */
  private async visible(entry: ContextEntry): Promise<boolean> {
    if (!this.rules.ignores(entry.path)) return true;
    if (entry.type !== 'dir' || !this.rules.hasExceptions) return false;
    let keeps = this.keepsChildren.get(entry.path);
    if (keeps === undefined) {
      keeps = this.readdir(entry.path).then((children) => children.length > 0);
      this.keepsChildren.set(entry.path, keeps);
    }
    return keeps;
  }
}
