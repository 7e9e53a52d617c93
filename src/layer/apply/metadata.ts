import { chmod, lchown, lutimes } from 'node:fs/promises';
import { setAttributeSync } from '@napi-rs/xattr';
import type { TarHeader } from '../types.js';

/** What the current process may set on extracted files. */
export interface MetadataPolicy {
  owners: boolean;
  xattrs: boolean;
  idOffset: number;
  root: boolean;
}

/** Errors that mean "this filesystem or this user cannot set that xattr", which docker ignores too. */
const IGNORED_XATTR_ERRORS = /ENOTSUP|EOPNOTSUPP|EPERM|Operation not supported|Operation not permitted/;

/** Owner, then xattrs (chown clears security.capability): docker's order. Mode and times are separate. */
export async function applyOwnerAndXattrs(path: string, header: TarHeader, policy: MetadataPolicy): Promise<void> {
  if (policy.owners) await lchown(path, header.uid + policy.idOffset, header.gid + policy.idOffset);
  if (policy.xattrs && header.xattrs) {
    for (const [name, value] of Object.entries(header.xattrs)) {
      if (!policy.root && !name.startsWith('user.')) continue;
      try {
        setAttributeSync(path, name, value);
      } catch (err) {
        if (!IGNORED_XATTR_ERRORS.test(String(err))) throw err;
      }
    }
  }
}

/** Sets the mode (not on symlinks, which have none), then atime and mtime without following a symlink. */
export async function applyModeAndTimes(path: string, header: TarHeader): Promise<void> {
  if (header.type !== 'symlink') await chmod(path, header.mode & 0o7777);
  await lutimes(path, header.mtime, header.mtime);
}
