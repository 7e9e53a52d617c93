import type { PackOptions, TarInput } from '../types.js';

/**
 * Walks a directory tree in sorted (byte-wise) order, yielding tar inputs: files with lazy bodies,
 * the second and later paths of a hardlinked inode as hardlinks to the first, xattrs, devices.
 * Applies PackOptions (prefix, uid/gid override, sourceDateEpoch clamp, exclude).
 */
export async function* walkTree(dir: string, options: PackOptions = {}): AsyncGenerator<TarInput> {
  void dir; void options;
  throw new Error('walkTree is not implemented yet');
}
