import { readFile } from 'node:fs/promises';
import { BerthError } from '../../core/index.js';
import { layer } from '../lazy.js';

/** Numeric owner of copied files. */
export interface Owner {
  uid: number;
  gid: number;
}

async function readDb(rootfs: string, file: string): Promise<string[][]> {
  const { secureJoin } = await layer();
  const text = await readFile(await secureJoin(rootfs, file), 'utf8').catch(() => '');
  return text.split('\n').filter((l) => l && !l.startsWith('#')).map((l) => l.split(':'));
}

const isNumber = (s: string): boolean => /^\d+$/.test(s);

/**
 * Resolves `COPY/ADD --chown=user[:group]` as BuildKit does: names through the destination's
 * /etc/passwd and /etc/group; a user name without group takes the user's passwd group, a numeric
 * uid without group uses the same number as gid.
 */
export async function resolveChown(rootfs: string, spec: string): Promise<Owner> {
  const [user, group] = spec.split(':', 2);
  let owner: Owner;
  if (isNumber(user)) owner = { uid: Number(user), gid: Number(user) };
  else {
    const entry = (await readDb(rootfs, '/etc/passwd')).find((f) => f[0] === user);
    if (!entry) throw new BerthError('USER_NOT_FOUND', `unable to find user ${user}: no matching entries in passwd file`);
    owner = { uid: Number(entry[2]), gid: Number(entry[3]) };
  }
  if (group === undefined || group === '') return owner;
  if (isNumber(group)) return { uid: owner.uid, gid: Number(group) };
  const entry = (await readDb(rootfs, '/etc/group')).find((f) => f[0] === group);
  if (!entry) throw new BerthError('GROUP_NOT_FOUND', `unable to find group ${group}: no matching entries in group file`);
  return { uid: owner.uid, gid: Number(entry[2]) };
}
