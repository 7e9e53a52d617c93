import type { Readable } from 'node:stream';
import type { Change, PackOptions } from '../types.js';

/** A layer tar holding what changed from `lowerDir` to `upperDir` (added/changed entries, whiteouts for deletions). */
export function diffDirectories(lowerDir: string, upperDir: string, options: PackOptions = {}): Readable {
  void lowerDir; void upperDir; void options;
  throw new Error('diffDirectories is not implemented yet');
}

/** The changes from `lowerDir` to `upperDir` as `docker diff` lists them (sorted by path). */
export async function directoryChanges(lowerDir: string, upperDir: string): Promise<Change[]> {
  void lowerDir; void upperDir;
  throw new Error('directoryChanges is not implemented yet');
}

/** The changes an overlay upper dir makes over its lower dirs (top-most first), as `docker diff` lists them. */
export async function overlayChanges(upperDir: string, lowerDirs: string[]): Promise<Change[]> {
  void upperDir; void lowerDirs;
  throw new Error('overlayChanges is not implemented yet');
}
