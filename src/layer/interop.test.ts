import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buffer } from 'node:stream/consumers';
import { busyboxRootfs } from '../../test/helpers/busybox.js';
import { applyLayer, compressLayer, directoryToLayer } from './index.js';
import { describeTree, mkdirs, needsRoot, tempDir } from './test-helpers.js';

test('a real rootfs tarball made by GNU tar: applyLayer gives the tree `tar -x` gives; our tar of it, extracted by GNU tar, gives it back', needsRoot, async (t) => {
  const base = await tempDir(t);
  const [ours, gnu, back] = ['ours', 'gnu', 'back'].map((name) => join(base, name)) as [string, string, string];
  await mkdirs(ours, gnu, back);
  const rootfs = busyboxRootfs();
  await applyLayer(createReadStream(rootfs), ours);
  execFileSync('tar', ['--numeric-owner', '-xpf', rootfs, '-C', gnu]);
  const expected = await describeTree(gnu);
  assert.ok(Object.keys(expected).length > 10, 'the rootfs has content');
  assert.deepEqual(await describeTree(ours), expected);
  const { stream, digests } = compressLayer(directoryToLayer(ours), 'gzip');
  await writeFile(join(base, 'layer.tar.gz'), await buffer(stream));
  assert.match((await digests).diffId, /^sha256:[0-9a-f]{64}$/);
  execFileSync('tar', ['--numeric-owner', '-xpzf', join(base, 'layer.tar.gz'), '-C', back]);
  assert.deepEqual(await describeTree(back), expected);
});
