import { readFile } from 'node:fs/promises';
import { BerthError } from '../core/index.js';
import { secureJoin } from '../layer/index.js';
import type { ResolvedUser } from './types.js';

interface PasswdEntry {
  name: string;
  uid: number;
  gid: number;
  home: string;
}

interface GroupEntry {
  name: string;
  gid: number;
  members: string[];
}

const MAX_ID = 2 ** 31 - 1;

/** Lines of a colon-separated database, without comments and blank lines. */
function records(text: string | undefined): string[][] {
  if (text === undefined) return [];
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => line.split(':'));
}

/** runc parses ids leniently: a missing or malformed number is 0. */
function idField(value: string | undefined): number {
  const number = Number.parseInt(value ?? '', 10);
  return Number.isNaN(number) ? 0 : number;
}

/** A numeric user or group argument, or undefined when it is a name. */
function numericId(arg: string): number | undefined {
  if (!/^[+-]?\d+$/.test(arg)) return undefined;
  const id = Number(arg);
  if (id < 0 || id > MAX_ID) throw new BerthError('USER_INVALID', `invalid user or group ${arg}: ids must be in the range 0-${MAX_ID}`, { exitCode: 125 });
  return id;
}

async function readInRoot(rootfs: string, path: string): Promise<string | undefined> {
  try {
    return await readFile(await secureJoin(rootfs, path), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT' || (err as NodeJS.ErrnoException).code === 'ENOTDIR') return undefined;
    throw err;
  }
}

function parsePasswd(text: string | undefined): PasswdEntry[] {
  return records(text).map(([name, , uid, gid, , home]) => ({ name, uid: idField(uid), gid: idField(gid), home: home ?? '' }));
}

function parseGroup(text: string | undefined): GroupEntry[] {
  return records(text).map(([name, , gid, members]) => ({ name, gid: idField(gid), members: members ? members.split(',').filter((m) => m !== '') : [] }));
}

function findGroup(groups: GroupEntry[], arg: string): number {
  const numeric = numericId(arg);
  const found = groups.find((group) => (numeric === undefined ? group.name === arg : group.gid === numeric));
  if (found) return found.gid;
  if (numeric !== undefined) return numeric;
  throw new BerthError('GROUP_NOT_FOUND', `unable to find group ${arg}: no matching entries in group file`, { exitCode: 125 });
}

/**
 * Resolves docker's user string (`user`, `uid`, `user:group`, `uid:gid`, `uid:group`…; empty means
 * root) with the root filesystem's /etc/passwd and /etc/group, by docker's (runc's) rules: a name
 * that passwd lacks is an error ("unable to find user X: no matching entries in passwd file"), a
 * number is used as it is; without an explicit group the user's passwd group and /etc/group
 * memberships apply. Paths are resolved inside `rootfs` (symlinks never lead out of it).
 * Throws BerthError USER_NOT_FOUND / GROUP_NOT_FOUND.
 */
export async function resolveUser(rootfs: string, user = '', groupAdd: string[] = []): Promise<ResolvedUser> {
  const [userArg, groupArg = ''] = user.split(':');
  const passwd = parsePasswd(await readInRoot(rootfs, '/etc/passwd'));
  const uidArg = userArg === '' ? 0 : numericId(userArg);
  const entry = passwd.find((candidate) => (uidArg === undefined ? candidate.name === userArg : candidate.uid === uidArg));
  if (entry === undefined && uidArg === undefined) {
    throw new BerthError('USER_NOT_FOUND', `unable to find user ${userArg}: no matching entries in passwd file`, { exitCode: 125 });
  }
  const uid = entry?.uid ?? (uidArg as number);
  let gid = entry?.gid ?? 0;
  let additionalGids: number[] = [];
  if (groupArg !== '' || entry !== undefined || groupAdd.length > 0) {
    const groups = parseGroup(await readInRoot(rootfs, '/etc/group'));
    if (groupArg !== '') gid = findGroup(groups, groupArg);
    // Supplementary groups from /etc/group only apply when the group is implicit (runc's rule).
    else if (entry !== undefined) additionalGids = groups.filter((group) => group.members.includes(entry.name)).map((group) => group.gid);
    additionalGids = [...new Set([...additionalGids, ...groupAdd.map((arg) => findGroup(groups, arg))])];
  }
  const home = entry?.home || (uid === 0 ? '/root' : '/');
  return { uid, gid, additionalGids, home };
}
