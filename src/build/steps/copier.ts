import { chmod, chown, copyFile, lchown, lstat, lutimes, mkdir, rm, symlink, utimes } from 'node:fs/promises';
import { posix } from 'node:path';
import { BerthError } from '../../core/index.js';
import { layer } from '../lazy.js';
import type { ContextEntry } from '../context/index.js';
import type { Owner } from './chown.js';
import { mapLimit } from '../limit.js';
import type { MatchedSource, SourceItem } from './sources.js';

/** How copied entries are written. */
export interface CopyWriteOptions {
  owner: Owner;
  /** `--chmod`: mode for every copied file and directory. */
  chmod?: number;
  /** `--parents`: keep each source's path below the destination. */
  parents?: boolean;
}

async function lstatOrUndefined(path: string): Promise<import('node:fs').Stats | undefined> {
  return lstat(path).catch(() => undefined);
}

/** Creates the directories of `path` (absolute in the image) that are missing, 0755 and owned by `owner`. */
export async function mkdirInRoot(rootfs: string, path: string, owner: Owner): Promise<string> {
  const { secureJoin } = await layer();
  let current = '/';
  let abs = rootfs;
  for (const part of path.split('/').filter(Boolean)) {
    current = posix.join(current, part);
    abs = await secureJoin(rootfs, current);
    const st = await lstatOrUndefined(abs);
    if (st === undefined) {
      await mkdir(abs, { mode: 0o755 });
      await chown(abs, owner.uid, owner.gid);
      await chmod(abs, 0o755);
    } else if (!st.isDirectory()) {
      throw new BerthError('COPY_NOT_A_DIRECTORY', `cannot copy to "${path}": "${current}" is not a directory`);
    }
  }
  return abs;
}

/** Writes one file or symlink at `abs` (replacing what is there, never a directory). */
async function writeLeaf(abs: string, item: SourceItem, target: string, options: CopyWriteOptions): Promise<void> {
  const { entry } = item;
  const existing = await lstatOrUndefined(abs);
  if (existing?.isDirectory()) throw new BerthError('COPY_OVER_DIRECTORY', `cannot copy "${entry.path}" over the directory "${posix.join(target, item.rel)}"`);
  if (existing) await rm(abs, { force: true });
  const t = new Date(entry.mtimeMs);
  if (entry.type === 'symlink') {
    await symlink(entry.linkname ?? '', abs);
    await lchown(abs, options.owner.uid, options.owner.gid);
    await lutimes(abs, t, t);
    return;
  }
  await copyFile(entry.abs, abs);
  await chown(abs, options.owner.uid, options.owner.gid);
  await chmod(abs, options.chmod ?? entry.mode);
  await utimes(abs, t, t);
}

/**
 * Writes the items of one source below `target` (absolute in the image), BuildKit's copier rules:
 * directories first (in order), then files and symlinks several at a time, then the directories'
 * metadata bottom-up (writing into a directory changes its mtime).
 */
async function writeItems(rootfs: string, items: readonly SourceItem[], target: string, options: CopyWriteOptions): Promise<void> {
  const { secureJoin } = await layer();
  await mkdirInRoot(rootfs, posix.dirname(target), options.owner);
  const dirs: Array<[string, ContextEntry]> = [];
  const leaves: Array<[string, SourceItem]> = [];
  const absOf = new Map<string, string>();
  for (const item of items) {
    const parentAbs = item.rel === '' ? await secureJoin(rootfs, posix.dirname(target)) : absOf.get(posix.dirname(item.rel) === '.' ? '' : posix.dirname(item.rel));
    if (parentAbs === undefined) continue;
    let abs = `${parentAbs}/${item.rel === '' ? posix.basename(target) : posix.basename(item.rel)}`;
    const { entry } = item;
    if (entry.type !== 'dir') {
      leaves.push([abs, item]);
      continue;
    }
    const existing = await lstatOrUndefined(abs);
    if (existing?.isSymbolicLink()) abs = await secureJoin(rootfs, posix.join(target, item.rel));
    const resolved = existing?.isSymbolicLink() ? await lstatOrUndefined(abs) : existing;
    if (resolved !== undefined && !resolved.isDirectory()) await rm(abs, { force: true });
    if (resolved === undefined || !resolved.isDirectory()) await mkdir(abs, { mode: 0o700 });
    absOf.set(item.rel, abs);
    // The destination directory keeps its own metadata when only contents are copied into it,
    // and --chmod does not apply to it (BuildKit's copier).
    if (item.rel !== '') dirs.push([abs, { ...entry, mode: options.chmod ?? entry.mode }]);
    else if (resolved === undefined || !resolved.isDirectory()) dirs.push([abs, entry]);
  }
  await mapLimit(leaves, 16, ([abs, item]) => writeLeaf(abs, item, target, options));
  for (const [abs, entry] of dirs.reverse()) {
    await chown(abs, options.owner.uid, options.owner.gid);
    await chmod(abs, entry.mode);
    const t = new Date(entry.mtimeMs);
    await utimes(abs, t, t);
  }
}

/**
 * Copies matched sources into `rootfs` at `dest` with docker's path rules: a directory's contents
 * go into dest; a file goes into dest when dest ends with `/`, is an existing directory or there
 * are several sources, else it becomes dest; missing parents are created.
 */
export async function copySources(rootfs: string, sources: readonly MatchedSource[], dest: string, options: CopyWriteOptions): Promise<void> {
  const { secureJoin } = await layer();
  const destIsDir = dest.endsWith('/') || sources.length > 1;
  const cleanDest = posix.normalize(dest);
  for (const source of sources) {
    if (source.entry.type === 'dir') {
      await writeItems(rootfs, source.items, options.parents ? posix.join(cleanDest, source.parentsPath) : cleanDest, options);
      continue;
    }
    const existing = await lstatOrUndefined(await secureJoin(rootfs, cleanDest));
    const intoDir = destIsDir || existing?.isDirectory() === true;
    const name = options.parents ? source.parentsPath : source.name;
    await writeItems(rootfs, source.items, intoDir ? posix.join(cleanDest, name) : cleanDest, options);
  }
}
