import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { compressLayer, digestLayerBlob, listLayer, openLayerBlob } from './blob.js';
import { compress, decompressAuto, detectCompression } from './compression/index.js';
import { writeTar } from './tar/writer.js';
import type { Compression, TarInput } from './types.js';

const sha256 = (data: Buffer) => `sha256:${createHash('sha256').update(data).digest('hex')}`;

/** A tar of a few files, some compressible, one random, ~1.5 MB. */
function sampleTar(): Readable {
  const entries: TarInput[] = [
    { header: { path: 'random', type: 'file', mode: 0o644, uid: 0, gid: 0, mtime: 0, size: 512 * 1024 }, body: randomBytes(512 * 1024) },
    { header: { path: 'zeros', type: 'file', mode: 0o644, uid: 0, gid: 0, mtime: 0, size: 1024 * 1024 }, body: Buffer.alloc(1024 * 1024) },
    { header: { path: 'dir', type: 'directory', mode: 0o755, uid: 0, gid: 0, mtime: 0, size: 0 } },
  ];
  return writeTar(entries);
}

for (const compression of ['none', 'gzip', 'zstd'] as Compression[]) {
  test(`compressLayer(${compression}) gives blob digest, size and diffID in one pass; openLayerBlob agrees`, async () => {
    const tar = await buffer(sampleTar());
    const { stream, digests } = compressLayer(Readable.from([tar]), compression);
    const blob = await buffer(stream);
    const result = await digests;
    assert.equal(result.digest, sha256(blob));
    assert.equal(result.size, blob.length);
    assert.equal(result.diffId, sha256(tar));
    assert.equal(result.uncompressedSize, tar.length);
    assert.equal(detectCompression(blob), compression);
    if (compression !== 'none') assert.ok(blob.length < tar.length);
    const opened = await openLayerBlob(Readable.from([blob]));
    assert.equal(opened.compression, compression);
    assert.deepEqual(await buffer(opened.tar), tar);
    assert.deepEqual(await opened.digests, result);
    assert.deepEqual((await digestLayerBlob(Readable.from([blob]))).diffId, result.diffId);
    const names = [];
    for await (const header of listLayer(Readable.from([blob]))) names.push(header.path);
    assert.deepEqual(names, ['random', 'zeros', 'dir']);
  });
}

test('parallel gzip (pigz) is standard gzip, identical whatever the thread count', async () => {
  const tar = await buffer(sampleTar());
  const two = await buffer(Readable.from([tar]).pipe(compress('gzip', { parallel: 2 })));
  const four = await buffer(Readable.from([tar]).pipe(compress('gzip', { parallel: 4 })));
  assert.deepEqual(two, four);
  const single = await buffer(Readable.from([tar]).pipe(compress('gzip')));
  assert.notDeepEqual(two, single, 'pigz ran (its block-wise deflate differs from one zlib stream)');
  assert.deepEqual(execFileSync('gzip', ['-dc'], { input: two, maxBuffer: 64 << 20 }), tar);
});

test('truncated gzip and zstd fail with a clear LAYER_CORRUPT error', async () => {
  const tar = await buffer(sampleTar());
  for (const compression of ['gzip', 'zstd'] as Compression[]) {
    const blob = await buffer(Readable.from([tar]).pipe(compress(compression)));
    const { tar: opened, digests } = await openLayerBlob(Readable.from([blob.subarray(0, blob.length >> 1)]));
    await assert.rejects(buffer(opened), (err: Error & { code?: string }) => err.code === 'LAYER_CORRUPT' && err.message.includes(`${compression} decompression failed`));
    await assert.rejects(digests);
  }
  const gz = await buffer(Readable.from([tar]).pipe(compress('gzip')));
  await assert.rejects(digestLayerBlob(Readable.from([gz.subarray(0, 100)])), /gzip decompression failed: the data is truncated/);
});

test('bzip2 and xz are detected and decompressed (ADD auto-extraction)', async () => {
  const data = Buffer.from('berth '.repeat(1000));
  for (const [tool, name] of [['bzip2', 'bzip2'], ['xz', 'xz']] as const) {
    const packed = execFileSync(tool, ['-c'], { input: data });
    const { compression, stream } = await decompressAuto(Readable.from([packed]));
    assert.equal(compression, name);
    assert.deepEqual(await buffer(stream), data);
  }
  const plain = await decompressAuto(Readable.from([data]));
  assert.equal(plain.compression, 'none');
  assert.deepEqual(await buffer(plain.stream), data);
});
