import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execProcess } from './exec-process.js';
import { generateSpec } from './spec.js';

test('execProcess: the container process with exec options applied like docker exec', async (t) => {
  const rootfs = await mkdtemp(join(tmpdir(), 'berth-exec-'));
  t.after(() => rm(rootfs, { recursive: true, force: true }));
  await mkdir(join(rootfs, 'etc'));
  await writeFile(join(rootfs, 'etc/passwd'), 'root:x:0:0::/root:/bin/sh\napp:x:1001:1001::/home/app:/bin/sh\n');
  await writeFile(join(rootfs, 'etc/group'), 'app:x:1001:\n');
  const spec = generateSpec(
    { id: 'c0ffee00c0ffee00', rootfs, process: { args: ['server'], env: ['A=1'], cwd: '/srv' } },
    { uid: 0, gid: 0, additionalGids: [], home: '/root' },
    { hosts: '/h', resolvConf: '/r', hostname: '/n' },
  );

  const same = await execProcess(spec, { args: ['ps'] });
  assert.deepEqual(same.user, { uid: 0, gid: 0 });
  assert.equal(same.cwd, '/srv');
  assert.deepEqual(same.env, spec.process.env);
  assert.deepEqual(same.capabilities, spec.process.capabilities);
  assert.equal(same.terminal, false);

  const other = await execProcess(spec, { args: ['sh'], user: 'app', env: ['A=2', 'B=3'], cwd: '/tmp', terminal: true });
  assert.deepEqual(other.user, { uid: 1001, gid: 1001 });
  assert.equal(other.cwd, '/tmp');
  assert.deepEqual(other.args, ['sh']);
  assert.deepEqual(other.env, ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', 'HOSTNAME=c0ffee00c0ff', 'A=2', 'HOME=/home/app', 'TERM=xterm', 'B=3']);
  await assert.rejects(execProcess(spec, { args: ['sh'], user: 'ghost' }), { code: 'USER_NOT_FOUND' });
});
