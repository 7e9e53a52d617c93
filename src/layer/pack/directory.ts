import type { Readable } from 'node:stream';
import type { PackOptions } from '../types.js';

/** A deterministic uncompressed tar of a whole directory (for COPY layers and `export`). */
export function directoryToLayer(dir: string, options: PackOptions = {}): Readable {
  void dir; void options;
  throw new Error('directoryToLayer is not implemented yet');
}

/**
 * A tar of one path inside a container root, as `docker cp CONTAINER:PATH -` produces: the path
 * is resolved with secureJoin (never leaving root) and entries are named from its basename.
 */
export async function pathToTar(root: string, path: string, options: PackOptions = {}): Promise<Readable> {
  void root; void path; void options;
  throw new Error('pathToTar is not implemented yet');
}
