import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { computeDigest } from '../core/index.js';
import { ingestTempFiles, type Store, withTempStore, writeTestImage, writeTestIndex } from './index.js';

async function age(store: Store, seconds: number): Promise<void> {
  const past = new Date(Date.now() - seconds * 1000);
  for (const digest of await store.blobs.list()) await utimes(store.blobs.path(digest), past, past);
}

test('gc removes blobs no record reaches, keeps everything an image or index reaches', () =>
  withTempStore(async (store) => {
    const kept = await writeTestImage(store, { name: 'kept', layers: [{ a: '1' }, { b: '2' }] });
    const inIndex = await writeTestImage(store);
    await writeTestIndex(store, [{ manifest: inIndex, platform: { os: 'linux', architecture: 'arm64' } }], 'multi');
    const dropped = await writeTestImage(store, { name: 'dropped', layers: [{ c: '3' }] });
    const droppedView = await store.loadImage(dropped);
    await store.layerInfo(droppedView.manifest.layers[0]);
    await store.images.untag('dropped');
    await age(store, 3600);
    const before = await store.blobs.list();
    const dry = await store.gc({ dryRun: true });
    assert.deepEqual(await store.blobs.list(), before);
    const result = await store.gc();
    assert.deepEqual(result.removed.sort(), [dropped.digest, droppedView.manifest.config.digest, droppedView.manifest.layers[0].digest].sort());
    assert.deepEqual(dry.removed.sort(), result.removed.sort());
    assert.ok(result.reclaimedBytes > 0);
    assert.equal(before.length - result.removed.length, (await store.blobs.list()).length);
    assert.equal((await store.findImage('kept')).manifestDescriptor.digest, kept.digest);
    assert.equal((await store.findImage('multi', { platform: 'linux/arm64' })).manifestDescriptor.digest, inIndex.digest);
    assert.deepEqual(await readdir(join(store.root, 'layerinfo', 'sha256')).then((names) => names.includes(`${droppedView.manifest.layers[0].digest.slice(7)}.json`)), false);
  }));

test('gc keeps unreferenced blobs younger than the grace window and sweeps old temp files', () =>
  withTempStore(async (store) => {
    const fresh = await store.blobs.writeBytes(Buffer.from('being built'));
    assert.deepEqual((await store.gc()).removed, []);
    assert.equal(await store.blobs.has(fresh.digest), true);
    const stale = join(store.root, 'ingest', '.tmp-blob-1-abc');
    await writeFile(stale, 'partial');
    const past = new Date(Date.now() - 3600_000);
    await utimes(stale, past, past);
    assert.deepEqual((await store.gc({ graceMs: 60_000 })).removed, []);
    assert.deepEqual(await ingestTempFiles(store.root), []);
    assert.deepEqual((await store.gc({ graceMs: 0 })).removed, [computeDigest('being built')]);
  }));

test('rewriting an existing blob refreshes its mtime so gc grace restarts', () =>
  withTempStore(async (store) => {
    const written = await store.blobs.writeBytes(Buffer.from('reused'));
    await age(store, 3600);
    await store.blobs.writeBytes(Buffer.from('reused'));
    assert.deepEqual((await store.gc({ graceMs: 60_000 })).removed, []);
    assert.equal(await store.blobs.has(written.digest), true);
  }));

test('gc roots keep blobs and everything a rooted manifest reaches; replacing them releases the rest', () =>
  withTempStore(async (store) => {
    const image = await writeTestImage(store);
    const view = await store.loadImage(image);
    const loose = await store.blobs.writeBytes(Buffer.from('cached layer'));
    await store.setGcRoots('build-cache', [loose.digest]);
    await store.addGcRoots('build-cache', [image, loose.digest]);
    assert.equal((await store.gcRoots('build-cache')).length, 2);
    await age(store, 3600);
    assert.deepEqual((await store.gc()).removed, []);
    await store.setGcRoots('build-cache', [view.manifest.layers[0]]);
    const { removed } = await store.gc();
    assert.deepEqual(removed.sort(), [image.digest, view.manifest.config.digest, loose.digest].sort());
    assert.equal(await store.blobs.has(view.manifest.layers[0].digest), true);
    await assert.rejects(store.setGcRoots('Bad/Owner', []), /invalid gc root owner "Bad\/Owner"/);
  }));

test('deleteIfOlder puts back a blob refreshed after gc listed it', () =>
  withTempStore(async (store) => {
    const { digest } = await store.blobs.writeBytes(Buffer.from('refreshed'));
    assert.equal(await store.blobs.deleteIfOlder(digest, Date.now() - 60_000), undefined);
    assert.equal((await store.blobs.readBytes(digest)).toString(), 'refreshed');
    assert.equal(await store.blobs.deleteIfOlder(digest, Date.now() + 1000), 9);
    assert.equal(await store.blobs.has(digest), false);
    assert.deepEqual(await ingestTempFiles(store.root), []);
  }));
