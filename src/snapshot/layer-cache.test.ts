import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { lstat, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getAttribute } from '@napi-rs/xattr';
import { requireRoot } from '../../test/helpers/tools.js';
import { createSnapshot, LayerCache } from './index.js';

async function tempDir(t: TestContext): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'berth-layer-cache-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** A layer tar made by GNU tar from `files` (path → content; OCI whiteouts are empty `.wh.` files); returns its path and diffID. */
async function layerTar(dir: string, name: string, files: Record<string, string>): Promise<{ path: string; diffId: string }> {
  const src = join(dir, `${name}-src`);
  for (const [path, content] of Object.entries(files)) {
    await mkdir(join(src, path, '..'), { recursive: true });
    await writeFile(join(src, path), content);
  }
  const path = join(dir, `${name}.tar`);
  execFileSync('tar', ['--sort=name', '--numeric-owner', '-C', src, '-cf', path, '.']);
  return { path, diffId: `sha256:${createHash('sha256').update(await readFile(path)).digest('hex')}` };
}

test('LayerCache: unpacks once into overlay format, verifies the diffID, lists and removes', async (t) => {
  if (!requireRoot(t)) return;
  const dir = await tempDir(t);
  const base = await layerTar(dir, 'base', { 'keep.txt': 'keep', 'gone.txt': 'gone', 'dir/old.txt': 'old' });
  const top = await layerTar(dir, 'top', { '.wh.gone.txt': '', 'dir/.wh..wh..opq': '', 'dir/new.txt': 'new' });
  const cache = new LayerCache(join(dir, 'layers'));
  let opened = 0;
  const open = (tar: string) => async () => {
    opened++;
    return createReadStream(tar);
  };

  const topDir = await cache.ensure(top.diffId, open(top.path));
  assert.equal(topDir, cache.path(top.diffId));
  const whiteout = await lstat(join(topDir, 'gone.txt'));
  assert.ok(whiteout.isCharacterDevice() && whiteout.rdev === 0);
  assert.equal((await getAttribute(join(topDir, 'dir'), 'trusted.overlay.opaque'))?.toString(), 'y');
  assert.deepEqual(await readdir(join(topDir, 'dir')), ['new.txt']);

  const [again, baseDir] = await Promise.all([cache.ensure(top.diffId, open(top.path)), cache.ensure(base.diffId, open(base.path))]);
  assert.equal(again, topDir);
  assert.equal(opened, 2);
  assert.ok(await cache.has(base.diffId));
  assert.deepEqual(await cache.list(), [base.diffId, top.diffId].sort());

  // The unpacked layers stack: the whiteout hides gone.txt, the opaque dir hides old.txt.
  const snapshot = await createSnapshot({ root: join(dir, 'snapshots'), lowers: [topDir, baseDir] });
  assert.deepEqual((await readdir(snapshot.rootfs)).sort(), ['dir', 'keep.txt']);
  assert.deepEqual(await readdir(join(snapshot.rootfs, 'dir')), ['new.txt']);
  await snapshot.remove();

  // Unpacked files were never synced: after a reboot (another boot id in the marker) the layer is unpacked again.
  assert.equal(await readFile(`${baseDir}.unsynced`, 'utf8'), (await readFile('/proc/sys/kernel/random/boot_id', 'utf8')).trim());
  await writeFile(`${baseDir}.unsynced`, '00000000-0000-0000-0000-000000000000');
  assert.equal(await cache.ensure(base.diffId, open(base.path)), baseDir);
  assert.equal(opened, 3);
  assert.deepEqual((await readdir(baseDir)).sort(), ['dir', 'gone.txt', 'keep.txt']);

  await cache.remove(top.diffId);
  assert.equal(await cache.has(top.diffId), false);
  assert.deepEqual(await cache.list(), [base.diffId]);
});

test('LayerCache: a tar whose digest is not the diffID is refused and leaves nothing behind', async (t) => {
  if (!requireRoot(t)) return;
  const dir = await tempDir(t);
  const layer = await layerTar(dir, 'l', { 'a.txt': 'a' });
  const cache = new LayerCache(join(dir, 'layers'));
  const wrong = `sha256:${'0'.repeat(64)}`;
  await assert.rejects(cache.ensure(wrong, async () => createReadStream(layer.path)), { code: 'LAYER_DIGEST_MISMATCH', message: new RegExp(`^layer ${wrong} unpacks to content with digest ${layer.diffId}$`) });
  assert.equal(await cache.has(wrong), false);
  assert.deepEqual(await readdir(join(dir, 'layers/sha256')), []);
});

test('LayerCache.adopt takes a directory as the unpacked layer until the boot that wrote it is over', async (t) => {
  if (!requireRoot(t)) return;
  const dir = await tempDir(t);
  const layer = await layerTar(dir, 'l', { 'a.txt': 'from the blob' });
  const cache = new LayerCache(join(dir, 'layers'));
  let opened = 0;
  const open = async () => {
    opened++;
    return createReadStream(layer.path);
  };
  const upper = join(dir, 'upper');
  await mkdir(upper);
  await writeFile(join(upper, 'a.txt'), 'adopted');

  await cache.adopt(layer.diffId, upper);
  await assert.rejects(lstat(upper), { code: 'ENOENT' });
  assert.ok(await cache.has(layer.diffId));
  assert.deepEqual(await cache.list(), [layer.diffId]);
  const path = await cache.ensure(layer.diffId, open);
  assert.equal(await readFile(join(path, 'a.txt'), 'utf8'), 'adopted');
  assert.equal(opened, 0);

  // After a reboot (another boot id in the marker) its unsynced files may be lost: it is unpacked from the blob again.
  await writeFile(`${path}.unsynced`, '00000000-0000-0000-0000-000000000000');
  assert.equal(await readFile(join(await cache.ensure(layer.diffId, open), 'a.txt'), 'utf8'), 'from the blob');
  assert.equal(opened, 1);
  // Unpacked again, and marked by this boot: its files are not synced either.
  const hex = layer.diffId.slice('sha256:'.length);
  assert.deepEqual((await readdir(join(dir, 'layers/sha256'))).sort(), [hex, `${hex}.unsynced`]);
  assert.equal(await readFile(`${path}.unsynced`, 'utf8'), (await readFile('/proc/sys/kernel/random/boot_id', 'utf8')).trim());

  await cache.remove(layer.diffId);
  assert.deepEqual(await readdir(join(dir, 'layers/sha256')), []);
});

test('LayerCache.cleanupStale deletes the temporary directories of dead processes only', async (t) => {
  const dir = await tempDir(t);
  const cache = new LayerCache(join(dir, 'layers'));
  const own = await readFile('/proc/self/stat', 'utf8');
  const startTime = own.slice(own.lastIndexOf(')') + 2).split(' ')[19];
  const dead = join(dir, 'layers/sha256/.tmp-4194304-12345-0badf00d');
  const live = join(dir, `layers/sha256/.tmp-${process.pid}-${startTime}-0badf00d`);
  const layer = join(dir, 'layers/sha256', 'a'.repeat(64));
  for (const path of [dead, live, layer]) await mkdir(join(path, 'sub'), { recursive: true });
  assert.deepEqual(await cache.cleanupStale(), [dead]);
  assert.deepEqual((await readdir(join(dir, 'layers/sha256'))).sort(), [live, layer].map((p) => p.slice(p.lastIndexOf('/') + 1)).sort());
  assert.deepEqual(await cache.list(), [`sha256:${'a'.repeat(64)}`]);
});
