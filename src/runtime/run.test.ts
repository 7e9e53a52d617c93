import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { appendFile, lstat, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { busyboxRootfs } from '../../test/helpers/busybox.js';
import { requireRoot, requireTools } from '../../test/helpers/tools.js';
import { createSnapshot, mountPointsUnder } from '../snapshot/index.js';
import { cleanupStaleContainers, createBundle, Runc, runContainer } from './index.js';
import type { ContainerConfig } from './index.js';

/** A temp dir with a busybox root filesystem at `rootfs/` and berth state at `state/`; cleaned up after the test. */
async function sandbox(t: TestContext): Promise<{ dir: string; rootfs: string; stateDir: string } | undefined> {
  if (!requireRoot(t) || !requireTools(t, '/usr/bin/runc', '/bin/busybox')) return undefined;
  const dir = await mkdtemp(join(tmpdir(), 'berth-runtime-'));
  const stateDir = join(dir, 'state');
  t.after(async () => {
    // Containers first: their runc state lives in the directory removed last.
    const runc = new Runc(join(stateDir, 'runc'));
    for (const container of await runc.list().catch(() => [])) await runc.delete(container.id, { force: true });
    for (const point of await mountPointsUnder(dir)) execFileSync('umount', ['-l', point]);
    await rm(dir, { recursive: true, force: true });
  });
  const rootfs = join(dir, 'rootfs');
  await mkdir(rootfs);
  execFileSync('tar', ['-xf', busyboxRootfs(), '-C', rootfs]);
  return { dir, rootfs, stateDir };
}

/** A Writable collecting text. */
function collector(): Writable & { text(): string } {
  const chunks: Buffer[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk);
      done();
    },
  });
  return Object.assign(stream, { text: () => Buffer.concat(chunks).toString('utf8') });
}

let counter = 0;
async function run(box: { rootfs: string; stateDir: string }, process: ContainerConfig['process'], extra: Partial<ContainerConfig> = {}) {
  const stdout = collector();
  const stderr = collector();
  const id = `berth-test-${globalThis.process.pid}-${counter++}`;
  const result = await runContainer({ id, rootfs: box.rootfs, process, ...extra }, { stateDir: box.stateDir, stdout, stderr });
  return { ...result, stdout: stdout.text(), stderr: stderr.text() };
}

async function assertNoLeftovers(box: { dir: string; stateDir: string }): Promise<void> {
  assert.deepEqual(await new Runc(join(box.stateDir, 'runc')).list(), []);
  assert.deepEqual(await readdir(join(box.stateDir, 'bundles')), []);
  assert.deepEqual(await mountPointsUnder(box.dir), []);
}

test('runContainer: echo hi prints hi and exits 0, leaving no runc state or bundle', async (t) => {
  const box = await sandbox(t);
  if (!box) return;
  const result = await run(box, { args: ['echo', 'hi'] });
  assert.deepEqual(result, { exitCode: 0, stdout: 'hi\n', stderr: '' });
  await assertNoLeftovers(box);
});

test('runContainer: exit codes pass through, signals give 128+n', async (t) => {
  const box = await sandbox(t);
  if (!box) return;
  assert.equal((await run(box, { args: ['sh', '-c', 'exit 42'] })).exitCode, 42);
  const runc = new Runc(join(box.stateDir, 'runc'));
  const killed = runContainer({ id: 'berth-kill-test', rootfs: box.rootfs, process: { args: ['sleep', '1000'] } }, { stateDir: box.stateDir });
  while ((await runc.state('berth-kill-test'))?.status !== 'running') await new Promise((r) => setTimeout(r, 20));
  await runc.kill('berth-kill-test', 'SIGKILL');
  assert.deepEqual(await killed, { exitCode: 137 });
});

test('runContainer: env defaults, working directory created, user 1001 with groups from /etc/group', async (t) => {
  const box = await sandbox(t);
  if (!box) return;
  await appendFile(join(box.rootfs, 'etc/passwd'), 'app:x:1001:1001:App:/home/app:/bin/sh\n');
  await appendFile(join(box.rootfs, 'etc/group'), 'app:x:1001:\nstaff:x:50:app\n');
  const script = 'id -u; id -g; id -G; pwd; echo "$HOME|$PATH|$HOSTNAME|$GREETING"';
  const result = await run(box, { args: ['sh', '-c', script], user: 'app', cwd: '/work/dir', env: ['GREETING=hello'] }, { hostname: 'box' });
  assert.equal(result.stdout, '1001\n1001\n1001 50\n/work/dir\n/home/app|/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin|box|hello\n');
  const created = await lstat(join(box.rootfs, 'work/dir'));
  assert.equal(created.uid, 0);
  assert.equal(created.mode & 0o777, 0o755);
  assert.equal((await run(box, { args: ['id', '-u'], user: '1001' })).stdout, '1001\n');
});

test('runContainer: an unknown user or a bad id fails before starting, with docker message and status 125', async (t) => {
  const box = await sandbox(t);
  if (!box) return;
  await assert.rejects(runContainer({ id: '../escape', rootfs: box.rootfs, process: { args: ['true'] } }, { stateDir: box.stateDir }), { code: 'CONTAINER_ID' });
  await assert.rejects(run(box, { args: ['true'], user: 'ghost' }), { code: 'USER_NOT_FOUND', message: 'unable to find user ghost: no matching entries in passwd file', exitCode: 125 });
  await assertNoLeftovers(box);
});

test('runContainer: a missing executable is CONTAINER_START with status 127', async (t) => {
  const box = await sandbox(t);
  if (!box) return;
  await assert.rejects(run(box, { args: ['/no/such/program'] }), (err: Error & { code?: string; exitCode?: number }) => {
    assert.equal(err.code, 'CONTAINER_START');
    assert.equal(err.exitCode, 127);
    assert.match(err.message, /no such file or directory/);
    return true;
  });
  await assertNoLeftovers(box);
});

test('runContainer: network none has only lo; host network sees the host interfaces', async (t) => {
  const box = await sandbox(t);
  if (!box) return;
  const none = await run(box, { args: ['ls', '/sys/class/net'] });
  assert.equal(none.stdout, 'lo\n');
  const host = await run(box, { args: ['sh', '-c', "tail -n +3 /proc/net/dev | cut -d: -f1 | tr -d ' ' | sort"] }, { network: 'host' });
  const hostInterfaces = (await readdir('/sys/class/net')).sort();
  assert.deepEqual(host.stdout.trim().split('\n'), hostInterfaces);
  assert.ok(hostInterfaces.length > 1);
});

test('runContainer: bind mounts (ro/rw), tmpfs, secrets from a tmpfs, /etc files; mount points leave no stubs', async (t) => {
  const box = await sandbox(t);
  if (!box) return;
  const data = join(box.dir, 'data');
  await mkdir(data);
  await writeFile(join(data, 'in.txt'), 'from host');
  const etcBefore = await lstat(join(box.rootfs, 'etc'), { bigint: true });
  const script = [
    'cat /ro/in.txt', // no newline: the next line follows directly
    'echo x > /ro/new 2>/dev/null || echo ro-refused',
    'echo written > /rw/out.txt',
    'echo tmp > /scratch/t && cat /scratch/t',
    'cat /run/secrets/token; stat -c "%a %u" /run/secrets/token',
    'grep -c localhost /etc/hosts; cat /etc/hostname; grep -q nameserver /etc/resolv.conf && echo dns',
    'grep " /scratch " /proc/mounts | cut -d" " -f3',
  ].join('; ');
  const result = await run(
    box,
    { args: ['sh', '-c', script] },
    {
      hostname: 'buildbox',
      extraHosts: [{ host: 'registry.test', ip: '10.1.2.3' }],
      mounts: [
        { type: 'bind', source: data, target: '/ro', readonly: true },
        { type: 'bind', source: data, target: '/rw' },
        { type: 'tmpfs', target: '/scratch' },
        { type: 'secret', target: '/run/secrets/token', data: 's3cret' },
      ],
    },
  );
  assert.equal(result.stdout, 'from hostro-refused\ntmp\ns3cret400 0\n2\nbuildbox\ndns\ntmpfs\n');
  assert.equal(await readFile(join(data, 'out.txt'), 'utf8'), 'written\n');
  // The mount points that did not exist in the root filesystem are gone again.
  assert.deepEqual((await readdir(box.rootfs)).sort(), ['bin', 'dev', 'etc', 'proc', 'root', 'sys', 'tmp']);
  assert.deepEqual((await readdir(join(box.rootfs, 'etc'))).sort(), ['group', 'passwd']);
  // …and the directory that held them has its times back (within utimes' microsecond precision).
  const etcAfter = await lstat(join(box.rootfs, 'etc'), { bigint: true });
  assert.ok(etcAfter.mtimeNs - etcBefore.mtimeNs < 1000n && etcBefore.mtimeNs - etcAfter.mtimeNs < 1000n);
  await assertNoLeftovers(box);
});

test('RUN-like flow: overlay over a lower dir, writes and deletes in the container, upper has the file and a whiteout', async (t) => {
  const box = await sandbox(t);
  if (!box) return;
  const snapshot = await createSnapshot({ root: join(box.dir, 'snapshots'), lowers: [box.rootfs] });
  const result = await run({ rootfs: snapshot.rootfs, stateDir: box.stateDir }, { args: ['sh', '-c', 'echo built > /made.txt && rm /bin/vi && mkdir -p /opt/app'], cwd: '/' });
  assert.equal(result.exitCode, 0);
  await snapshot.unmount();
  const changes = await snapshot.changes();
  assert.ok(changes.kind === 'upper');
  assert.equal(await readFile(join(changes.upperDir, 'made.txt'), 'utf8'), 'built\n');
  const whiteout = await lstat(join(changes.upperDir, 'bin/vi'));
  assert.ok(whiteout.isCharacterDevice() && whiteout.rdev === 0);
  assert.ok((await lstat(join(changes.upperDir, 'opt/app'))).isDirectory());
  // /etc/hosts, resolv.conf and hostname mount points were stubs: not in the layer.
  const etc = await readdir(join(changes.upperDir, 'etc')).catch(() => []);
  assert.deepEqual(etc, []);
  await snapshot.remove();
  await assertNoLeftovers(box);
});

test('RUN-like flow on a copy snapshot: the diff lists the new file and the deletion, not the mount stubs', async (t) => {
  const box = await sandbox(t);
  if (!box) return;
  const snapshot = await createSnapshot({ root: join(box.dir, 'snapshots'), lowers: [box.rootfs], mode: 'copy' });
  const result = await run({ rootfs: snapshot.rootfs, stateDir: box.stateDir }, { args: ['sh', '-c', 'echo built > /made.txt && rm /bin/vi'] });
  assert.equal(result.exitCode, 0);
  const changes = await snapshot.changes();
  assert.ok(changes.kind === 'diff');
  const listed = changes.entries.map((e) => `${e.kind} ${e.path}`);
  assert.ok(listed.includes('A /made.txt') && listed.includes('D /bin/vi') && listed.includes('C /bin'));
  assert.ok(!listed.some((line) => /\/etc\/(hosts|hostname|resolv\.conf)$/.test(line)));
  await snapshot.remove();
  await assertNoLeftovers(box);
});

test('runContainer: abort kills and deletes the container and leaves no mounts or runc state', async (t) => {
  const box = await sandbox(t);
  if (!box) return;
  const snapshot = await createSnapshot({ root: join(box.dir, 'snapshots'), lowers: [box.rootfs] });
  const controller = new AbortController();
  const runc = new Runc(join(box.stateDir, 'runc'));
  const started = (async () => {
    while ((await runc.list().catch(() => [])).every((c) => c.status !== 'running')) await new Promise((r) => setTimeout(r, 20));
    controller.abort(new Error('step cancelled'));
  })();
  const running = runContainer(
    { id: 'berth-abort-test', rootfs: snapshot.rootfs, process: { args: ['sleep', '1000'] }, mounts: [{ type: 'secret', target: '/s', data: 'x' }] },
    { stateDir: box.stateDir, signal: controller.signal, stdout: 'ignore', stderr: 'ignore' },
  );
  await assert.rejects(running, { message: 'step cancelled' });
  await started;
  await snapshot.remove();
  await assertNoLeftovers(box);
});

/** Starts a node child running `sh -c SCRIPT` in a container through runContainer; resolves once the container printed "started". */
async function childRunning(box: { rootfs: string; stateDir: string }, id: string, script: string) {
  const moduleUrl = new URL('./index.js', import.meta.url).href;
  const code = `
    const { runContainer } = await import(${JSON.stringify(moduleUrl)});
    await runContainer({ id: ${JSON.stringify(id)}, rootfs: ${JSON.stringify(box.rootfs)}, process: { args: ['sh', '-c', ${JSON.stringify(script)}] } },
      { stateDir: ${JSON.stringify(box.stateDir)}, stdout: 'inherit', stderr: 'inherit' });
  `;
  // detached: the child gets its own process group, so only it receives our signals (no terminal here).
  const child = spawn(process.execPath, ['--input-type=module', '-e', code], { stdio: ['ignore', 'pipe', 'inherit'], detached: true });
  await new Promise<void>((resolve) => child.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('started') && resolve()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code, signal) => resolve(code ?? (signal === null ? null : -1))));
  return { child, exited };
}

test('SIGINT to a process running a container deletes the container and its bundle before exiting', async (t) => {
  const box = await sandbox(t);
  if (!box) return;
  const { child, exited } = await childRunning(box, 'berth-sigint-test', 'echo started; exec sleep 1001');
  child.kill('SIGINT');
  assert.equal(await exited, 130);
  await assertNoLeftovers(box);
  assert.throws(() => execFileSync('pgrep', ['-f', 'sleep 1001']), { status: 1 });
});

test('cleanupStaleContainers clears the container and bundle of a SIGKILLed berth process', async (t) => {
  const box = await sandbox(t);
  if (!box) return;
  const { child, exited } = await childRunning(box, 'berth-crash-test', 'echo started; exec sleep 1003');
  child.kill('SIGKILL');
  assert.equal(await exited, -1);
  const runc = new Runc(join(box.stateDir, 'runc'));
  assert.equal((await runc.state('berth-crash-test'))?.status, 'running');
  assert.deepEqual(await cleanupStaleContainers(box.stateDir), ['berth-crash-test']);
  await assertNoLeftovers(box);
  assert.throws(() => execFileSync('pgrep', ['-f', 'sleep 1003']), { status: 1 });
});

test('runc run overhead: `true` in a fresh container', async (t) => {
  const box = await sandbox(t);
  if (!box) return;
  const times: number[] = [];
  for (let i = 0; i < 10; i++) {
    const start = performance.now();
    assert.equal((await run(box, { args: ['true'] })).exitCode, 0);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  t.diagnostic(`runContainer(true): median ${times[5].toFixed(1)} ms, min ${times[0].toFixed(1)} ms, max ${times[9].toFixed(1)} ms`);
  await assertNoLeftovers(box);
});

test('Runc wrappers for detached containers: create, start, state, pids, ps, exec, kill, delete', async (t) => {
  const box = await sandbox(t);
  if (!box) return;
  const id = 'berth-detached-test';
  const bundle = await createBundle(join(box.stateDir, 'bundles', id), { id, rootfs: box.rootfs, process: { args: ['sleep', '1002'] } }, { persistent: true });
  const runc = new Runc(join(box.stateDir, 'runc'));
  await runc.create(id, bundle.dir, { stdout: 'ignore', stderr: 'ignore', pidFile: join(box.dir, 'pid') });
  assert.equal((await runc.state(id))?.status, 'created');
  await runc.start(id);
  const state = await runc.state(id);
  assert.equal(state?.status, 'running');
  assert.equal(Number(await readFile(join(box.dir, 'pid'), 'utf8')), state?.pid);
  assert.deepEqual(await runc.pids(id), [state?.pid]);
  assert.match(await runc.ps(id, ['-o', 'pid,args']), /sleep 1002/);
  assert.deepEqual((await runc.list()).map((c) => c.id), [id]);

  const out = collector();
  const process = { ...bundle.spec.process, args: ['sh', '-c', 'echo "in $HOSTNAME"; exit 3'] };
  assert.equal(await runc.exec(id, process, { stdout: out }), 3);
  assert.equal(out.text(), `in ${id.slice(0, 12)}\n`);
  await assert.rejects(runc.exec(id, { ...process, args: ['/nope'] }, { stderr: 'ignore' }), { code: 'CONTAINER_START', exitCode: 127 });

  const tty = collector();
  assert.equal(await runc.exec(id, { ...process, terminal: true, args: ['sh', '-c', 'tty'] }, { stdout: tty }), 0);
  assert.match(tty.text(), /^\/dev\/pts\/\d+\r\n$/);

  const controller = new AbortController();
  const execing = runc.exec(id, { ...process, args: ['sleep', '1004'] }, { signal: controller.signal });
  while ((await runc.pids(id)).length < 2) await new Promise((r) => setTimeout(r, 20));
  controller.abort(new Error('exec cancelled'));
  await assert.rejects(execing, { message: 'exec cancelled' });
  while ((await runc.pids(id)).length > 1) await new Promise((r) => setTimeout(r, 20));

  await runc.kill(id, 'SIGKILL');
  while ((await runc.state(id))?.status !== 'stopped') await new Promise((r) => setTimeout(r, 20));
  await runc.delete(id);
  assert.equal(await runc.state(id), undefined);
  await runc.delete(id);
  assert.deepEqual(await runc.list(), []);
  await bundle.remove();
});

test('runContainer: a terminal without a TTY of our own runs runc under script(1); status and output pass through', async (t) => {
  const box = await sandbox(t);
  if (!box || !requireTools(t, '/usr/bin/script')) return;
  const result = await run(box, { args: ['sh', '-c', 'tty; echo "$TERM"; exit 5'], terminal: true });
  assert.equal(result.exitCode, 5);
  assert.equal(result.stdout, '/dev/pts/0\r\nxterm\r\n');
  await assertNoLeftovers(box);
});

test('runContainer: memory, cpu and pids limits reach the container cgroup; read-only root refuses writes', async (t) => {
  const box = await sandbox(t);
  if (!box) return;
  const script = [
    'cat /sys/fs/cgroup/memory/memory.limit_in_bytes',
    'cat /sys/fs/cgroup/cpu/cpu.cfs_quota_us',
    'cat /sys/fs/cgroup/pids/pids.max',
    'touch /x 2>/dev/null || echo read-only',
  ].join('; ');
  const result = await run(box, { args: ['sh', '-c', script] }, { resources: { memory: 64 << 20, cpus: 0.5, pidsLimit: 50 }, readonlyRootfs: true });
  assert.equal(result.stdout, `${64 << 20}\n50000\n50\nread-only\n`);
  await assertNoLeftovers(box);
});

test('runContainer: a bare root filesystem (no /proc, /dev, /sys, /etc) runs, and is bare again afterwards', async (t) => {
  const box = await sandbox(t);
  if (!box) return;
  const bare = join(box.dir, 'bare');
  await mkdir(join(bare, 'bin'), { recursive: true });
  execFileSync('cp', ['/bin/busybox', join(bare, 'bin/busybox')]);
  const result = await run({ rootfs: bare, stateDir: box.stateDir }, { args: ['/bin/busybox', 'sh', '-c', 'echo hi; /bin/busybox ls /dev/null /proc/self/status'] });
  assert.deepEqual(result, { exitCode: 0, stdout: 'hi\n/dev/null\n/proc/self/status\n', stderr: '' });
  assert.deepEqual(await readdir(bare), ['bin']);
});
