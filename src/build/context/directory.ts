import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { lstat, readdir, readlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { Stats } from 'node:fs';
import type { IgnoreRules } from './ignore.js';
import type { BuildContext, ContextEntry } from './types.js';

/** Computes the sha256 of a file by streaming it. */
export async function hashFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  return `sha256:${hash.digest('hex')}`;
}

function entryFromStats(path: string, abs: string, st: Stats, linkname?: string): ContextEntry | undefined {
  const type = st.isDirectory() ? 'dir' : st.isSymbolicLink() ? 'symlink' : st.isFile() ? 'file' : undefined;
  if (type === undefined) return undefined; // sockets, fifos, devices are not part of a context
  return { path, abs, type, mode: st.mode & 0o7777, size: type === 'file' ? st.size : 0, mtimeMs: st.mtimeMs, linkname };
}

/**
 * A context read straight from a directory: nothing is copied; entries are stat-ed when a step asks
 * for them and file contents are hashed once per build (memoized here).
 */
export class DirectoryContext implements BuildContext {
  private readonly digests = new Map<string, Promise<string>>();
  private readonly keepsChildren = new Map<string, Promise<boolean>>();

  constructor(readonly root: string, private readonly rules: IgnoreRules, private readonly onClose?: () => Promise<void>) {}

  isIgnored(path: string): boolean {
    return this.rules.ignores(path);
  }

  async stat(path: string): Promise<ContextEntry | undefined> {
    const entry = await this.lstatEntry(path);
    if (entry === undefined || !(await this.visible(entry))) return undefined;
    return entry;
  }

  async readdir(path: string): Promise<ContextEntry[]> {
    const dir = path === '' ? this.root : join(this.root, path);
    const names = (await readdir(dir)).sort();
    const entries = await Promise.all(names.map((name) => this.lstatEntry(path === '' ? name : `${path}/${name}`)));
    const out: ContextEntry[] = [];
    for (const entry of entries) if (entry !== undefined && (await this.visible(entry))) out.push(entry);
    return out;
  }

  fileDigest(entry: ContextEntry): Promise<string> {
    let digest = this.digests.get(entry.path);
    if (digest === undefined) {
      digest = hashFile(entry.abs);
      this.digests.set(entry.path, digest);
    }
    return digest;
  }

  async close(): Promise<void> {
    await this.onClose?.();
  }

  private async lstatEntry(path: string): Promise<ContextEntry | undefined> {
    const abs = path === '' ? this.root : join(this.root, path);
    const st = await lstat(abs).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT' || err.code === 'ENOTDIR') return undefined;
      throw err;
    });
    if (st === undefined) return undefined;
    return entryFromStats(path, abs, st, st.isSymbolicLink() ? await readlink(abs) : undefined);
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
