import { chmodSync, lchownSync, lutimesSync } from 'node:fs';
import { setAttributeSync } from '../../core/index.js';
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
export function applyOwnerAndXattrs(path: string, header: TarHeader, policy: MetadataPolicy): void {
  if (policy.owners) lchownSync(path, header.uid + policy.idOffset, header.gid + policy.idOffset);
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
export function applyModeAndTimes(path: string, header: TarHeader): void {
  if (header.type !== 'symlink') chmodSync(path, header.mode & 0o7777);
  lutimesSync(path, header.mtime, header.mtime);
}
