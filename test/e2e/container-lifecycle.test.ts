// Detached containers: the monitor keeps them running across CLI invocations; ps, logs -f,
// stop (the image's STOPSIGNAL, then SIGKILL), kill, wait, restart, start, rename, rm, prune.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { BERTH_BIN, type BerthStore } from '../helpers/busybox.js';
import { requireRunc } from '../helpers/tools.js';
import { busyboxStore, cleanupStore, eventually, leftovers } from './container-helpers.js';

let store: BerthStore;
// The image stops with SIGUSR1 (STOPSIGNAL); the script says which signal arrived.
const TRAPS = 'trap "echo got USR1; exit 10" USR1; trap "echo got TERM; exit 15" TERM; echo up; while true; do sleep 0.1; done';

before(async () => {
  store = await busyboxStore(['STOPSIGNAL SIGUSR1']);
});

after(async () => {
  await cleanupStore(store);
});

async function logsOf(name: string): Promise<string> {
  return (await store.berthOk(['logs', name])).stdout;
}

test('run -d keeps running after the CLI exits; ps shows it like docker; stop delivers STOPSIGNAL', async (t) => {
  if (!requireRunc(t)) return;
  const id = (await store.berthOk(['run', '-d', '--name', 'sig', 'busybox:local', 'sh', '-c', TRAPS])).stdout.trim();
  assert.match(id, /^[0-9a-f]{64}$/);
  await eventually(async () => ((await logsOf('sig')) === 'up\n' ? true : undefined));
  const ps = (await store.berthOk(['ps'])).stdout.split('\n');
  assert.match(ps[0], /^CONTAINER ID\s+IMAGE\s+COMMAND\s+CREATED\s+STATUS\s+PORTS\s+NAMES$/);
  assert.match(ps[1], new RegExp(`^${id.slice(0, 12)}\\s+busybox:local\\s+"sh -c trap \\\\"echo go…"\\s+.* ago\\s+Up .*\\s+sig$`));
  assert.equal((await store.berthOk(['ps', '-q'])).stdout, `${id.slice(0, 12)}\n`);
  assert.equal((await store.berthOk(['ps', '-q', '--no-trunc', '--filter', 'name=sig'])).stdout, `${id}\n`);
  assert.equal((await store.berthOk(['ps', '--format', '{{.Names}} {{.State}}'])).stdout, 'sig running\n');
  assert.equal((await store.berthOk(['stop', 'sig'])).stdout, 'sig\n');
  assert.equal(await logsOf('sig'), 'up\ngot USR1\n');
  assert.equal((await store.berthOk(['wait', 'sig'])).stdout, '10\n');
  assert.equal((await store.berthOk(['ps', '-q'])).stdout, '');
  assert.match((await store.berthOk(['ps', '-a', '--format', '{{.Status}}'])).stdout, /^Exited \(10\) .* ago\n$/);
  assert.deepEqual(await leftovers(store.root), { mounts: [], runc: [], bundles: [] });
});

test('stop -t sends SIGKILL when the stop signal is ignored; kill -s sends a signal', async (t) => {
  if (!requireRunc(t)) return;
  await store.berthOk(['run', '-d', '--name', 'stubborn', '--stop-signal', 'SIGWINCH', 'busybox:local', 'sh', '-c', TRAPS]);
  const started = Date.now();
  await store.berthOk(['stop', '-t', '1', 'stubborn']);
  assert.ok(Date.now() - started >= 1000);
  assert.equal((await store.berthOk(['inspect', '--format', '{{.State.ExitCode}}', 'stubborn'])).stdout, '137\n');
  await store.berthOk(['start', 'stubborn']);
  await eventually(async () => ((await logsOf('stubborn')).endsWith('up\nup\n') ? true : undefined));
  await store.berthOk(['kill', '-s', 'TERM', 'stubborn']);
  assert.equal((await store.berthOk(['wait', 'stubborn'])).stdout, '15\n');
  const notRunning = await store.berth(['kill', 'stubborn']);
  assert.equal(notRunning.code, 1);
  assert.match(notRunning.stderr, /is not running/);
});

test('logs -f follows until the container exits; --tail, -t, --since', async (t) => {
  if (!requireRunc(t)) return;
  await store.berthOk(['run', '-d', '--name', 'talker', 'busybox:local', 'sh', '-c', 'for i in 1 2 3; do echo line$i; sleep 0.3; done; echo oops >&2']);
  const child = spawn(process.execPath, [BERTH_BIN, '--root', store.root, 'logs', '-f', 'talker'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const code = await new Promise((resolve) => child.on('close', resolve));
  assert.equal(code, 0);
  assert.equal(out, 'line1\nline2\nline3\n');
  assert.equal(err, 'oops\n');
  assert.equal((await store.berthOk(['logs', '--tail', '2', 'talker'])).stdout, 'line3\n');
  assert.match((await store.berthOk(['logs', '-t', '--tail', '1', 'talker'])).stderr, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z oops\n$/);
  assert.equal((await store.berthOk(['logs', '--since', '2999-01-01T00:00:00Z', 'talker'])).stdout, '');
});

test("rm refuses a running container with docker's message; rm -f removes it; rename; restart", async (t) => {
  if (!requireRunc(t)) return;
  const id = (await store.berthOk(['run', '-d', '--name', 'busy', 'busybox:local', 'sleep', '1000'])).stdout.trim();
  const refused = await store.berth(['rm', 'busy']);
  assert.equal(refused.code, 1);
  assert.equal(refused.stderr, `Error: You cannot remove a running container ${id}. Stop the container before attempting removal or force remove\n`);
  await store.berthOk(['rename', 'busy', 'renamed']);
  assert.equal((await store.berthOk(['inspect', '--format', '{{.Name}}', id.slice(0, 12)])).stdout, '/renamed\n');
  await store.berthOk(['restart', '-t', '0', 'renamed']);
  assert.equal((await store.berthOk(['inspect', '--format', '{{.State.Status}}', 'renamed'])).stdout, 'running\n');
  assert.equal((await store.berthOk(['rm', '-f', 'renamed'])).stdout, 'renamed\n');
  const gone = await store.berth(['inspect', '--type', 'container', 'renamed']);
  assert.equal(gone.code, 1);
  assert.match(gone.stderr, /No such container: renamed/);
  assert.deepEqual(await leftovers(store.root), { mounts: [], runc: [], bundles: [] });
});

test('create + start -a; run -d --rm removes itself; container prune removes stopped ones', async (t) => {
  if (!requireRunc(t)) return;
  const id = (await store.berthOk(['create', '--name', 'later', 'busybox:local', 'echo', 'created then started'])).stdout.trim();
  assert.equal((await store.berthOk(['ps', '-a', '--filter', 'status=created', '-q', '--no-trunc'])).stdout, `${id}\n`);
  assert.equal((await store.berthOk(['start', '-a', 'later'])).stdout, 'created then started\n');
  await store.berthOk(['run', '-d', '--rm', '--name', 'ephemeral', 'busybox:local', 'true']);
  await eventually(async () => ((await store.berth(['inspect', 'ephemeral'])).code !== 0 ? true : undefined));
  const pruned = await store.berthOk(['container', 'prune', '-f']);
  assert.match(pruned.stdout, new RegExp(`^Deleted Containers:\\n(.*\\n)*${id}\\n`));
  assert.equal((await store.berthOk(['ps', '-aq'])).stdout, '');
});

test('--restart on-failure:2 restarts a failing process twice while the monitor supervises', async (t) => {
  if (!requireRunc(t)) return;
  await store.berthOk(['run', '-d', '--name', 'flaky', '--restart', 'on-failure:2', 'busybox:local', 'sh', '-c', 'echo try; exit 3']);
  await eventually(async () => ((await store.berthOk(['inspect', '--format', '{{.State.Status}} {{.RestartCount}}', 'flaky'])).stdout === 'exited 2\n' ? true : undefined));
  assert.equal(await logsOf('flaky'), 'try\ntry\ntry\n');
});
