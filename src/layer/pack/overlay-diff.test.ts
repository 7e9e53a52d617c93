import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { appendFile, chmod, link, mkdir, rm, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setAttributeSync } from '@napi-rs/xattr';
import { applyLayer } from '../apply/apply.js';
import { describeTree, headersOf, mkdirs, needsRoot, tempDir } from '../test-helpers.js';
import { diffDirectories, directoryChanges } from './diff.js';
import { overlayChanges } from './overlay-changes.js';
import { overlayUpperToLayer } from './overlay-upper.js';

async function makeLower(dir: string): Promise<void> {
  await mkdirs(join(dir, 'etc'), join(dir, 'var/log'), join(dir, 'opt'), join(dir, 'usr/bin'));
  await writeFile(join(dir, 'etc/passwd'), 'root:x:0:0\n');
  await writeFile(join(dir, 'etc/hosts'), '127.0.0.1 localhost\n');
  await writeFile(join(dir, 'var/log/a'), 'a');
  await writeFile(join(dir, 'var/log/b'), 'b');
  await writeFile(join(dir, 'opt/x'), 'x');
  await writeFile(join(dir, 'usr/bin/tool'), 'tool');
  setAttributeSync(join(dir, 'usr/bin/tool'), 'security.capability', Buffer.from('0100000200200000000000000000000000000000', 'hex'));
  await writeFile(join(dir, 'keep'), 'keep');
}

/** The same edits a RUN step might make: delete, modify, replace a directory, add, chmod, hardlink. */
async function edit(root: string): Promise<void> {
  await unlink(join(root, 'etc/hosts'));
  await appendFile(join(root, 'etc/passwd'), 'app:x:1000:1000\n');
  await rm(join(root, 'var/log'), { recursive: true });
  await mkdir(join(root, 'var/log'));
  await writeFile(join(root, 'var/log/new'), 'new');
  await writeFile(join(root, 'newfile'), 'n');
  await link(join(root, 'newfile'), join(root, 'newlink'));
  await chmod(join(root, 'opt/x'), 0o700);
  await mkdir(join(root, 'newdir'));
}

/** What `docker diff` prints for edit() over makeLower() (sorted by path). */
const EXPECTED_CHANGES = [
  'C /etc', 'D /etc/hosts', 'C /etc/passwd', 'A /newdir', 'A /newfile', 'A /newlink', 'C /opt', 'C /opt/x',
  'C /var', 'C /var/log', 'D /var/log/a', 'D /var/log/b', 'A /var/log/new',
].map((line) => ({ kind: line[0], path: line.slice(2) }));

test('overlay upper dir of a real mount → OCI layer with the expected whiteouts; applied plain or as an overlay lower it gives the merged tree', needsRoot, async (t) => {
  const base = await tempDir(t);
  const [lower, upper, work, merged, copy, layerDir, merged2, upper2, work2] = ['lower', 'upper', 'work', 'merged', 'copy', 'layer', 'merged2', 'upper2', 'work2'].map((n) => join(base, n)) as string[];
  await mkdirs(lower!, upper!, work!, merged!, layerDir!, merged2!, upper2!, work2!);
  await makeLower(lower!);
  execFileSync('cp', ['-a', lower!, copy!]);
  execFileSync('mount', ['-t', 'overlay', 'overlay', '-o', `lowerdir=${lower},upperdir=${upper},workdir=${work},redirect_dir=off,metacopy=off`, merged!]);
  let expected: Record<string, string>;
  try {
    await edit(merged!);
    expected = await describeTree(merged!);
  } finally {
    execFileSync('umount', [merged!]);
  }
  assert.deepEqual(await overlayChanges(upper!, [lower!]), EXPECTED_CHANGES, 'the same as a naive diff of the two trees');
  const headers = await headersOf(overlayUpperToLayer(upper!));
  assert.deepEqual(headers.map((h) => `${h.type} ${h.path}${h.linkTarget ? ` -> ${h.linkTarget}` : ''}`), [
    'directory etc', 'file etc/.wh.hosts', 'file etc/passwd', 'directory newdir', 'file newfile', 'hardlink newlink -> newfile',
    'directory opt', 'file opt/x', 'directory var', 'directory var/log', 'file var/log/.wh..wh..opq', 'file var/log/new',
  ]);
  assert.ok(headers.every((h) => Object.keys(h.xattrs ?? {}).every((name) => !name.startsWith('trusted.overlay.'))));
  await applyLayer(overlayUpperToLayer(upper!), copy!);
  assert.deepEqual(await describeTree(copy!), expected);
  await applyLayer(overlayUpperToLayer(upper!), layerDir!, { format: 'overlay' });
  execFileSync('mount', ['-t', 'overlay', 'overlay', '-o', `lowerdir=${layerDir}:${lower},upperdir=${upper2},workdir=${work2}`, merged2!]);
  try {
    assert.deepEqual(await describeTree(merged2!), expected);
  } finally {
    execFileSync('umount', [merged2!]);
  }
});

test('diffDirectories (copy-based snapshot) gives a layer that turns lower into upper; directoryChanges lists it like docker diff', needsRoot, async (t) => {
  const base = await tempDir(t);
  const [lower, upper, copy] = ['lower', 'upper', 'copy'].map((n) => join(base, n)) as string[];
  await mkdirs(lower!);
  await makeLower(lower!);
  execFileSync('cp', ['-a', lower!, upper!]);
  execFileSync('cp', ['-a', lower!, copy!]);
  await edit(upper!);
  assert.deepEqual(await directoryChanges(lower!, upper!), EXPECTED_CHANGES);
  const headers = await headersOf(diffDirectories(lower!, upper!, { sourceDateEpoch: 5 }));
  assert.ok(headers.some((h) => h.path === 'etc/.wh.hosts' && h.mtime === 5));
  assert.ok(!headers.some((h) => h.path === 'usr' || h.path === 'keep'), 'unchanged entries stay out of the layer');
  await applyLayer(diffDirectories(lower!, upper!), copy!);
  assert.deepEqual(await describeTree(copy!), await describeTree(upper!));
});
