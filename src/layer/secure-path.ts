import { lstat, readlink } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { BerthError } from '../core/index.js';
import { cleanTarPath } from './tar/clean-path.js';

/** Symlinks followed per resolution before giving up, like the kernel's ELOOP limit. */
export const MAX_SYMLINKS = 40;

/** A LAYER_UNSAFE_PATH error naming the entry. */
export function unsafePath(entry: string, reason: string): BerthError {
  return new BerthError('LAYER_UNSAFE_PATH', `refusing tar entry "${entry}": ${reason}`, {
    hint: 'the layer tries to write outside its root directory; it is malformed or malicious',
  });
}

/**
 * Normalizes a tar entry name to a relative path ('.' for the root): strips `./` and trailing
 * slashes. Throws LAYER_UNSAFE_PATH (naming `entry`, by default the name itself) for absolute
 * names and names with `..` components.
 */
export function normalizeEntryPath(name: string, entry = name): string {
  const cleaned = cleanTarPath(name);
  if (cleaned.startsWith('/')) throw unsafePath(entry, 'absolute paths are not allowed in a layer');
  if (cleaned.split('/').includes('..')) throw unsafePath(entry, "'..' components are not allowed in a layer");
  return cleaned;
}

/**
 * Resolves `unsafePath` inside `root` like filepath-securejoin: every component is resolved,
 * symlinks are followed but interpreted relative to `root` (an absolute target or `..` can never
 * leave it). Returns an absolute host path below root; the final component need not exist.
 * Used where chroot semantics are right (`cp` into or out of a container).
 */
export async function secureJoin(root: string, unsafePath: string): Promise<string> {
  const pending = unsafePath.split('/').filter((part) => part !== '' && part !== '.');
  const resolved: string[] = [];
  let links = 0;
  while (pending.length > 0) {
    const part = pending.shift()!;
    if (part === '..') {
      resolved.pop();
      continue;
    }
    const candidate = join(root, ...resolved, part);
    const stats = await lstat(candidate).catch(() => undefined);
    if (!stats?.isSymbolicLink()) {
      resolved.push(part);
      continue;
    }
    if (++links > MAX_SYMLINKS) throw new BerthError('LAYER_UNSAFE_PATH', `too many levels of symbolic links resolving "${unsafePath}" in ${root}`);
    const target = await readlink(candidate);
    if (posix.isAbsolute(target)) resolved.length = 0;
    pending.unshift(...target.split('/').filter((p) => p !== '' && p !== '.'));
  }
  return join(root, ...resolved);
}
