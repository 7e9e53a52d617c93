// Faults: a container process killed from outside, a killed monitor, three `rm -f` at once, a
// missing image, a port in use — each with a clear message and nothing left behind (mounts,
// runc state, bundles, network namespaces, veths, cgroups).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { BERTH_BIN, type BerthStore } from '../helpers/busybox.js';
import { requireRunc } from '../helpers/tools.js';
import { busyboxStore, cleanupStore, eventually, leftovers, networkLeftovers } from './container-helpers.js';

let store: BerthStore;

before(async () => {
  if (process.getuid?.() === 0) store = await busyboxStore();
});

after(async () => {
  if (store) await cleanupStore(store);
});

async function stateOf(id: string): Promise<{ pid: number; monitor?: { pid: number } }> {
  return JSON.parse(await readFile(join(store.root, 'containers', id, 'state.json'), 'utf8'));
}

/** Everything of a container on the host after it is gone or stopped. */
async function assertNothingLeft(id: string): Promise<void> {
  assert.deepEqual(await leftovers(store.root), { mounts: [], runc: [], bundles: [] });
  assert.deepEqual(networkLeftovers(id), []);
  for (const controller of ['memory', 'pids', 'cpu']) assert.equal(existsSync(`/sys/fs/cgroup/${controller}/berth/${id}`), false, controller);
}

test('a container process killed from outside is recorded as exited 137 and cleaned up', async (t) => {
  if (!requireRunc(t, '/usr/sbin/ip')) return;
  const id = (await store.berthOk(['run', '-d', '-p', '18091:80', 'busybox:local', 'sleep', '1000'])).stdout.trim();
  const pid = await eventually(async () => ((await stateOf(id)).pid > 0 ? (await stateOf(id)).pid : undefined));
  process.kill(pid, 'SIGKILL');
  assert.equal((await store.berthOk(['wait', id])).stdout, '137\n');
  assert.match((await store.berthOk(['ps', '-a', '--format', '{{.Status}}', '--filter', `id=${id}`])).stdout, /^Exited \(137\) /);
  await assertNothingLeft(id);
  await store.berthOk(['rm', id]);
});

test('a killed monitor: the container is stopped and tidied on the next command, its port freed', async (t) => {
  if (!requireRunc(t, '/usr/sbin/ip')) return;
  const id = (await store.berthOk(['run', '-d', '-p', '18092:80', 'busybox:local', 'sleep', '1000'])).stdout.trim();
  const monitor = await eventually(async () => (await stateOf(id)).monitor?.pid);
  process.kill(monitor, 'SIGKILL');
  await eventually(async () => (existsSync(`/proc/${monitor}`) ? undefined : true));
  assert.match((await store.berthOk(['ps', '-a', '--format', '{{.Status}}', '--filter', `id=${id}`])).stdout, /^Exited \(137\) /);
  await assertNothingLeft(id);
  // The port is free again.
  const again = (await store.berthOk(['run', '-d', '-p', '18092:80', 'busybox:local', 'sleep', '1000'])).stdout.trim();
  await store.berthOk(['rm', '-f', id, again]);
  await assertNothingLeft(again);
});

test('a foreground run --rm whose CLI is killed is removed by the next command', async (t) => {
  if (!requireRunc(t, '/usr/sbin/ip')) return;
  const child = spawn(process.execPath, [BERTH_BIN, '--root', store.root, 'run', '--rm', '--name', 'orphan', 'busybox:local', 'sh', '-c', 'echo ready; sleep 1000'], { stdio: ['ignore', 'pipe', 'ignore'] });
  await new Promise<void>((resolve) => child.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolve()));
  const id = (await store.berthOk(['inspect', '--format', '{{.Id}}', 'orphan'])).stdout.trim();
  child.kill('SIGKILL');
  await new Promise((resolve) => child.on('close', resolve));
  assert.equal((await store.berthOk(['ps', '-aq'])).stdout, '');
  const gone = await store.berth(['inspect', '--type', 'container', 'orphan']);
  assert.match(gone.stderr, /No such container: orphan/);
  await assertNothingLeft(id);
});

test('three rm -f at the same time: one removes, the others fail cleanly; nothing leaks', async (t) => {
  if (!requireRunc(t, '/usr/sbin/ip')) return;
  // A few rounds: the removers meet at different moments of each other's work.
  for (let round = 0; round < 3; round++) {
    const id = (await store.berthOk(['run', '-d', '-p', '18093:80', 'busybox:local', 'sleep', '1000'])).stdout.trim();
    const results = await Promise.all([0, 1, 2].map(() => store.berth(['rm', '-f', id])));
    assert.equal(results.filter((r) => r.code === 0).length, 1, JSON.stringify(results));
    for (const failed of results.filter((r) => r.code !== 0)) assert.match(failed.stderr, /^Error: (removal of container [0-9a-f]{64} is already in progress|No such container: [0-9a-f]{64})$/m);
    assert.equal((await store.berthOk(['ps', '-aq'])).stdout, '');
    assert.deepEqual(readdirSync(join(store.root, 'containers')).filter((name) => name !== 'names'), [], 'no container directory or renamed copy is left');
    await assertNothingLeft(id);
  }
});

test('a missing image and a port in use fail with exit status 125 and a clear message', async (t) => {
  if (!requireRunc(t, '/usr/sbin/ip')) return;
  const missing = await store.berth(['run', '-d', 'nosuch:latest']);
  assert.equal(missing.code, 125);
  assert.match(missing.stderr, /^Error: No such image: nosuch:latest$/m);
  const first = (await store.berthOk(['run', '-d', '-p', '127.0.0.1:18094:80/tcp', 'busybox:local', 'sleep', '1000'])).stdout.trim();
  const busy = await store.berth(['run', '-d', '--name', 'second', '-p', '127.0.0.1:18094:80/tcp', 'busybox:local', 'sleep', '1000']);
  assert.equal(busy.code, 125);
  assert.match(busy.stderr, /^Error: Bind for 127\.0\.0\.1:18094 failed: port is already allocated$/m);
  const second = (await store.berthOk(['inspect', '--format', '{{.Id}} {{.State.Status}}', 'second'])).stdout.trim().split(' ');
  assert.equal(second[1], 'exited');
  assert.deepEqual(networkLeftovers(second[0]), []);
  await store.berthOk(['rm', '-f', first, 'second']);
  await assertNothingLeft(first);
  await assertNothingLeft(second[0]);
});
