import type { Readable } from 'node:stream';
import type { PackOptions } from '../types.js';

/**
 * Converts an overlayfs upper dir to an OCI layer tar: 0/0 character devices become `.wh.NAME`,
 * directories with trusted.overlay.opaque=y get a `.wh..wh..opq` entry, trusted.overlay.* xattrs
 * are dropped, modes/owners/other xattrs/hardlinks preserved.
 */
export function overlayUpperToLayer(upperDir: string, options: PackOptions = {}): Readable {
  void upperDir; void options;
  throw new Error('overlayUpperToLayer is not implemented yet');
}
