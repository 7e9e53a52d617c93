import { BerthError } from '../core/index.js';
import type { ResolvedUser } from './types.js';

/**
 * Resolves docker's user string (`user`, `uid`, `user:group`, `uid:gid`, `uid:group`…; empty means
 * root) with the root filesystem's /etc/passwd and /etc/group, by docker's (runc's) rules: a name
 * that passwd lacks is an error ("unable to find user X: no matching entries in passwd file"), a
 * number is used as it is; without an explicit group the user's passwd group and /etc/group
 * memberships apply. Paths are resolved inside `rootfs` (symlinks never lead out of it).
 * Throws BerthError USER_NOT_FOUND / GROUP_NOT_FOUND.
 */
export async function resolveUser(rootfs: string, user = '', groupAdd: string[] = []): Promise<ResolvedUser> {
  void rootfs, void user, void groupAdd;
  throw new BerthError('NOT_IMPLEMENTED', 'resolveUser is not implemented yet');
}
