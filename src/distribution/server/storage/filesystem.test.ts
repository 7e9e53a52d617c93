import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});
