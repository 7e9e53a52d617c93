import assert from 'node:assert/strict';
import type { StorageDriver } from './driver.js';

async function* chunks(...parts: (string | Buffer)[]): AsyncIterable<Buffer> {
  for (const part of parts) yield Buffer.isBuffer(part) ? part : Buffer.from(part);
}

async function readAll(driver: StorageDriver, path: string, range?: { start: number; end: number }): Promise<Buffer> {
  const stream = await driver.reader(path, range);
  assert.ok(stream, `${path} is readable`);
  const parts: Buffer[] = [];
  for await (const chunk of stream) parts.push(chunk as Buffer);
  return Buffer.concat(parts);
}

/**
 * What every storage driver must do, as assertions: run it against a fresh, empty driver. Both
 * the filesystem and the S3 driver are held to it, so the registry above them behaves the same.
 */
export async function checkDriverContract(driver: StorageDriver): Promise<void> {
  assert.equal(await driver.getContent('a/b'), undefined);
  assert.equal(await driver.stat('a/b'), undefined);
  assert.equal(await driver.reader('a/b'), undefined);
  await driver.putContent('a/b', 'one');
  await driver.putContent('a/b', 'two');
  assert.equal((await driver.getContent('a/b'))?.toString(), 'two');
  assert.equal((await driver.stat('a/b'))?.size, 3);

  const big = Buffer.alloc(9 * 1024 * 1024, 7);
  assert.equal(await driver.append('u/1/data', chunks('hello ', 'world')), 11);
  assert.equal(await driver.append('u/1/data', chunks('!', big)), 12 + big.length);
  assert.equal((await driver.stat('u/1/data'))?.size, 12 + big.length);
  assert.deepEqual((await readAll(driver, 'u/1/data')).subarray(0, 12), Buffer.from('hello world!'));
  assert.deepEqual(await driver.list('u/1'), ['data'], 'appended data lists under its own name');
  await driver.move('u/1/data', 'blobs/x');
  assert.equal(await driver.stat('u/1/data'), undefined);
  assert.equal((await driver.stat('blobs/x'))?.size, 12 + big.length);
  assert.deepEqual(await readAll(driver, 'blobs/x', { start: 6, end: 10 }), Buffer.from('world'));

  const before = (await driver.stat('a/b'))!.modified.getTime();
  await new Promise((resolve) => setTimeout(resolve, 1100));
  assert.equal(await driver.touch('a/b'), true);
  assert.ok((await driver.stat('a/b'))!.modified.getTime() > before, 'touch renews the modification time');
  assert.equal(await driver.touch('nope'), false);

  await driver.putContent('a/c/d', 'x');
  await driver.putContent('ab/e', 'x');
  // Empty folders may or may not be listed (S3 has none): check only what holds objects.
  const top = await driver.list('');
  for (const name of ['a', 'ab', 'blobs']) assert.ok(top.includes(name), `list('') has ${name}`);
  assert.deepEqual(top, [...top].sort());
  assert.deepEqual(await driver.list('a'), ['b', 'c']);
  assert.deepEqual(await driver.list('missing'), []);
  await driver.delete('a');
  assert.equal(await driver.stat('a/b'), undefined);
  assert.equal(await driver.stat('a/c/d'), undefined);
  assert.equal((await driver.getContent('ab/e'))?.toString(), 'x', 'deleting a prefix spares its lookalikes');
  await driver.delete('missing');
  await assert.rejects(driver.getContent('../escape'), /escapes the root/);
}
