import { createReadStream } from 'node:fs';
import { lstat } from 'node:fs/promises';
import { posix } from 'node:path';
import type { Readable } from 'node:stream';
import type { TarInput } from '../../layer/index.js';
import { layer } from '../lazy.js';
import type { CopyWriteOptions } from './copier.js';
import type { MatchedSource } from './sources.js';

/** Where one source lands, as the copier would decide, or undefined when that needs the copier. */
async function targetOf(rootfs: string, source: MatchedSource, dest: string, options: CopyWriteOptions): Promise<string | undefined> {
  const cleanDest = posix.normalize(dest);
  if (source.entry.type === 'dir') return options.parents ? posix.join(cleanDest, source.parentsPath) : cleanDest;
  const existing = await lstat(`${rootfs}${cleanDest}`).catch(() => undefined);
  if (existing?.isSymbolicLink()) return undefined;
  const intoDir = dest.endsWith('/') || existing?.isDirectory() === true;
  return intoDir ? posix.join(cleanDest, options.parents ? source.parentsPath : source.name) : cleanDest;
}

/**
 * The directories above `target` that the parent image lacks, when the copy is "fresh": every
 * existing ancestor is a real directory (no symlink to follow) and `target` itself does not exist.
 * Undefined otherwise.
 */
async function missingAncestors(rootfs: string, target: string): Promise<string[] | undefined> {
  const parts = target.split('/').filter(Boolean);
  const missing: string[] = [];
  for (let i = 1; i <= parts.length; i++) {
    const path = `/${parts.slice(0, i).join('/')}`;
    const st = missing.length > 0 ? undefined : await lstat(`${rootfs}${path}`).catch(() => undefined);
    if (i === parts.length) return st === undefined ? missing : undefined;
    if (st === undefined) missing.push(path);
    else if (st.isSymbolicLink() || !st.isDirectory()) return undefined;
  }
  return undefined;
}

function* entries(source: MatchedSource, target: string, missing: readonly string[], options: CopyWriteOptions, epoch?: number): Generator<TarInput> {
  const clamp = (seconds: number): number => (epoch !== undefined ? Math.min(seconds, epoch) : seconds);
  const { uid, gid } = options.owner;
  const now = clamp(Math.floor(Date.now() / 1000));
  for (const dir of missing) yield { header: { path: dir.slice(1), type: 'directory', mode: 0o755, uid, gid, size: 0, mtime: now } };
  for (const item of source.items) {
    const { entry } = item;
    const path = (item.rel === '' ? target : posix.join(target, item.rel)).slice(1);
    const mtime = clamp(entry.mtimeMs / 1000);
    // Like the copier: --chmod applies to everything but the destination directory itself.
    const mode = item.rel === '' && entry.type === 'dir' ? entry.mode : options.chmod ?? entry.mode;
    if (entry.type === 'dir') yield { header: { path, type: 'directory', mode, uid, gid, size: 0, mtime } };
    else if (entry.type === 'symlink') yield { header: { path, type: 'symlink', mode: 0o777, uid, gid, size: 0, mtime, linkTarget: entry.linkname ?? '' } };
    else yield { header: { path, type: 'file', mode, uid, gid, size: entry.size, mtime }, body: () => createReadStream(entry.abs) as AsyncIterable<Buffer> };
  }
}

/**
 * The layer of copying one source to a place the parent image does not have yet, written straight
 * from the source files as a tar: the same layer content as copying into a snapshot and diffing it,
 * without writing every file twice. Undefined when the copy needs the copier (existing target,
 * symlinks on the way): the caller then copies into the snapshot.
 */
export async function directCopyTar(rootfs: string, source: MatchedSource, dest: string, options: CopyWriteOptions, sourceDateEpoch?: number): Promise<Readable | undefined> {
  const target = await targetOf(rootfs, source, dest, options);
  if (target === undefined || target === '/') return undefined;
  const missing = await missingAncestors(rootfs, target);
  if (missing === undefined) return undefined;
  return (await layer()).writeTar(entries(source, target, missing, options, sourceDateEpoch));
}
