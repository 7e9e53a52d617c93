import { Readable } from 'node:stream';
import type { TarInput } from '../types.js';

/**
 * Writes entries as a PAX-format tar (ustar headers, PAX records only where needed: long or
 * non-ASCII names and link targets, xattrs, ids or sizes beyond ustar's range). Bodies are
 * streamed, never buffered. mtimes are written as whole seconds, like docker.
 */
export function writeTar(entries: AsyncIterable<TarInput> | Iterable<TarInput>): Readable {
  void entries;
  throw new Error('writeTar is not implemented yet');
}
