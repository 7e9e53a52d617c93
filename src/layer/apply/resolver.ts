import { lstatSync, mkdirSync, readlinkSync } from 'node:fs';
import { join, posix } from 'node:path';
import { BerthError } from '../../core/index.js';
import { MAX_SYMLINKS, unsafePath } from '../secure-path.js';

/**
 * Resolves entry paths inside a root for extraction. By default strictly: a parent component that
 * is a symlink is followed only when its target stays inside the root read as a host path
 * (relative, not climbing above the root); otherwise the entry is refused with LAYER_UNSAFE_PATH.
 * In chroot mode symlinks are followed as inside a container rooted there. Known real
 * directories are cached; call `forget()` whenever a directory or symlink is removed or replaced.
 */
export class RootResolver {
  private readonly root: string;
  private readonly chroot: boolean;
  private readonly knownDirs = new Set<string>(['.']);

  /** @param chroot follow every symlink as if `root` were `/` instead of refusing those that point outside. */
  constructor(root: string, chroot = false) {
    this.root = root;
    this.chroot = chroot;
  }

  /** Host path of a relative path inside the root. */
  host(rel: string): string {
    return rel === '.' ? this.root : join(this.root, rel);
  }

  forget(): void {
    this.knownDirs.clear();
    this.knownDirs.add('.');
  }

  /**
   * Resolves directory `rel` (following in-root symlinks) to its real relative path. Missing
   * components are created (mode 0755) when `create`, else LAYER_IO is thrown.
   */
  resolveDir(rel: string, entry: string, create: boolean): string {
    const pending = rel === '.' ? [] : rel.split('/');
    let current = '.';
    let links = 0;
    while (pending.length > 0) {
      const next = current === '.' ? pending.shift()! : `${current}/${pending.shift()!}`;
      if (this.knownDirs.has(next)) {
        current = next;
        continue;
      }
      const stats = lstatSync(this.host(next), { throwIfNoEntry: false });
      if (stats === undefined) {
        if (!create) throw new BerthError('LAYER_IO', `cannot extract tar entry "${entry}": "${next}" does not exist`);
        mkdirSync(this.host(next), { mode: 0o755 });
      } else if (stats.isSymbolicLink()) {
        if (++links > MAX_SYMLINKS) throw unsafePath(entry, 'too many levels of symbolic links');
        const target = readlinkSync(this.host(next));
        const inside = this.symlinkTarget(next, target);
        if (inside === undefined) throw unsafePath(entry, `"${next}" is a symlink to "${target}", which leads outside the root`);
        pending.unshift(...inside);
        current = '.';
        continue;
      } else if (!stats.isDirectory()) {
        throw new BerthError('LAYER_IO', `cannot extract tar entry "${entry}": "${next}" is not a directory`);
      }
      this.knownDirs.add(next);
      current = next;
    }
    return current;
  }

  /**
   * The components (relative to the root) a symlink at `link` pointing to `target` leads to, or
   * undefined when it leaves the root. In chroot mode nothing leaves: an absolute target starts
   * at the root and `..` stops there, as inside a container.
   */
  private symlinkTarget(link: string, target: string): string[] | undefined {
    if (posix.isAbsolute(target) && !this.chroot) return undefined;
    const parts = posix.isAbsolute(target) ? [] : posix.dirname(link).split('/').filter((part) => part !== '.');
    for (const part of target.split('/')) {
      if (part === '' || part === '.') continue;
      if (part !== '..') parts.push(part);
      else if (parts.length > 0) parts.pop();
      else if (!this.chroot) return undefined;
    }
    return parts;
  }

  /** Resolves the parent of `rel` and returns the real relative path of the entry itself (its last component is not followed). */
  resolveEntry(rel: string, entry: string, create: boolean): string {
    if (rel === '.') return '.';
    const slash = rel.lastIndexOf('/');
    const parent = slash < 0 ? '.' : this.resolveDir(rel.slice(0, slash), entry, create);
    const base = rel.slice(slash + 1);
    return parent === '.' ? base : `${parent}/${base}`;
  }
}
