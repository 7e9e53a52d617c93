import { readlink } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { listAttributesSync, getAttributeSync } from '../../core/index.js';
import type { EntryType, PackOptions, TarHeader } from '../types.js';

/** xattrs never copied into a layer: overlayfs bookkeeping, host SELinux labels, ACLs (system.*). */
export function isPortableXattr(name: string): boolean {
  return !name.startsWith('trusted.overlay.') && name !== 'security.selinux' && !name.startsWith('system.');
}

/** The entry type of an lstat result, or undefined for sockets (which tar cannot hold). */
export function entryTypeOf(stats: Stats): EntryType | undefined {
  if (stats.isFile()) return 'file';
  if (stats.isDirectory()) return 'directory';
  if (stats.isSymbolicLink()) return 'symlink';
  if (stats.isCharacterDevice()) return 'char-device';
  if (stats.isBlockDevice()) return 'block-device';
  if (stats.isFIFO()) return 'fifo';
  return undefined;
}

/** Linux dev_t encoding (glibc's gnu_dev_major/minor). */
export function deviceNumbers(rdev: number): { devMajor: number; devMinor: number } {
  const value = BigInt(rdev);
  const devMajor = Number(((value >> 8n) & 0xfffn) | ((value >> 32n) & ~0xfffn));
  const devMinor = Number((value & 0xffn) | ((value >> 12n) & ~0xffn));
  return { devMajor, devMinor };
}

/** Reads the xattrs of a path (not following a symlink) that belong in a layer; undefined when there are none. */
export function readXattrs(path: string): Record<string, Buffer> | undefined {
  let names: string[];
  try {
    names = listAttributesSync(path);
  } catch {
    return undefined;
  }
  let out: Record<string, Buffer> | undefined;
  for (const name of names.filter(isPortableXattr).sort()) {
    const value = getAttributeSync(path, name);
    if (value !== null) (out ??= {})[name] = value;
  }
  return out;
}

/** Builds the tar header for a path from its lstat result, applying the uid/gid override and the SOURCE_DATE_EPOCH clamp. */
export async function headerFromStats(hostPath: string, tarPath: string, stats: Stats, type: EntryType, options: PackOptions): Promise<TarHeader> {
  let mtime = Math.floor(stats.mtimeMs / 1000);
  if (options.sourceDateEpoch !== undefined && mtime > options.sourceDateEpoch) mtime = options.sourceDateEpoch;
  const header: TarHeader = {
    path: tarPath,
    type,
    mode: stats.mode & 0o7777,
    uid: options.uid ?? stats.uid,
    gid: options.gid ?? stats.gid,
    size: type === 'file' ? stats.size : 0,
    mtime,
  };
  if (type === 'symlink') header.linkTarget = await readlink(hostPath);
  if (type === 'char-device' || type === 'block-device') Object.assign(header, deviceNumbers(stats.rdev));
  if (options.xattrs !== false) {
    const xattrs = readXattrs(hostPath);
    if (xattrs) header.xattrs = xattrs;
  }
  return header;
}
