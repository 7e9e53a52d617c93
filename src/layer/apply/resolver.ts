import { lstatSync, mkdirSync, readlinkSync } from 'node:fs';
import { join, posix } from 'node:path';
import { BerthError } from '../../core/index.js';
import { MAX_SYMLINKS, unsafePath } from '../secure-path.js';

/**
 * Resolves entry paths inside a root for extraction, strictly: a parent component that is a
 * symlink is followed only when its target stays inside the root read as a host path (relative,
 * not climbing above the root); otherwise the entry is refused with LAYER_UNSAFE_PATH. Known real
 * directories are cached; call `forget()` whenever a directory or symlink is removed or replaced.
 */
export class RootResolver {
  private readonly root: string;
  private readonly knownDirs = new Set<string>(['.']);

  constructor(root: string) {
    this.root = root;
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
        const inside = posix.normalize(posix.join(posix.dirname(next), target));
        if (posix.isAbsolute(target) || inside === '..' || inside.startsWith('../')) {
          throw unsafePath(entry, `"${next}" is a symlink to "${target}", which leads outside the root`);
        }
        pending.unshift(...inside.split('/').filter((part) => part !== '.'));
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

  /** Resolves the parent of `rel` and returns the real relative path of the entry itself (its last component is not followed). */
  resolveEntry(rel: string, entry: string, create: boolean): string {
    if (rel === '.') return '.';
    const slash = rel.lastIndexOf('/');
    const parent = slash < 0 ? '.' : this.resolveDir(rel.slice(0, slash), entry, create);
    const base = rel.slice(slash + 1);
    return parent === '.' ? base : `${parent}/${base}`;
  }
}
