import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { lstat, mkdir, readdir, readFile, readlink, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { getAttributeSync } from '@napi-rs/xattr';
import { applyLayer } from './apply.js';
import { compress } from '../compression/index.js';
import { writeTar } from '../tar/writer.js';
import type { EntryType, TarHeader, TarInput } from '../types.js';
import { needsRoot, tempDir } from '../test-helpers.js';

const CAPABILITY = Buffer.from('0100000200200000000000000000000000000000', 'hex');

function entry(path: string, type: EntryType, extra: Partial<TarHeader> = {}, body?: string): TarInput {
  const size = body === undefined ? 0 : Buffer.byteLength(body);
  return { header: { path, type, mode: type === 'directory' ? 0o755 : 0o644, uid: 0, gid: 0, mtime: 1600000000, size, ...extra }, body: body === undefined ? undefined : Buffer.from(body) };
}

function tarOf(entries: TarInput[]): Readable {
  return writeTar(entries);
}

async function tempDirs(t: { after: (fn: () => Promise<void>) => void }): Promise<{ base: string; root: string; outside: string }> {
  const base = await tempDir(t, 'berth-apply-');
  const root = join(base, 'root');
  const outside = join(base, 'outside');
  await mkdir(root);
  await mkdir(outside);
  await writeFile(join(outside, 'victim'), 'precious');
  return { base, root, outside };
}

/** A listing of a directory tree (paths, types, sizes) to prove nothing changed there. */
async function snapshot(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const name of (await readdir(dir, { recursive: true })).sort()) {
    const stats = await lstat(join(dir, name));
    out.push(`${name}:${stats.mode}:${stats.size}:${stats.mtimeMs}`);
  }
  return out;
}

test('every entry type is extracted with modes, owners, xattrs, times and link targets', needsRoot, async (t) => {
  const { root } = await tempDirs(t);
  const result = await applyLayer(tarOf([
    entry('tmp', 'directory', { mode: 0o1777, mtime: 1500000000 }),
    entry('bin', 'directory'),
    entry('bin/ping', 'file', { mode: 0o4755, uid: 1000, gid: 1001, xattrs: { 'security.capability': CAPABILITY, 'user.note': Buffer.from([0, 1, 255]) } }, 'PING'),
    entry('bin/ping6', 'hardlink', { mode: 0o4755, uid: 1000, gid: 1001, linkTarget: 'bin/ping' }),
    entry('bin/sh', 'symlink', { mode: 0o777, linkTarget: '/bin/busybox', uid: 5, gid: 6, mtime: 1400000000 }),
    entry('dev', 'directory'),
    entry('dev/null', 'char-device', { mode: 0o666, devMajor: 1, devMinor: 3 }),
    entry('dev/loop0', 'block-device', { mode: 0o660, devMajor: 7, devMinor: 0, gid: 6 }),
    entry('run/pipe', 'fifo', { mode: 0o2620 }),
    entry('secret', 'file', { mode: 0 }, ''),
  ]), root);
  assert.deepEqual(result, { entries: 10, bytes: 4 });
  const tmp = await lstat(join(root, 'tmp'));
  assert.equal(tmp.mode & 0o7777, 0o1777);
  assert.equal(tmp.mtimeMs, 1500000000 * 1000);
  const ping = await lstat(join(root, 'bin/ping'));
  assert.equal(ping.mode & 0o7777, 0o4755);
  assert.equal(ping.uid, 1000);
  assert.equal(ping.gid, 1001);
  assert.equal(ping.nlink, 2);
  assert.equal(ping.mtimeMs, 1600000000 * 1000);
  assert.equal((await lstat(join(root, 'bin/ping6'))).ino, ping.ino);
  assert.deepEqual(getAttributeSync(join(root, 'bin/ping'), 'security.capability'), CAPABILITY);
  assert.deepEqual(getAttributeSync(join(root, 'bin/ping'), 'user.note'), Buffer.from([0, 1, 255]));
  assert.equal(await readFile(join(root, 'bin/ping'), 'utf8'), 'PING');
  assert.equal(await readlink(join(root, 'bin/sh')), '/bin/busybox');
  const sh = await lstat(join(root, 'bin/sh'));
  assert.deepEqual([sh.uid, sh.gid, sh.mtimeMs], [5, 6, 1400000000 * 1000]);
  const devNull = await lstat(join(root, 'dev/null'));
  assert.ok(devNull.isCharacterDevice());
  assert.equal(devNull.rdev, (1 << 8) | 3);
  const loop = await lstat(join(root, 'dev/loop0'));
  assert.ok(loop.isBlockDevice());
  assert.equal(loop.mode & 0o7777, 0o660);
  const pipe = await lstat(join(root, 'run/pipe'));
  assert.ok(pipe.isFIFO());
  assert.equal(pipe.mode & 0o7777, 0o2620);
  assert.equal((await lstat(join(root, 'run'))).mode & 0o7777, 0o755, 'implicit parents are 0755');
  assert.equal((await lstat(join(root, 'secret'))).mode & 0o7777, 0);
});

test('idOffset shifts owners (user-namespace remapping); owners: false leaves them to the extracting user', needsRoot, async (t) => {
  const { root } = await tempDirs(t);
  await applyLayer(tarOf([entry('a', 'file', { uid: 1, gid: 2 }, 'a')]), root, { idOffset: 100000 });
  const shifted = await lstat(join(root, 'a'));
  assert.deepEqual([shifted.uid, shifted.gid], [100001, 100002]);
  await applyLayer(tarOf([entry('b', 'file', { uid: 1, gid: 2 }, 'b')]), root, { owners: false });
  const kept = await lstat(join(root, 'b'));
  assert.deepEqual([kept.uid, kept.gid], [process.getuid!(), process.getgid!()]);
});

test('whiteouts delete lower files and directories; opaque markers empty a directory but keep this layer\'s entries', async (t) => {
  const { root } = await tempDirs(t);
  await applyLayer(tarOf([
    entry('etc', 'directory'), entry('etc/keep', 'file', {}, 'k'), entry('etc/gone', 'file', {}, 'g'),
    entry('var', 'directory'), entry('var/cache', 'directory'), entry('var/cache/a', 'file', {}, 'a'),
    entry('opt', 'directory'), entry('opt/old1', 'file', {}, '1'), entry('opt/olddir', 'directory'), entry('opt/olddir/x', 'file', {}, 'x'),
  ]), root);
  await applyLayer(tarOf([
    entry('etc/.wh.gone', 'file'),
    entry('var/.wh.cache', 'file'),
    entry('opt', 'directory'),
    entry('opt/new', 'file', {}, 'n'),
    entry('opt/.wh..wh..opq', 'file'),
    entry('new', 'file', {}, 'same layer'),
    entry('.wh.new', 'file'),
    entry('.wh.missing', 'file'),
    entry('nowhere/.wh.missing', 'file'),
  ]), root);
  assert.deepEqual((await readdir(join(root, 'etc'))).sort(), ['keep']);
  assert.deepEqual(await readdir(join(root, 'var')), []);
  assert.deepEqual(await readdir(join(root, 'opt')), ['new']);
  assert.equal(await readFile(join(root, 'new'), 'utf8'), 'same layer', 'a whiteout never hides an entry of its own layer');
  assert.deepEqual((await readdir(root)).sort(), ['etc', 'new', 'opt', 'var']);
});

test('whiteouts: .wh. entries are plain files when whiteouts are off (ADD of an archive)', async (t) => {
  const { root } = await tempDirs(t);
  await applyLayer(tarOf([entry('.wh.x', 'file', {}, 'literal')]), root, { whiteouts: false });
  assert.equal(await readFile(join(root, '.wh.x'), 'utf8'), 'literal');
});

test('stripAbsolutePaths (ADD of an archive) puts absolute names under the root; .. is still refused', async (t) => {
  const { root, outside } = await tempDirs(t);
  await applyLayer(tarOf([entry('/etc/conf', 'file', {}, 'c'), entry('/etc/hard', 'hardlink', { linkTarget: '/etc/conf' })]), root, { stripAbsolutePaths: true });
  assert.equal(await readFile(join(root, 'etc/conf'), 'utf8'), 'c');
  assert.equal((await lstat(join(root, 'etc/hard'))).ino, (await lstat(join(root, 'etc/conf'))).ino);
  await assert.rejects(applyLayer(tarOf([entry('/../outside/evil', 'file', {}, 'x')]), root, { stripAbsolutePaths: true }), /refusing tar entry "\/\.\.\/outside\/evil"/);
  assert.deepEqual(await readdir(outside), ['victim']);
});

test('chrootSymlinks follows parent symlinks inside the root, as in a container (cp, ADD)', async (t) => {
  const { root, outside } = await tempDirs(t);
  const before = await snapshot(outside);
  await applyLayer(tarOf([
    entry('etc', 'directory'),
    entry('a', 'symlink', { linkTarget: '/etc' }),
    entry('a/passwd', 'file', {}, 'p'),
    entry('up', 'symlink', { linkTarget: '../../../..' }),
    entry('up/top', 'file', {}, 't'),
    entry('h', 'hardlink', { linkTarget: 'a/passwd' }),
  ]), root, { chrootSymlinks: true });
  assert.equal(await readFile(join(root, 'etc/passwd'), 'utf8'), 'p');
  assert.equal(await readFile(join(root, 'top'), 'utf8'), 't');
  assert.equal((await lstat(join(root, 'h'))).ino, (await lstat(join(root, 'etc/passwd'))).ino);
  assert.deepEqual(await snapshot(outside), before);
  await assert.rejects(applyLayer(tarOf([entry('../x', 'file', {}, 'x')]), root, { chrootSymlinks: true }), /LAYER_UNSAFE_PATH|'\.\.' components/);
});

test('a file replaces a directory and a directory replaces a symlink (docker rules)', async (t) => {
  const { root, outside } = await tempDirs(t);
  const before = await snapshot(outside);
  await mkdir(join(root, 'd/sub'), { recursive: true });
  await symlink(outside, join(root, 'link'));
  await applyLayer(tarOf([entry('d', 'file', {}, 'now a file'), entry('link', 'directory'), entry('link/x', 'file', {}, 'inside')]), root);
  assert.equal(await readFile(join(root, 'd'), 'utf8'), 'now a file');
  assert.ok((await lstat(join(root, 'link'))).isDirectory());
  assert.equal(await readFile(join(root, 'link/x'), 'utf8'), 'inside');
  assert.deepEqual(await snapshot(outside), before);
});

test('parents through in-root symlinks are followed (usrmerge: bin -> usr/bin)', async (t) => {
  const { root } = await tempDirs(t);
  await applyLayer(tarOf([entry('usr', 'directory'), entry('usr/bin', 'directory'), entry('bin', 'symlink', { linkTarget: 'usr/bin' }), entry('usr/lib64', 'symlink', { linkTarget: '../lib' })]), root);
  await applyLayer(tarOf([entry('bin/tool', 'file', {}, 'T'), entry('usr/lib64/libc.so', 'file', {}, 'L')]), root);
  assert.equal(await readFile(join(root, 'usr/bin/tool'), 'utf8'), 'T');
  assert.equal(await readFile(join(root, 'lib/libc.so'), 'utf8'), 'L');
});

const ATTACKS: [string, TarInput[], string][] = [
  ['dot-dot entry', [entry('../outside/evil', 'file', {}, 'x')], '../outside/evil'],
  ['nested dot-dot entry', [entry('a/../../outside/evil', 'file', {}, 'x')], 'a/../../outside/evil'],
  ['absolute entry', [entry('/etc/evil', 'file', {}, 'x')], '/etc/evil'],
  ['write through an absolute symlink', [entry('a', 'symlink', { linkTarget: 'OUTSIDE' }), entry('a/passwd', 'file', {}, 'x')], 'a/passwd'],
  ['write through a relative symlink climbing out', [entry('a', 'symlink', { linkTarget: '../outside' }), entry('a/victim', 'file', {}, 'x')], 'a/victim'],
  ['symlink chain', [entry('a', 'symlink', { linkTarget: 'b' }), entry('b', 'symlink', { linkTarget: 'c/d' }), entry('c', 'directory'), entry('c/d', 'symlink', { linkTarget: '../../outside' }), entry('a/victim', 'file', {}, 'x')], 'a/victim'],
  ['directory entry through a symlink', [entry('a', 'symlink', { linkTarget: 'OUTSIDE' }), entry('a/newdir', 'directory')], 'a/newdir'],
  ['hardlink to ../outside', [entry('h', 'hardlink', { linkTarget: '../outside/victim' })], 'h'],
  ['hardlink to an absolute path', [entry('h', 'hardlink', { linkTarget: 'OUTSIDE/victim' })], 'h'],
  ['hardlink through a symlink', [entry('l', 'symlink', { linkTarget: 'OUTSIDE' }), entry('h', 'hardlink', { linkTarget: 'l/victim' })], 'h'],
  ['whiteout through a symlink', [entry('l', 'symlink', { linkTarget: 'OUTSIDE' }), entry('l/.wh.victim', 'file')], 'l/.wh.victim'],
  ['opaque marker through a symlink', [entry('l', 'symlink', { linkTarget: 'OUTSIDE' }), entry('l/.wh..wh..opq', 'file')], 'l/.wh..wh..opq'],
  ['whiteout of ..', [entry('sub', 'directory'), entry('sub/.wh...', 'file')], 'sub/.wh...'],
  ['symlink loop', [entry('a', 'symlink', { linkTarget: 'b' }), entry('b', 'symlink', { linkTarget: 'a' }), entry('a/x', 'file', {}, 'x')], 'a/x'],
];

for (const [name, entries, culprit] of ATTACKS) {
  test(`attack refused: ${name}`, async (t) => {
    const { root, outside } = await tempDirs(t);
    const before = await snapshot(outside);
    const resolved = entries.map((e) => ({ ...e, header: { ...e.header, path: e.header.path.replace('OUTSIDE', outside), linkTarget: e.header.linkTarget?.replace('OUTSIDE', outside) } }));
    const expectedName = culprit.replace('OUTSIDE', outside);
    await assert.rejects(applyLayer(tarOf(resolved), root), (err: Error & { code?: string }) => {
      assert.equal(err.code, 'LAYER_UNSAFE_PATH', err.message);
      assert.ok(err.message.includes(`"${expectedName}"`), `message names the entry: ${err.message}`);
      return true;
    });
    assert.deepEqual(await snapshot(outside), before, 'nothing changed outside the root');
    assert.equal(await readFile(join(outside, 'victim'), 'utf8'), 'precious');
  });
}

test('a truncated gzip layer fails with LAYER_CORRUPT', async (t) => {
  const { root } = await tempDirs(t);
  const gz = await buffer(tarOf([entry('big', 'file', {}, 'x'.repeat(100000))]).pipe(compress('gzip')));
  await assert.rejects(applyLayer(Readable.from([gz.subarray(0, gz.length - 20)]), root), (err: Error & { code?: string }) => err.code === 'LAYER_CORRUPT' && /gzip decompression failed: the data is truncated/.test(err.message));
});

test('overlay format: whiteouts become 0/0 character devices and opaque dirs get trusted.overlay.opaque=y; a real overlay mount agrees', needsRoot, async (t) => {
  const { base } = await tempDirs(t);
  const [lower1, lower2, upper, work, merged] = ['l1', 'l2', 'u', 'w', 'm'].map((name) => join(base, name));
  for (const dir of [lower1, lower2, upper, work, merged]) await mkdir(dir!);
  await applyLayer(tarOf([entry('a', 'file', {}, 'A'), entry('d', 'directory'), entry('d/old', 'file', {}, 'old'), entry('keep', 'file', {}, 'K')]), lower1!, { format: 'overlay' });
  await applyLayer(tarOf([entry('.wh.a', 'file'), entry('d', 'directory'), entry('d/.wh..wh..opq', 'file'), entry('d/new', 'file', {}, 'new')]), lower2!, { format: 'overlay' });
  const whiteout = await lstat(join(lower2!, 'a'));
  assert.ok(whiteout.isCharacterDevice());
  assert.equal(whiteout.rdev, 0);
  assert.equal(getAttributeSync(join(lower2!, 'd'), 'trusted.overlay.opaque')?.toString(), 'y');
  execFileSync('mount', ['-t', 'overlay', 'overlay', '-o', `lowerdir=${lower2}:${lower1},upperdir=${upper},workdir=${work}`, merged!]);
  try {
    assert.deepEqual((await readdir(merged!)).sort(), ['d', 'keep']);
    assert.deepEqual(await readdir(join(merged!, 'd')), ['new']);
  } finally {
    execFileSync('umount', [merged!]);
  }
});
