import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveUser } from './user.js';

async function rootfsWith(files: Record<string, string>, t: { after(fn: () => Promise<void>): void }): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'berth-user-'));
  t.after(() => rm(root, { recursive: true, force: true }));
  await mkdir(join(root, 'etc'));
  for (const [name, text] of Object.entries(files)) await writeFile(join(root, 'etc', name), text);
  return root;
}

const PASSWD = 'root:x:0:0:root:/root:/bin/sh\n# comment\napp:x:1001:1001:App:/home/app:/bin/sh\nweb:x:33:33::/var/www:/bin/false\n';
const GROUP = 'root:x:0:\napp:x:1001:\nstaff:x:50:app,web\naudio:x:63:app\n';

test('resolveUser: empty means root with its passwd home and memberships', async (t) => {
  const root = await rootfsWith({ passwd: PASSWD, group: 'root:x:0:\nwheel:x:10:root\n' }, t);
  assert.deepEqual(await resolveUser(root, ''), { uid: 0, gid: 0, additionalGids: [10], home: '/root' });
});

test('resolveUser: a name gives its uid, gid, home and the groups listing it', async (t) => {
  const root = await rootfsWith({ passwd: PASSWD, group: GROUP }, t);
  assert.deepEqual(await resolveUser(root, 'app'), { uid: 1001, gid: 1001, additionalGids: [50, 63], home: '/home/app' });
});

test('resolveUser: an explicit group replaces the passwd group and drops supplementary groups (runc rule)', async (t) => {
  const root = await rootfsWith({ passwd: PASSWD, group: GROUP }, t);
  assert.deepEqual(await resolveUser(root, 'app:staff'), { uid: 1001, gid: 50, additionalGids: [], home: '/home/app' });
  assert.deepEqual(await resolveUser(root, '1001:4242'), { uid: 1001, gid: 4242, additionalGids: [], home: '/home/app' });
});

test('resolveUser: numbers without entries are used as they are', async (t) => {
  const root = await rootfsWith({ passwd: PASSWD, group: GROUP }, t);
  assert.deepEqual(await resolveUser(root, '4000'), { uid: 4000, gid: 0, additionalGids: [], home: '/' });
  assert.deepEqual(await resolveUser(root, '4000:4000'), { uid: 4000, gid: 4000, additionalGids: [], home: '/' });
});

test('resolveUser: unknown names fail with docker messages', async (t) => {
  const root = await rootfsWith({ passwd: PASSWD, group: GROUP }, t);
  await assert.rejects(resolveUser(root, 'nobody'), { code: 'USER_NOT_FOUND', message: 'unable to find user nobody: no matching entries in passwd file', exitCode: 125 });
  await assert.rejects(resolveUser(root, 'app:nogroup'), { code: 'GROUP_NOT_FOUND', message: 'unable to find group nogroup: no matching entries in group file' });
});

test('resolveUser: without /etc/passwd a name fails and root still gets /root', async (t) => {
  const root = await mkdtemp(join(tmpdir(), 'berth-user-'));
  t.after(() => rm(root, { recursive: true, force: true }));
  await assert.rejects(resolveUser(root, 'app'), { code: 'USER_NOT_FOUND' });
  assert.deepEqual(await resolveUser(root, ''), { uid: 0, gid: 0, additionalGids: [], home: '/root' });
});

test('resolveUser: --group-add names and numbers join the supplementary groups', async (t) => {
  const root = await rootfsWith({ passwd: PASSWD, group: GROUP }, t);
  assert.deepEqual((await resolveUser(root, 'web', ['audio', '77', 'staff'])).additionalGids, [50, 63, 77]);
  await assert.rejects(resolveUser(root, 'web', ['missing']), { code: 'GROUP_NOT_FOUND' });
});

test('resolveUser: /etc/passwd as a symlink is read inside the root, never from the host', async (t) => {
  const root = await rootfsWith({ group: GROUP }, t);
  await writeFile(join(root, 'inner-passwd'), 'app:x:1234:1234::/srv:/bin/sh\n');
  await symlink('/inner-passwd', join(root, 'etc/passwd'));
  assert.equal((await resolveUser(root, 'app')).uid, 1234);
  await rm(join(root, 'etc/passwd'));
  // An absolute link to the host's passwd resolves to <root>/etc/host-passwd, which does not exist.
  await symlink('/etc/host-passwd', join(root, 'etc/passwd'));
  await assert.rejects(resolveUser(root, 'root'), { code: 'USER_NOT_FOUND' });
});
