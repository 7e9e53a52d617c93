import { BerthError } from '../../core/index.js';
import type { TarEntry } from '../types.js';

/**
 * Reads an uncompressed tar stream entry by entry. Understands ustar, PAX (path, linkpath, size,
 * uid, gid, uname, gname, mtime, SCHILY.xattr.* with binary values, global headers) and GNU
 * long names. Each entry's body must be consumed before the next entry is requested; an
 * unconsumed body is skipped. Throws LAYER_CORRUPT on a bad checksum or a truncated archive.
 */
export async function* readTar(input: AsyncIterable<Buffer>): AsyncGenerator<TarEntry> {
  void input;
  throw new BerthError('NOT_IMPLEMENTED', 'readTar is not implemented yet');
}
