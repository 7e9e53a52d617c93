import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { lstat, mkdir, mkdtemp, readFile, readdir, rm, rmdir, symlink, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getAttribute, setAttribute } from '@napi-rs/xattr';
import { requireRoot } from '../../test/helpers/tools.js';
import { cleanupStale, createSnapshot, openSnapshot } from './index.js';
import { mountPointsUnder } from './mount.js';

async function tempDir(t: { after(fn: () => Promise<void>): void }): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'berth-snapshot-'));
  t.after(async () => {
    execFileSync('sh', ['-c', `grep -o " ${dir}[^ ]*" /proc/self/mountinfo | sort -r | xargs -r -n1 umount -l`]);
    await rm(dir, { recursive: true, force: true });
  });
  return dir;
}

/** Writes files (path → content) into `dir`; `null` makes an overlay whiteout, `{}` an opaque directory. */
async function makeLower(dir: string, files: Record<string, string | null | { opaque: true }>): Promise<string> {
  await mkdir(dir, { recursive: true });
  for (const [path, content] of Object.entries(files)) {
    const full = join(dir, path);
    await mkdir(join(full, '..'), { recursive: true });
    if (content === null) execFileSync('mknod', [full, 'c', '0', '0']);
    else if (typeof content === 'string') await writeFile(full, content);
    else {
      await mkdir(full, { recursive: true });
      await setAttribute(full, 'trusted.overlay.opaque', 'y');
    }
  }
  return dir;
}

async function isWhiteout(path: string): Promise<boolean> {
  const stat = await lstat(path);
  return stat.isCharacterDevice() && stat.rdev === 0;
}

test('overlay snapshot: merged view, writes land in the upper dir, deletions become whiteouts, remove unmounts', async (t) => {
  if (!requireRoot(t)) return;
  const dir = await tempDir(t);
  const bottom = await makeLower(join(dir, 'layers/bottom'), { 'a.txt': 'a', 'etc/conf': 'old', 'gone/x': 'x' });
  const top = await makeLower(join(dir, 'layers/top'), { 'etc/conf': 'new', 'gone': null });
  const snapshot = await createSnapshot({ root: join(dir, 'snapshots'), lowers: [top, bottom] });
  assert.equal(snapshot.kind, 'overlay');
  assert.deepEqual(await readdir(snapshot.rootfs), ['a.txt', 'etc']);
  assert.equal(await readFile(join(snapshot.rootfs, 'etc/conf'), 'utf8'), 'new');

  await writeFile(join(snapshot.rootfs, 'new.txt'), 'hello');
  await unlink(join(snapshot.rootfs, 'a.txt'));
  await snapshot.unmount();
  assert.deepEqual(await mountPointsUnder(snapshot.dir), []);

  const changes = await snapshot.changes();
  assert.equal(changes.kind, 'upper');
  assert.ok(changes.kind === 'upper');
  assert.equal(await readFile(join(changes.upperDir, 'new.txt'), 'utf8'), 'hello');
  assert.ok(await isWhiteout(join(changes.upperDir, 'a.txt')));
  assert.deepEqual((await readdir(changes.upperDir)).sort(), ['a.txt', 'new.txt']);

  await snapshot.mount();
  assert.equal(await readFile(join(snapshot.rootfs, 'new.txt'), 'utf8'), 'hello');
  await snapshot.remove();
  assert.deepEqual(await mountPointsUnder(dir), []);
  await assert.rejects(lstat(snapshot.dir), { code: 'ENOENT' });
});

test('overlay snapshot: 80 lowers with long paths exceed one page of mount data and still mount', async (t) => {
  if (!requireRoot(t)) return;
  const dir = await tempDir(t);
  const lowers: string[] = [];
  for (let i = 0; i < 80; i++) lowers.unshift(await makeLower(join(dir, 'layers', `${'x'.repeat(60)}-${i}`), { [`f${i}`]: String(i), shared: String(i) }));
  assert.ok(lowers.join(':').length > 4096);
  const snapshot = await createSnapshot({ root: join(dir, 'snapshots'), lowers });
  assert.equal(snapshot.kind, 'overlay');
  assert.equal((await readdir(snapshot.rootfs)).length, 81);
  assert.equal(await readFile(join(snapshot.rootfs, 'shared'), 'utf8'), '79');
  assert.equal(await readFile(join(snapshot.rootfs, 'f0'), 'utf8'), '0');
  await snapshot.remove();
  assert.deepEqual(await mountPointsUnder(dir), []);
});

/** Whether the overlay at `point` is volatile: its super options in mountinfo say `volatile` (newer kernels: `fsync=volatile`). */
async function mountedVolatile(point: string): Promise<boolean> {
  const line = (await readFile('/proc/self/mountinfo', 'utf8')).split('\n').find((l) => l.split(' ')[4] === point);
  assert.ok(line, `${point} is not mounted`);
  const options = line.slice(line.indexOf(' - ') + 3).split(' ')[2].split(',');
  return options.includes('volatile') || options.includes('fsync=volatile');
}

test('a volatile overlay snapshot is mounted volatile where the kernel has it, others are not', async (t) => {
  if (!requireRoot(t)) return;
  const [major, minor] = execFileSync('uname', ['-r']).toString().split('.').map(Number);
  const dir = await tempDir(t);
  const lower = await makeLower(join(dir, 'layers/base'), { 'a.txt': 'a' });
  const plain = await createSnapshot({ root: join(dir, 'snapshots'), lowers: [lower] });
  const volatile = await createSnapshot({ root: join(dir, 'snapshots'), lowers: [lower], volatile: true });
  assert.equal(await mountedVolatile(plain.rootfs), false);
  assert.equal(await mountedVolatile(volatile.rootfs), major > 5 || (major === 5 && minor >= 10));
  await writeFile(join(volatile.rootfs, 'b.txt'), 'b');
  await volatile.unmount();
  const changes = await volatile.changes();
  assert.ok(changes.kind === 'upper');
  assert.deepEqual(await readdir(changes.upperDir), ['b.txt']);
  await Promise.all([plain.remove(), volatile.remove()]);
  assert.deepEqual(await mountPointsUnder(dir), []);
});

test('overlay snapshot of no lowers is an empty root filesystem', async (t) => {
  if (!requireRoot(t)) return;
  const dir = await tempDir(t);
  const snapshot = await createSnapshot({ root: dir, lowers: [], id: 'scratch' });
  assert.deepEqual(await readdir(snapshot.rootfs), []);
  await snapshot.remove();
});

test('copy snapshot: whiteouts and opaque directories applied, changes listed like docker diff', async (t) => {
  if (!requireRoot(t)) return;
  const dir = await tempDir(t);
  const bottom = await makeLower(join(dir, 'layers/bottom'), { 'keep': 'k', 'del': 'd', 'opq/old': 'o', 'tree/a/b': 'b', 'mod': 'm' });
  const top = await makeLower(join(dir, 'layers/top'), { 'del': null, 'opq': { opaque: true }, 'opq/new': 'n', 'tree': null });
  const snapshot = await createSnapshot({ root: join(dir, 'snapshots'), lowers: [top, bottom], mode: 'copy' });
  assert.equal(snapshot.kind, 'copy');
  assert.deepEqual((await readdir(snapshot.rootfs)).sort(), ['keep', 'mod', 'opq']);
  assert.deepEqual(await readdir(join(snapshot.rootfs, 'opq')), ['new']);
  assert.equal(await getAttribute(join(snapshot.rootfs, 'opq'), 'trusted.overlay.opaque'), null);

  await writeFile(join(snapshot.rootfs, 'opq/added'), 'x');
  await writeFile(join(snapshot.rootfs, 'mod'), 'changed');
  await unlink(join(snapshot.rootfs, 'opq/new'));
  await unlink(join(snapshot.rootfs, 'keep'));
  await mkdir(join(snapshot.rootfs, 'newdir/sub'), { recursive: true });
  const changes = await snapshot.changes();
  assert.ok(changes.kind === 'diff');
  assert.deepEqual(changes.entries, [
    { path: '/keep', kind: 'D' },
    { path: '/mod', kind: 'C' },
    { path: '/newdir', kind: 'A' },
    { path: '/newdir/sub', kind: 'A' },
    { path: '/opq', kind: 'C' },
    { path: '/opq/added', kind: 'A' },
    { path: '/opq/new', kind: 'D' },
  ]);
  await snapshot.remove();
  await assert.rejects(lstat(snapshot.dir), { code: 'ENOENT' });
});

test('copy snapshot: a deleted directory is listed once, its contents are not', async (t) => {
  if (!requireRoot(t)) return;
  const dir = await tempDir(t);
  const lower = await makeLower(join(dir, 'lower'), { 'd/e/f': 'f', 'd/g': 'g' });
  const snapshot = await createSnapshot({ root: join(dir, 'snapshots'), lowers: [lower], mode: 'copy' });
  await rm(join(snapshot.rootfs, 'd'), { recursive: true });
  const changes = await snapshot.changes();
  assert.ok(changes.kind === 'diff');
  assert.deepEqual(changes.entries, [{ path: '/d', kind: 'D' }]);
  await snapshot.remove();
});

/** Starts a node child that creates a snapshot under `root`, prints READY, then runs `after`. */
function childWithSnapshot(root: string, lower: string, options: { persistent: boolean; after: string }) {
  const moduleUrl = new URL('./index.js', import.meta.url).href;
  const script = `
    const { createSnapshot } = await import(${JSON.stringify(moduleUrl)});
    const s = await createSnapshot({ root: ${JSON.stringify(root)}, lowers: [${JSON.stringify(lower)}], persistent: ${options.persistent} });
    console.log('READY ' + s.id);
    ${options.after}
  `;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  const ready = new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      const match = /READY (\w+)/.exec(chunk.toString());
      if (match) resolve(match[1]);
    });
    child.on('exit', (code) => reject(new Error(`child exited ${code} before READY`)));
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code, signal) => resolve(code ?? (signal === null ? null : -1))));
  return { child, ready, exited };
}

test('SIGTERM during a snapshot unmounts and deletes it before the process exits', async (t) => {
  if (!requireRoot(t)) return;
  const dir = await tempDir(t);
  const lower = await makeLower(join(dir, 'lower'), { f: 'f' });
  const root = join(dir, 'snapshots');
  const { child, ready, exited } = childWithSnapshot(root, lower, { persistent: false, after: 'setInterval(() => {}, 1000);' });
  const id = await ready;
  assert.equal((await mountPointsUnder(join(root, id))).length, 1);
  child.kill('SIGTERM');
  assert.equal(await exited, 143);
  assert.deepEqual(await mountPointsUnder(root), []);
  assert.deepEqual(await readdir(root), []);
});

test('cleanupStale removes the snapshots of a killed process and keeps persistent and live ones', async (t) => {
  if (!requireRoot(t)) return;
  const dir = await tempDir(t);
  const lower = await makeLower(join(dir, 'lower'), { f: 'f' });
  const root = join(dir, 'snapshots');
  const crashed = childWithSnapshot(root, lower, { persistent: false, after: "process.kill(process.pid, 'SIGKILL');" });
  const crashedId = await crashed.ready;
  await crashed.exited;
  const kept = childWithSnapshot(root, lower, { persistent: true, after: '' });
  const keptId = await kept.ready;
  await kept.exited;
  const live = await createSnapshot({ root, lowers: [lower] });
  assert.equal((await mountPointsUnder(root)).length, 3);

  const report = await cleanupStale(root);
  assert.deepEqual(report.removed, [join(root, crashedId)]);
  assert.deepEqual(report.unmounted, [join(root, crashedId, 'rootfs')]);
  assert.deepEqual((await readdir(root)).sort(), [keptId, live.id].sort());

  const reopened = await openSnapshot(root, keptId);
  assert.equal(await readFile(join(reopened.rootfs, 'f'), 'utf8'), 'f');
  await reopened.remove();
  await live.remove();
  await rmdir(root);
});

test('auto mode falls back to a copy with a one-line notice when overlayfs refuses the upper directory', async (t) => {
  if (!requireRoot(t)) return;
  const dir = await tempDir(t);
  const lower = await makeLower(join(dir, 'lower'), { f: 'f' });
  // An overlay mount cannot serve as another overlay's upper filesystem.
  const outer = await createSnapshot({ root: join(dir, 'outer'), lowers: [lower] });
  const notices: string[] = [];
  const inner = await createSnapshot({ root: join(outer.rootfs, 'snapshots'), lowers: [lower], onNotice: (message) => notices.push(message) });
  assert.equal(inner.kind, 'copy');
  assert.equal(await readFile(join(inner.rootfs, 'f'), 'utf8'), 'f');
  assert.equal(notices.length, 1);
  assert.match(notices[0], /^notice: overlayfs unavailable \(cannot mount overlay at .*\); snapshots are full copies/);
  assert.doesNotMatch(notices[0], /\n/);
  await inner.remove();
  await outer.remove();
});

test('a program with its own SIGINT listener decides; its process.exit still unmounts and deletes', async (t) => {
  if (!requireRoot(t)) return;
  const dir = await tempDir(t);
  const lower = await makeLower(join(dir, 'lower'), { f: 'f' });
  const root = join(dir, 'snapshots');
  const after = `
    process.on('SIGINT', () => console.log('HANDLED'));
    process.on('SIGUSR2', () => process.exit(7));
    setInterval(() => {}, 1000);
  `;
  const { child, ready, exited } = childWithSnapshot(root, lower, { persistent: false, after });
  const id = await ready;
  const handled = new Promise<void>((resolve) => child.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('HANDLED') && resolve()));
  child.kill('SIGINT');
  await handled;
  // The program's handler runs first and the snapshot is still there while it decides.
  assert.equal((await mountPointsUnder(join(root, id))).length, 1);
  // Then it decides to exit (told to, so the check above never races its exit).
  child.kill('SIGUSR2');
  assert.equal(await exited, 7);
  assert.deepEqual(await mountPointsUnder(root), []);
  assert.deepEqual(await readdir(root), []);
});

test('a snapshot root reached through a symlink still unmounts and removes cleanly', async (t) => {
  if (!requireRoot(t)) return;
  const dir = await tempDir(t);
  const lower = await makeLower(join(dir, 'lower'), { f: 'f' });
  await mkdir(join(dir, 'real'));
  await symlink(join(dir, 'real'), join(dir, 'link'));
  const snapshot = await createSnapshot({ root: join(dir, 'link'), lowers: [lower] });
  await snapshot.mount();
  assert.equal((await mountPointsUnder(join(dir, 'real'))).length, 1);
  await snapshot.remove();
  assert.deepEqual(await mountPointsUnder(dir), []);
  assert.deepEqual(await readdir(join(dir, 'real')), []);
});

test('unmount takes off stacked mounts and mounts below the target, deepest first', async (t) => {
  if (!requireRoot(t)) return;
  const dir = await tempDir(t);
  const lower = await makeLower(join(dir, 'lower'), { 'sub/f': 'f' });
  const snapshot = await createSnapshot({ root: join(dir, 'snapshots'), lowers: [lower] });
  execFileSync('mount', ['-t', 'tmpfs', 'tmpfs', join(snapshot.rootfs, 'sub')]);
  execFileSync('mount', ['-t', 'tmpfs', 'tmpfs', join(snapshot.rootfs, 'sub')]);
  assert.equal((await mountPointsUnder(snapshot.rootfs)).length, 3);
  await snapshot.remove();
  assert.deepEqual(await mountPointsUnder(dir), []);
});
