import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmod, chown, link, lutimes, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buffer } from 'node:stream/consumers';
import { setAttributeSync } from '@napi-rs/xattr';
import { applyLayer } from '../apply/apply.js';
import { describeTree, headersOf, mkdirs, needsRoot, tempDir } from '../test-helpers.js';
import { directoryToLayer, pathToTar } from './directory.js';

const CAPABILITY = Buffer.from('0100000200200000000000000000000000000000', 'hex');

/** A tree with every entry type and the awkward metadata, created for real. */
async function makeRichTree(dir: string): Promise<void> {
  await mkdirs(join(dir, 'bin'), join(dir, 'tmp'), join(dir, 'dev'), join(dir, 'deep/a/b'));
  await writeFile(join(dir, 'bin/ping'), 'ping');
  await chown(join(dir, 'bin/ping'), 1000, 1001);
  await chmod(join(dir, 'bin/ping'), 0o4755);
  setAttributeSync(join(dir, 'bin/ping'), 'security.capability', CAPABILITY);
  setAttributeSync(join(dir, 'bin/ping'), 'user.note', Buffer.from([0, 255]));
  setAttributeSync(join(dir, 'bin/ping'), 'trusted.overlay.origin', Buffer.from('x'));
  await link(join(dir, 'bin/ping'), join(dir, 'bin/ping6'));
  await symlink('ping', join(dir, 'bin/p'));
  await chmod(join(dir, 'tmp'), 0o1777);
  execFileSync('mknod', ['-m', '666', join(dir, 'dev/null'), 'c', '1', '3']);
  execFileSync('mknod', ['-m', '660', join(dir, 'dev/sda'), 'b', '8', '0']);
  execFileSync('mkfifo', ['-m', '620', join(dir, 'dev/fifo')]);
  await writeFile(join(dir, `deep/a/b/${'n'.repeat(120)}`), Buffer.alloc(70000, 7));
  await writeFile(join(dir, 'deep/ünï'), 'utf8 name');
  for (const rel of ['bin/ping', 'dev/null', 'deep/ünï', 'deep/a', 'bin/p']) await lutimes(join(dir, rel), 1600000000, 1600000000);
}

test('directoryToLayer → applyLayer reproduces the tree exactly (every type, owners, modes, xattrs, hardlinks, mtimes)', needsRoot, async (t) => {
  const base = await tempDir(t);
  const [src, dst] = [join(base, 'src'), join(base, 'dst')];
  await mkdirs(src, dst);
  await makeRichTree(src);
  await applyLayer(directoryToLayer(src), dst);
  const expected = await describeTree(src);
  for (const key of Object.keys(expected)) expected[key] = expected[key]!.replace(/,?trusted\.overlay\.origin:78/, '');
  assert.deepEqual(await describeTree(dst), expected);
});

test('directoryToLayer output is deterministic, sorted, with hardlinks by inode and no trusted.overlay xattrs; GNU tar agrees', needsRoot, async (t) => {
  const base = await tempDir(t);
  await makeRichTree(base);
  const first = await buffer(directoryToLayer(base));
  assert.deepEqual(await buffer(directoryToLayer(base)), first);
  const headers = await headersOf(first);
  assert.deepEqual(headers.map((h) => h.path), ['bin', 'bin/p', 'bin/ping', 'bin/ping6', 'deep', 'deep/a', 'deep/a/b', `deep/a/b/${'n'.repeat(120)}`, 'deep/ünï', 'dev', 'dev/fifo', 'dev/null', 'dev/sda', 'tmp']);
  const ping6 = headers.find((h) => h.path === 'bin/ping6')!;
  assert.equal(ping6.type, 'hardlink');
  assert.equal(ping6.linkTarget, 'bin/ping');
  assert.deepEqual(Object.keys(headers.find((h) => h.path === 'bin/ping')!.xattrs ?? {}), ['security.capability', 'user.note']);
  const listing = execFileSync('tar', ['--numeric-owner', '-tvf', '-'], { input: first, encoding: 'utf8' });
  assert.match(listing, /^-rwsr-xr-x 1000\/1001 +4 2020-09-13 \d\d:\d\d bin\/ping$/m);
  assert.match(listing, /^hrwsr-xr-x 1000\/1001 +0 .* bin\/ping6 link to bin\/ping$/m);
  assert.match(listing, /^crw-rw-rw- 0\/0 +1,3 .* dev\/null$/m);
  assert.match(listing, /^brw-rw---- 0\/0 +8,0 .* dev\/sda$/m);
  assert.match(listing, /^prw--w---- 0\/0 .* dev\/fifo$/m);
  assert.match(listing, /^drwxrwxrwt 0\/0 .* tmp\/$/m);
  assert.match(listing, /^lrwxrwxrwx 0\/0 .* bin\/p -> ping$/m);
});

test('directoryToLayer options: sourceDateEpoch clamps mtimes, uid/gid override, prefix, includeRoot, exclude', async (t) => {
  const base = await tempDir(t);
  await mkdirs(join(base, 'src/sub'));
  await writeFile(join(base, 'src/sub/new'), 'new');
  await writeFile(join(base, 'src/old'), 'old');
  await writeFile(join(base, 'src/skip'), 'skip');
  await lutimes(join(base, 'src/old'), 1000, 1000);
  const headers = await headersOf(directoryToLayer(join(base, 'src'), { sourceDateEpoch: 2000, uid: 7, gid: 8, prefix: 'app/', includeRoot: true, exclude: (rel) => rel === 'skip' }));
  assert.deepEqual(headers.map((h) => [h.path, h.mtime, h.uid, h.gid]), [['app', 2000, 7, 8], ['app/old', 1000, 7, 8], ['app/sub', 2000, 7, 8], ['app/sub/new', 2000, 7, 8]]);
});

test('pathToTar names entries from the basename and never follows a symlink out of the root', async (t) => {
  const base = await tempDir(t);
  const root = join(base, 'root');
  await mkdirs(join(root, 'etc/conf.d'), join(base, 'outside'));
  await writeFile(join(root, 'etc/hosts'), 'hosts');
  await writeFile(join(root, 'etc/conf.d/a'), 'a');
  await writeFile(join(base, 'outside/secret'), 'secret');
  await symlink('/etc', join(root, 'abs'));
  await symlink('../../../../outside', join(root, 'up'));
  assert.deepEqual((await headersOf(await pathToTar(root, '/etc/hosts'))).map((h) => h.path), ['hosts']);
  assert.deepEqual((await headersOf(await pathToTar(root, 'etc'))).map((h) => h.path), ['etc', 'etc/conf.d', 'etc/conf.d/a', 'etc/hosts']);
  assert.deepEqual((await headersOf(await pathToTar(root, '/abs/hosts'))).map((h) => h.path), ['hosts'], 'absolute symlink resolved inside root');
  const link = await headersOf(await pathToTar(root, '/abs'));
  assert.deepEqual(link.map((h) => [h.path, h.type, h.linkTarget]), [['abs', 'symlink', '/etc']]);
  assert.deepEqual((await headersOf(await pathToTar(root, '/abs', { followLink: true }))).map((h) => h.path), ['abs', 'abs/conf.d', 'abs/conf.d/a', 'abs/hosts']);
  await assert.rejects(pathToTar(root, '/up/secret'), /Could not find the file \/up\/secret in container/);
});
