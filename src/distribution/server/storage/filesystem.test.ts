import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ownedTempName } from '../../../core/index.js';
import { checkDriverContract } from './driver-contract.js';
import { FilesystemDriver } from './filesystem.js';

test('the filesystem driver meets the storage driver contract', async () => {
  const root = await mkdtemp(join(tmpdir(), 'berth-fs-driver-'));
  try {
    await checkDriverContract(new FilesystemDriver(root));
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});

test('the filesystem driver leaves no temp file behind a put', async () => {
  const root = await mkdtemp(join(tmpdir(), 'berth-fs-driver-'));
  try {
    const driver = new FilesystemDriver(root);
    for (let i = 0; i < 5; i++) await driver.putContent('dir/file', `v${i}`);
    assert.deepEqual(await readdir(join(root, 'dir')), ['file']);
    assert.deepEqual(await readdir(join(root, '.tmp')), []);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});

test('removeOrphanedTemps deletes the temp files of dead writers and keeps those of live ones', async () => {
  const root = await mkdtemp(join(tmpdir(), 'berth-fs-driver-'));
  try {
    await mkdir(join(root, '.tmp'));
    // pid 4194304 is above the kernel's pid_max: that writer cannot be alive.
    const dead = '.tmp-4194304-12345-0badf00d';
    const live = ownedTempName();
    await writeFile(join(root, '.tmp', dead), 'half a manifest');
    await writeFile(join(root, '.tmp', live), 'being written');
    assert.equal(await new FilesystemDriver(root).removeOrphanedTemps(), 1);
    assert.deepEqual(await readdir(join(root, '.tmp')), [live]);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});
