import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { computeDigest } from '../core/index.js';
import { withTempDir } from '../../test/helpers/temp-dir.js';
import { ingestTempFiles, openStore } from './index.js';

function withStore(run: (root: string) => Promise<void>): Promise<void> {
  return withTempDir('berth-store-', run);
}

async function collect(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

test('openStore creates an OCI image layout', () =>
  withStore(async (root) => {
    const store = await openStore({ root: join(root, 's') });
    assert.deepEqual(JSON.parse(await readFile(join(store.root, 'oci-layout'), 'utf8')), { imageLayoutVersion: '1.0.0' });
    assert.deepEqual(JSON.parse(await readFile(join(store.root, 'index.json'), 'utf8')).manifests, []);
    await assert.rejects(openStore({ root: join(root, 'missing'), create: false }), /no berth store at/);
  }));

test('writeStream hashes while streaming, stores at blobs/sha256/<hex>, and reads back', () =>
  withStore(async (root) => {
    const store = await openStore({ root });
    const chunks = Array.from({ length: 50 }, (_, i) => Buffer.alloc(64 * 1024, i));
    const whole = Buffer.concat(chunks);
    const digest = computeDigest(whole);
    const written = await store.blobs.writeStream(Readable.from(chunks), { digest, size: whole.length });
    assert.deepEqual(written, { digest, size: whole.length, existed: false });
    assert.equal(store.blobs.path(digest), join(root, 'blobs', 'sha256', digest.slice(7)));
    assert.ok((await readFile(store.blobs.path(digest))).equals(whole));
    assert.equal((await store.blobs.stat(digest))?.size, whole.length);
    assert.ok((await collect(await store.blobs.open(digest, { start: 10, end: 19 }))).equals(whole.subarray(10, 20)));
    assert.deepEqual(await store.blobs.list(), [digest]);
    assert.equal((await store.blobs.writeBytes(whole)).existed, true);
    assert.deepEqual(await ingestTempFiles(root), []);
  }));

test('writeStream hands each chunk to onWritten only after it is written: a chunk overwritten then leaves the blob intact', () =>
  withStore(async (root) => {
    const store = await openStore({ root });
    const chunks = Array.from({ length: 40 }, (_, i) => Buffer.alloc(300 * 1024, i + 1));
    const whole = Buffer.concat(chunks);
    const handedBack: Uint8Array[] = [];
    const written = await store.blobs.writeStream(Readable.from(chunks), undefined, {
      onWritten: (chunk) => {
        handedBack.push(chunk);
        // What a buffer pool's next user would do with it.
        chunk.fill(0);
      },
    });
    assert.equal(written.digest, computeDigest(whole));
    assert.deepEqual(await readFile(store.blobs.path(written.digest)), whole);
    assert.equal(handedBack.length, chunks.length);
    assert.ok(chunks.every((chunk) => handedBack.includes(chunk)));
  }));

test('sha512 blobs are written and verified under blobs/sha512', () =>
  withStore(async (root) => {
    const store = await openStore({ root });
    const digest = computeDigest('x', 'sha512');
    await store.blobs.writeBytes(Buffer.from('x'), { digest });
    assert.equal((await store.blobs.readBytes(digest)).toString(), 'x');
    assert.deepEqual(await readdir(join(root, 'blobs')), ['sha512']);
  }));

test('a digest or size mismatch fails and leaves neither blob nor temp file', () =>
  withStore(async (root) => {
    const store = await openStore({ root });
    const wrong = computeDigest('other');
    await assert.rejects(store.blobs.writeBytes(Buffer.from('data'), { digest: wrong }), (err: Error & { code?: string }) => {
      assert.equal(err.code, 'BLOB_DIGEST_MISMATCH');
      assert.match(err.message, new RegExp(`expected ${wrong}, content is ${computeDigest('data')} \\(4 bytes\\)`));
      return true;
    });
    await assert.rejects(store.blobs.writeBytes(Buffer.from('data'), { size: 3 }), /longer than the expected 3 bytes/);
    await assert.rejects(store.blobs.writeBytes(Buffer.from('data'), { size: 5 }), /has 4 bytes, expected 5/);
    const controller = new AbortController();
    const aborting = (async function* () {
      yield Buffer.from('a');
      controller.abort();
      yield Buffer.from('b');
    })();
    await assert.rejects(store.blobs.writeStream(aborting, {}, { signal: controller.signal }), /abort/i);
    const failing = new Readable({ read() { this.destroy(new Error('source broke')); } });
    await assert.rejects(store.blobs.writeStream(failing), /source broke/);
    assert.deepEqual(await store.blobs.list(), []);
    assert.deepEqual(await ingestTempFiles(root), []);
  }));

test('reads verify content; missing blobs give BLOB_UNKNOWN; writeJson uses canonical JSON', () =>
  withStore(async (root) => {
    const store = await openStore({ root });
    const descriptor = await store.blobs.writeJson({ b: 1, a: [true] }, 'application/json');
    assert.equal(descriptor.digest, computeDigest('{"b":1,"a":[true]}'));
    assert.deepEqual(await store.blobs.readJson(descriptor.digest), { b: 1, a: [true] });
    await writeFile(store.blobs.path(descriptor.digest), '{"b":2,"a":[true]}');
    await assert.rejects(store.blobs.readBytes(descriptor.digest), /is corrupt: its content hashes to sha256:/);
    const absent = computeDigest('absent');
    await assert.rejects(store.blobs.open(absent), (err: Error & { code?: string }) => err.code === 'BLOB_UNKNOWN' && err.message.includes(absent));
    await assert.rejects(store.blobs.readBytes(descriptor.digest, 4), /more than the 4 bytes/);
    assert.equal(await store.blobs.delete(descriptor.digest), true);
    assert.equal(await store.blobs.delete(descriptor.digest), false);
    assert.equal(await store.blobs.has(descriptor.digest), false);
  }));
