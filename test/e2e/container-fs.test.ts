// Container filesystem commands against docker: `diff` and `export` after the same steps in a
// berth container and a dockerd container give the same answer; cp both ways (never following a
// symlink out of the root), commit, exec sees the container's processes, top, stats.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, readlink, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { busyboxRootfs, type BerthStore } from '../helpers/busybox.js';
import { DOCKER, DOCKERD, startDockerd, type Dockerd } from '../helpers/dockerd.js';
import { runOk } from '../helpers/process.js';
import { requireRunc, requireTools } from '../helpers/tools.js';
import { busyboxStore, cleanupStore, eventually } from './container-helpers.js';

const STEPS = 'mkdir -p /newdir/sub && echo a > /newdir/sub/f && rm /bin/vi && echo x >> /etc/group && touch /tmp/t && chmod 700 /root && ln -s /etc /newdir/link';
let store: BerthStore;
let scratch: string;
let dockerd: Dockerd | undefined;

before(async () => {
  if (process.getuid?.() !== 0) return;
  store = await busyboxStore();
  scratch = await mkdtemp(join(tmpdir(), 'berth-fs-test-'));
});

after(async () => {
  if (store) await cleanupStore(store);
  if (scratch) await rm(scratch, { recursive: true, force: true });
  await dockerd?.stop();
});

async function withDocker(t: import('node:test').TestContext): Promise<Dockerd | undefined> {
  if (!requireTools(t, DOCKERD, DOCKER)) return undefined;
  if (dockerd === undefined) {
    dockerd = await startDockerd();
    await dockerd.dockerOk(['import', busyboxRootfs(), 'busybox:local']);
  }
  return dockerd;
}

/** `tar tv` of an archive file without the dates, sorted, directories without their trailing slash. */
async function tarListing(file: string): Promise<string[]> {
  const { stdout } = await runOk('tar', ['--numeric-owner', '-tvf', file]);
  return stdout.split('\n').filter((line) => line !== '').map((line) => {
    const [mode, owner, size, , , ...rest] = line.split(/\s+/);
    return `${mode} ${owner} ${mode.startsWith('d') ? '-' : size} ${rest.join(' ').replace(/\/$/, '')}`;
  }).sort();
}

test('diff and export match docker after the same steps', async (t) => {
  if (!requireRunc(t)) return;
  const docker = await withDocker(t);
  if (docker === undefined) return;
  await store.berthOk(['run', '--name', 'changed', 'busybox:local', 'sh', '-c', STEPS]);
  await docker.dockerOk(['run', '--network', 'none', '--name', 'changed', 'busybox:local', 'sh', '-c', STEPS]);
  const sorted = (text: string) => text.split('\n').filter((line) => line !== '').sort();
  const berthDiff = sorted((await store.berthOk(['diff', 'changed'])).stdout);
  assert.deepEqual(berthDiff, sorted((await docker.dockerOk(['diff', 'changed'])).stdout));
  assert.ok(berthDiff.includes('D /bin/vi') && berthDiff.includes('A /newdir/sub/f') && berthDiff.includes('C /etc/group'), berthDiff.join('\n'));
  await store.berthOk(['export', '-o', join(scratch, 'berth.tar'), 'changed']);
  await docker.dockerOk(['export', '-o', join(scratch, 'docker.tar'), 'changed']);
  assert.deepEqual(await tarListing(join(scratch, 'berth.tar')), await tarListing(join(scratch, 'docker.tar')));
});

test('cp copies both ways and never follows a symlink out of the container root', async (t) => {
  if (!requireRunc(t)) return;
  await store.berthOk(['run', '-d', '--name', 'cpbox', 'busybox:local', 'sh', '-c', 'mkdir /data; echo inside > /data/in; ln -s / /data/escape; ln -s /etc/shadow-host /data/abs; echo ready; sleep 1000']);
  // run -d returns once the process runs, not once the script has made /data.
  await eventually(async () => ((await store.berthOk(['logs', 'cpbox'])).stdout === 'ready\n' ? true : undefined));
  await writeFile(join(scratch, 'up.txt'), 'from host\n');
  await store.berthOk(['cp', join(scratch, 'up.txt'), 'cpbox:/data/']);
  assert.equal((await store.berthOk(['exec', 'cpbox', 'cat', '/data/up.txt'])).stdout, 'from host\n');
  await store.berthOk(['cp', join(scratch, 'up.txt'), 'cpbox:/data/renamed.txt']);
  assert.equal((await store.berthOk(['exec', 'cpbox', 'cat', '/data/renamed.txt'])).stdout, 'from host\n');
  await store.berthOk(['cp', 'cpbox:/data', join(scratch, 'out')]);
  assert.equal(await readFile(join(scratch, 'out', 'in'), 'utf8'), 'inside\n');
  // A symlink in the container pointing at / resolves inside the container: /data/escape/tmp is the container's /tmp.
  await store.berthOk(['cp', join(scratch, 'up.txt'), 'cpbox:/data/escape/tmp/']);
  assert.equal((await store.berthOk(['exec', 'cpbox', 'cat', '/tmp/up.txt'])).stdout, 'from host\n');
  // A symlink copied out stays a symlink (its target is not followed on the host).
  await store.berthOk(['cp', 'cpbox:/data/abs', join(scratch, 'abs')]);
  assert.equal(await readlink(join(scratch, 'abs')), '/etc/shadow-host');
  const tar = await store.berthOk(['cp', 'cpbox:/data/in', '-']);
  assert.match(tar.stdout, /^in\0/);
  await store.berthOk(['rm', '-f', 'cpbox']);
});

test('exec sees the container processes; -e -u -w; -d; top; stats; exit statuses', async (t) => {
  if (!requireRunc(t)) return;
  await store.berthOk(['run', '-d', '--name', 'ex', 'busybox:local', 'sleep', '1000']);
  const ps = (await store.berthOk(['exec', 'ex', 'ps', '-o', 'pid,args'])).stdout;
  assert.match(ps, /^\s*1 sleep 1000$/m);
  assert.equal((await store.berthOk(['exec', '-e', 'FOO=bar', '-u', '1000:1000', '-w', '/tmp', 'ex', 'sh', '-c', 'echo $FOO; id -u; pwd'])).stdout, 'bar\n1000\n/tmp\n');
  assert.equal((await store.berthOk(['exec', '-i', 'ex', 'cat'], { input: 'stdin\n' })).stdout, 'stdin\n');
  assert.equal((await store.berth(['exec', 'ex', 'sh', '-c', 'exit 5'])).code, 5);
  assert.equal((await store.berth(['exec', 'ex', 'nosuch'])).code, 127);
  await store.berthOk(['exec', '-d', 'ex', 'sleep', '77']);
  assert.match((await store.berthOk(['top', 'ex'])).stdout, /sleep 77/);
  assert.match((await store.berthOk(['top', 'ex', '-o', 'pid,comm'])).stdout, /^\s*PID COMMAND\n/);
  const stats = (await store.berthOk(['stats', '--no-stream', 'ex'])).stdout.split('\n');
  assert.match(stats[0], /^CONTAINER ID\s+NAME\s+CPU %\s+MEM USAGE \/ LIMIT\s+MEM %\s+NET I\/O\s+BLOCK I\/O\s+PIDS$/);
  assert.match(stats[1], /^[0-9a-f]{12}\s+ex\s+\d+\.\d\d%\s+\S+ \/ \S+\s+\d+\.\d\d%\s+\S+ \/ \S+\s+\S+ \/ \S+\s+2$/);
  await store.berthOk(['stop', '-t', '0', 'ex']);
  const stopped = await store.berth(['exec', 'ex', 'true']);
  assert.equal(stopped.code, 1);
  assert.match(stopped.stderr, /is not running/);
});

test('commit makes an image of the container changes with its config', async (t) => {
  if (!requireRunc(t)) return;
  await store.berthOk(['run', '--name', 'tocommit', '-e', 'COMMITTED=yes', 'busybox:local', 'sh', '-c', 'echo kept > /kept']);
  const id = (await store.berthOk(['commit', '-m', 'my change', '-c', 'CMD ["cat", "/kept"]', 'tocommit', 'committed:1'])).stdout.trim();
  assert.match(id, /^sha256:[0-9a-f]{64}$/);
  assert.equal((await store.berthOk(['run', '--rm', 'committed:1'])).stdout, 'kept\n');
  assert.equal((await store.berthOk(['run', '--rm', 'committed:1', 'sh', '-c', 'echo $COMMITTED'])).stdout, 'yes\n');
  assert.equal((await store.berthOk(['inspect', '--format', '{{len .RootFS.Layers}}', 'committed:1'])).stdout, '2\n');
  assert.match((await store.berthOk(['history', 'committed:1'])).stdout, /my change/);
});

test('--init runs docker-init as PID 1; --memory, --cpus and --pids-limit reach the cgroup', async (t) => {
  if (!requireRunc(t)) return;
  assert.match((await store.berthOk(['run', '--rm', '--init', 'busybox:local', 'ps', '-o', 'pid,args'])).stdout, /^\s*1 \/sbin\/docker-init -- ps/m);
  const limits = await store.berthOk(['run', '--rm', '--memory', '64m', '--cpus', '0.5', '--pids-limit', '20', 'busybox:local', 'sh', '-c',
    'cat /sys/fs/cgroup/memory/memory.limit_in_bytes /sys/fs/cgroup/cpu/cpu.cfs_quota_us /sys/fs/cgroup/pids/pids.max']);
  assert.equal(limits.stdout, `${64 * 1024 * 1024}\n50000\n20\n`);
});
