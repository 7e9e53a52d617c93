import type { TarHeader, TarInput } from '../types.js';

/** Prefix of OCI whiteout entries. */
export const WHITEOUT_PREFIX = '.wh.';
/** Name of the OCI opaque-directory marker. */
export const OPAQUE_MARKER = '.wh..wh..opq';

/** The `.wh.NAME` entry deleting `path` (an empty regular file). */
export function whiteoutFor(path: string, fields: Partial<TarHeader> = {}): TarInput {
  const slash = path.lastIndexOf('/');
  const whiteout = slash < 0 ? `${WHITEOUT_PREFIX}${path}` : `${path.slice(0, slash + 1)}${WHITEOUT_PREFIX}${path.slice(slash + 1)}`;
  return { header: { path: whiteout, type: 'file', mode: 0, uid: 0, gid: 0, size: 0, mtime: 0, ...fields } };
}
