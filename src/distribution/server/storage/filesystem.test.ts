import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FilesystemDriver } from './filesystem.js';

async function* chunks(...parts: string[]): AsyncIterable<Buffer> {
  for (const part of parts) yield Buffer.from(part);
}

test('the filesystem driver: atomic puts, appends, ranged reads, moves, lists without temp files', async () => {
  const root = await mkdtemp(join(tmpdir(), 'berth-fs-driver-'));
  try {
    const driver = new FilesystemDriver(root);
    assert.equal(await driver.getContent('a/b'), undefined);
    await driver.putContent('a/b', 'one');
    await driver.putContent('a/b', 'two');
    assert.equal((await driver.getContent('a/b'))?.toString(), 'two');
    assert.deepEqual(await readdir(join(root, 'a')), ['b'], 'no temp file left behind');
    assert.equal(await driver.append('u/data', chunks('hello ', 'world')), 11);
    assert.equal(await driver.append('u/data', chunks('!')), 12);
    const stream = await driver.reader('u/data', { start: 6, end: 10 });
    let read = '';
    for await (const chunk of stream!) read += chunk.toString();
    assert.equal(read, 'world');
    await driver.move('u/data', 'blobs/x');
    assert.equal((await driver.stat('blobs/x'))?.size, 12);
    assert.equal(await driver.stat('u/data'), undefined);
    assert.equal(await driver.touch('blobs/x'), true);
    assert.equal(await driver.touch('nope'), false);
    assert.deepEqual(await driver.list(''), ['a', 'blobs', 'u']);
    assert.deepEqual(await driver.list('missing'), []);
    await driver.delete('a');
    assert.equal(await driver.stat('a/b'), undefined);
    await assert.rejects(driver.getContent('../etc/passwd'), /escapes the root/);
    assert.equal(await driver.reader('nope'), undefined);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});
