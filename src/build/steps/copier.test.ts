import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lstat, mkdir, mkdtemp, readFile, readlink, rm, symlink, writeFile, chmod } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DirectoryContext, parseIgnoreText } from '../context/index.js';
import { copySources } from './copier.js';
import { matchSources, sourcesChecksum } from './sources.js';

async function setup(): Promise<{ dir: string; ctx: DirectoryContext; rootfs: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'berth-copier-'));
  const src = join(dir, 'ctx');
  await mkdir(join(src, 'app/sub'), { recursive: true });
  await writeFile(join(src, 'app/a.txt'), 'a');
  await writeFile(join(src, 'app/sub/b.txt'), 'b');
  await symlink('a.txt', join(src, 'app/link'));
  await writeFile(join(src, 'main.sh'), '#!/bin/sh\n');
  await chmod(join(src, 'main.sh'), 0o755);
  await writeFile(join(src, 'x.log'), 'x');
  await writeFile(join(src, 'y.log'), 'y');
  await symlink('main.sh', join(src, 'top-link'));
  const rootfs = join(dir, 'rootfs');
  await mkdir(join(rootfs, 'etc'), { recursive: true });
  return { dir, ctx: new DirectoryContext(src, parseIgnoreText('')), rootfs };
}

const owner = { uid: 0, gid: 0 };

test('a directory source copies its contents; symlinks below it stay links', async () => {
  const { dir, ctx, rootfs } = await setup();
  try {
    await copySources(rootfs, await matchSources(ctx, ['app']), '/dst', { owner });
    assert.equal(await readFile(join(rootfs, 'dst/a.txt'), 'utf8'), 'a');
    assert.equal(await readFile(join(rootfs, 'dst/sub/b.txt'), 'utf8'), 'b');
    assert.equal(await readlink(join(rootfs, 'dst/link')), 'a.txt');
    assert.equal((await lstat(join(rootfs, 'dst/sub'))).isDirectory(), true);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('file rules: trailing slash, existing dir, plain rename, wildcards, --chmod, top-level symlink followed', async () => {
  const { dir, ctx, rootfs } = await setup();
  try {
    await copySources(rootfs, await matchSources(ctx, ['main.sh']), '/bin/', { owner });
    assert.equal((await lstat(join(rootfs, 'bin/main.sh'))).mode & 0o777, 0o755);
    await copySources(rootfs, await matchSources(ctx, ['main.sh']), '/etc', { owner });
    assert.ok((await lstat(join(rootfs, 'etc/main.sh'))).isFile());
    await copySources(rootfs, await matchSources(ctx, ['main.sh']), '/renamed.sh', { owner, chmod: 0o555 });
    assert.equal((await lstat(join(rootfs, 'renamed.sh'))).mode & 0o777, 0o555);
    const logs = await matchSources(ctx, ['*.log']);
    assert.deepEqual(logs.map((s) => s.name), ['x.log', 'y.log']);
    await copySources(rootfs, logs, '/logs/', { owner });
    assert.equal(await readFile(join(rootfs, 'logs/y.log'), 'utf8'), 'y');
    await copySources(rootfs, await matchSources(ctx, ['top-link']), '/followed', { owner });
    assert.equal(await readFile(join(rootfs, 'followed'), 'utf8'), '#!/bin/sh\n');
    assert.ok((await lstat(join(rootfs, 'followed'))).isFile());
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('a missing source fails, --exclude leaves files out, checksums follow content', async () => {
  const { dir, ctx } = await setup();
  try {
    await assert.rejects(matchSources(ctx, ['nope.txt']), /"\/nope.txt" not found/);
    const excluded = await matchSources(ctx, ['app'], ['sub']);
    assert.deepEqual(excluded[0].items.map((i) => i.rel), ['', 'a.txt', 'link']);
    const before = await sourcesChecksum(ctx, await matchSources(ctx, ['app']));
    await writeFile(join(ctx.root, 'app/sub/b.txt'), 'changed');
    const fresh = new DirectoryContext(ctx.root, parseIgnoreText(''));
    assert.notDeepEqual(await sourcesChecksum(fresh, await matchSources(fresh, ['app'])), before);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
