// Layer entries for unit tests: `file('/a', 100)`, `dir('/d')`, `whiteout('/d')`.

import type { LayerEntry } from './types.js';

/** A regular file entry; `hash` defaults to one derived from the size. */
export function file(path: string, size: number, hash = `h${size}`): LayerEntry {
  return { path, type: 'file', mode: 0o644, uid: 0, gid: 0, size, hash };
}

/** A directory entry. */
export function dir(path: string): LayerEntry {
  return { path, type: 'directory', mode: 0o755, uid: 0, gid: 0, size: 0 };
}

/** The whiteout entry removing `path`. */
export function whiteout(path: string): LayerEntry {
  const cut = path.lastIndexOf('/');
  return { path: `${path.slice(0, cut)}/.wh.${path.slice(cut + 1)}`, type: 'file', mode: 0, uid: 0, gid: 0, size: 0, hash: 'empty' };
}

/** A scan-like layer: entries and their total size. */
export function layer(...entries: LayerEntry[]): { entries: LayerEntry[]; fileBytes: number } {
  return { entries, fileBytes: entries.reduce((sum, e) => sum + e.size, 0) };
}
