// `berth run` in the foreground: docker's Entrypoint/Cmd rules, process options, mounts, exit
// statuses, signals, and nothing left behind.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BERTH_BIN, type BerthStore } from '../helpers/busybox.js';
import { requireRunc } from '../helpers/tools.js';
import { busyboxStore, cleanupStore, leftovers } from './container-helpers.js';

let store: BerthStore;
let scratch: string;

before(async () => {
  store = await busyboxStore(['ENTRYPOINT ["echo", "ep"]', 'CMD ["default"]', 'ENV IMG=from-image']);
  await store.berthOk(['import', (await import('../helpers/busybox.js')).busyboxRootfs(), 'plain:local']);
  scratch = await mkdtemp(join(tmpdir(), 'berth-run-test-'));
});

after(async () => {
  await cleanupStore(store);
  await rm(scratch, { recursive: true, force: true });
});

test('run --rm prints the output, passes exit 0 and leaves no container, mount or runc state', async (t) => {
  if (!requireRunc(t)) return;
  const result = await store.berth(['run', '--rm', 'plain:local', 'echo', 'hello']);
  assert.equal(result.stdout, 'hello\n');
  assert.equal(result.code, 0);
  assert.equal((await store.berthOk(['ps', '-aq'])).stdout, '');
  assert.deepEqual(await leftovers(store.root), { mounts: [], runc: [], bundles: [] });
});

test("ENTRYPOINT and CMD combine by docker's rules", async (t) => {
  if (!requireRunc(t)) return;
  assert.equal((await store.berthOk(['run', '--rm', 'busybox:local'])).stdout, 'ep default\n');
  assert.equal((await store.berthOk(['run', '--rm', 'busybox:local', 'replaced', 'cmd'])).stdout, 'ep replaced cmd\n');
  // --entrypoint replaces ENTRYPOINT and clears CMD.
  assert.equal((await store.berthOk(['run', '--rm', '--entrypoint', 'echo', 'busybox:local'])).stdout, '\n');
  assert.equal((await store.berthOk(['run', '--rm', '--entrypoint', 'echo', 'busybox:local', 'hello'])).stdout, 'hello\n');
  const none = await store.berth(['run', '--rm', '--entrypoint', '', 'busybox:local']);
  assert.equal(none.code, 125);
  assert.match(none.stderr, /No command specified/);
});

test('exit statuses: the process status, 125 setup errors, 126 not executable, 127 not found', async (t) => {
  if (!requireRunc(t)) return;
  assert.equal((await store.berth(['run', '--rm', 'plain:local', 'sh', '-c', 'exit 3'])).code, 3);
  const missing = await store.berth(['run', '--rm', 'plain:local', 'nosuchcmd']);
  assert.equal(missing.code, 127);
  assert.match(missing.stderr, /exec: "nosuchcmd": executable file not found in \$PATH/);
  const notExec = await store.berth(['run', '--rm', 'plain:local', '/etc/passwd']);
  assert.equal(notExec.code, 126);
  assert.match(notExec.stderr, /permission denied/);
  const noImage = await store.berth(['run', '--rm', 'nosuch:image', 'true']);
  assert.equal(noImage.code, 125);
  assert.match(noImage.stderr, /No such image: nosuch:image/);
  const badUser = await store.berth(['run', '--rm', '-u', 'nobody-here', 'plain:local', 'true']);
  assert.equal(badUser.code, 125);
  assert.match(badUser.stderr, /unable to find user nobody-here/);
  assert.equal((await store.berthOk(['ps', '-aq'])).stdout, '');
});

test('env (image, -e, --env-file), -w, -u, --hostname', async (t) => {
  if (!requireRunc(t)) return;
  const envFile = join(scratch, 'env');
  await writeFile(envFile, '# comment\nFROM_FILE=yes\n\n');
  const result = await store.berthOk([
    'run', '--rm', '-e', 'A=1', '--env-file', envFile, '-w', '/work/dir', '-u', '1001:1002', '--hostname', 'box', '--entrypoint', 'sh',
    'busybox:local', '-c', 'echo $IMG $A $FROM_FILE; pwd; id -u; id -g; hostname',
  ]);
  assert.equal(result.stdout, 'from-image 1 yes\n/work/dir\n1001\n1002\nbox\n');
});

test('bind mounts (ro), named volumes, --tmpfs, --read-only, --mount', async (t) => {
  if (!requireRunc(t)) return;
  await writeFile(join(scratch, 'hostfile'), 'from host\n');
  const ro = await store.berth(['run', '--rm', '-v', `${scratch}:/data:ro`, 'plain:local', 'sh', '-c', 'cat /data/hostfile; touch /data/new']);
  assert.equal(ro.stdout, 'from host\n');
  assert.match(ro.stderr, /Read-only file system/);
  await store.berthOk(['run', '--rm', '--mount', `type=bind,source=${scratch},target=/data`, 'plain:local', 'sh', '-c', 'echo written > /data/out']);
  assert.equal(await readFile(join(scratch, 'out'), 'utf8'), 'written\n');
  await store.berthOk(['run', '--rm', '-v', 'keep:/v', 'plain:local', 'sh', '-c', 'echo kept > /v/file']);
  assert.equal((await store.berthOk(['run', '--rm', '-v', 'keep:/v', 'plain:local', 'cat', '/v/file'])).stdout, 'kept\n');
  const readOnly = await store.berth(['run', '--rm', '--read-only', '--tmpfs', '/scratch', 'plain:local', 'sh', '-c', 'touch /scratch/ok && echo tmpfs; touch /nope']);
  assert.equal(readOnly.stdout, 'tmpfs\n');
  assert.match(readOnly.stderr, /Read-only file system/);
});

test('-i passes stdin, -t gives a terminal, --network none has only lo, host sees the host', async (t) => {
  if (!requireRunc(t)) return;
  assert.equal((await store.berthOk(['run', '--rm', '-i', 'plain:local', 'cat'], { input: 'piped\n' })).stdout, 'piped\n');
  assert.equal((await store.berthOk(['run', '--rm', 'plain:local', 'cat'], { input: 'ignored\n' })).stdout, '');
  assert.match((await store.berthOk(['run', '--rm', '-t', 'plain:local', 'tty'])).stdout, /^\/dev\/pts\/\d+\r\n$/);
  assert.equal((await store.berthOk(['run', '--rm', 'plain:local', 'ls', '/sys/class/net'])).stdout, 'lo\n');
  const devices = (text: string) => text.split('\n').slice(2).map((line) => line.split(':')[0].trim()).filter((name) => name !== '').sort();
  const hostDevices = devices(await readFile('/proc/net/dev', 'utf8'));
  assert.deepEqual(devices((await store.berthOk(['run', '--rm', '--network', 'host', 'plain:local', 'cat', '/proc/net/dev'])).stdout), hostDevices);
});

test('a run without --rm leaves an exited container with its logs', async (t) => {
  if (!requireRunc(t)) return;
  await store.berthOk(['run', '--name', 'kept', 'plain:local', 'sh', '-c', 'echo out; echo err >&2; exit 4']).catch(() => undefined);
  assert.equal((await store.berthOk(['inspect', '--format', '{{.State.Status}} {{.State.ExitCode}}', 'kept'])).stdout, 'exited 4\n');
  const logs = await store.berthOk(['logs', 'kept']);
  assert.equal(logs.stdout, 'out\n');
  assert.equal(logs.stderr, 'err\n');
  const conflict = await store.berth(['run', '--name', 'kept', 'plain:local', 'true']);
  assert.equal(conflict.code, 125);
  assert.match(conflict.stderr, /Conflict\. The container name "\/kept" is already in use by container "[0-9a-f]{64}"/);
  await store.berthOk(['rm', 'kept']);
});

test('Ctrl-C (SIGINT) reaches the container process and berth cleans up', async (t) => {
  if (!requireRunc(t)) return;
  const child = spawn(process.execPath, [BERTH_BIN, '--root', store.root, 'run', '--rm', 'plain:local', 'sh', '-c', 'trap "echo got INT; exit 42" INT; echo ready; while true; do sleep 0.1; done'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let interrupted = false;
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    // One Ctrl-C: a second one sent on the "got INT" chunk would land during the --rm cleanup.
    if (out.includes('ready') && !interrupted) interrupted = child.kill('SIGINT');
  });
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  assert.equal(out, 'ready\ngot INT\n');
  assert.equal(code, 42);
  assert.deepEqual(await leftovers(store.root), { mounts: [], runc: [], bundles: [] });
});

test('--platform runs a foreign-architecture image through qemu-user-static binfmt', async (t) => {
  if (!requireRunc(t, '/usr/bin/qemu-aarch64-static', '/usr/bin/qemu-arm-static')) return;
  const { busyboxRootfs } = await import('../helpers/busybox.js');
  for (const [platform, arch, machine] of [['linux/arm64', 'arm64', 'aarch64'], ['linux/arm/v7', 'armhf', 'armv7l']]) {
    await store.berthOk(['import', '--platform', platform, busyboxRootfs(arch), `bb:${arch}`]);
    assert.equal((await store.berthOk(['run', '--rm', '--platform', platform, `bb:${arch}`, 'uname', '-m'])).stdout, `${machine}\n`);
  }
});
