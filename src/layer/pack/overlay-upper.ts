import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { getAttributeSync } from '../../core/index.js';
import { BerthError } from '../../core/index.js';
import { writeTar } from '../tar/writer.js';
import type { PackOptions, TarInput } from '../types.js';
import { walkTree } from './walk.js';
import { OPAQUE_MARKER, whiteoutFor } from './whiteout-entry.js';

function overlayXattr(path: string, name: string): string | undefined {
  try {
    return getAttributeSync(path, `trusted.overlay.${name}`)?.toString();
  } catch {
    return undefined;
  }
}

function unsupported(path: string, feature: string): BerthError {
  return new BerthError('LAYER_CORRUPT', `overlay upper entry "${path}" uses overlayfs ${feature}, which cannot be turned into a layer`, {
    hint: 'mount the overlay with redirect_dir=off,metacopy=off (the snapshotter does) so every change is materialized in the upper dir',
  });
}

/** Upper-dir inputs converted to OCI form: whiteout devices → `.wh.NAME`, opaque dirs → an extra `.wh..wh..opq`. */
export async function* overlayUpperInputs(upperDir: string, options: PackOptions = {}): AsyncGenerator<TarInput> {
  for await (const input of walkTree(upperDir, { ...options, prefix: undefined, includeRoot: false })) {
    const { header } = input;
    const host = join(upperDir, header.path);
    if (header.type === 'char-device' && header.devMajor === 0 && header.devMinor === 0) {
      // Docker's overlay2 converter: the device becomes an empty 0600 file named .wh.NAME with the device's owner and time.
      yield whiteoutFor(header.path, { mode: 0o600, uid: header.uid, gid: header.gid, mtime: header.mtime });
      continue;
    }
    if (header.type === 'directory') {
      if (overlayXattr(host, 'redirect') !== undefined) throw unsupported(header.path, 'redirect_dir (a renamed directory)');
      yield input;
      if (overlayXattr(host, 'opaque') === 'y') {
        yield { header: { path: `${header.path}/${OPAQUE_MARKER}`, type: 'file', mode: header.mode & 0o777, uid: header.uid, gid: header.gid, size: 0, mtime: header.mtime } };
      }
      continue;
    }
    if (header.type === 'file' && overlayXattr(host, 'metacopy') !== undefined) throw unsupported(header.path, 'metacopy (metadata-only copy-up)');
    yield input;
  }
}

/**
 * Converts an overlayfs upper dir to an OCI layer tar: 0/0 character devices become `.wh.NAME`,
 * directories with trusted.overlay.opaque=y get a `.wh..wh..opq` entry, trusted.overlay.* xattrs
 * are dropped, modes/owners/other xattrs/hardlinks preserved. Options as for directoryToLayer
 * (prefix is ignored). Upper dirs written with redirect_dir or metacopy are refused (LAYER_CORRUPT).
 */
export function overlayUpperToLayer(upperDir: string, options: PackOptions = {}): Readable {
  return writeTar(overlayUpperInputs(upperDir, options));
}
