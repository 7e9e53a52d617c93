import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hostPlatform, OCI_INDEX, shortId } from '../core/index.js';
import { withTempStore, writeTestImage, writeTestIndex } from './index.js';

test('findImage by name, familiar name, full ID, 12-hex short ID, sha256: prefix and repo@digest', () =>
  withTempStore(async (store) => {
    const manifest = await writeTestImage(store, { name: 'localhost:5000/x:y' });
    const view = await store.findImage('localhost:5000/x:y');
    assert.equal(view.id, view.manifest.config.digest);
    assert.deepEqual(view.names, ['localhost:5000/x:y']);
    assert.equal(view.manifestDescriptor.digest, manifest.digest);
    const inputs = [view.id, view.id.slice(7), shortId(view.id), `sha256:${shortId(view.id)}`, view.id.slice(7, 20), `localhost:5000/x@${manifest.digest}`, manifest.digest];
    for (const input of inputs) assert.equal((await store.findImage(input)).id, view.id, input);
    await assert.rejects(store.findImage('nope'), (err: Error & { code?: string }) => err.code === 'IMAGE_NOT_FOUND' && err.message === 'No such image: nope');
    await assert.rejects(store.findImage(`other@${manifest.digest}`), /No such image/);
    await assert.rejects(store.findImage('NOPE'), /repository name must be lowercase/);
  }));

test('findRecords finds an image whose config blob is gone, which findImage cannot load', () =>
  withTempStore(async (store) => {
    const manifest = await writeTestImage(store, { name: 'broken' });
    const view = await store.findImage('broken');
    await store.blobs.delete(view.manifest.config.digest);
    await assert.rejects(store.findImage('broken'), (err: Error & { code?: string }) => err.code === 'BLOB_UNKNOWN' && err.message.includes(view.manifest.config.digest));
    assert.deepEqual((await store.findRecords('broken')).map((r) => r.target.digest), [manifest.digest]);
    assert.deepEqual((await store.findRecords(view.id.slice(7, 19))).map((r) => r.name), ['docker.io/library/broken:latest']);
  }));

test('an ambiguous ID prefix is refused with a hint', () =>
  withTempStore(async (store) => {
    for (let i = 0; i < 17; i++) await writeTestImage(store, { name: `i:${i}` });
    const counts = new Map<string, number>();
    for (const view of await store.listImages()) counts.set(view.id[7], (counts.get(view.id[7]) ?? 0) + 1);
    const prefix = [...counts].find(([, n]) => n > 1)?.[0];
    assert.ok(prefix !== undefined, '17 IDs over 16 hex digits share a first digit');
    await assert.rejects(store.findImage(prefix), (err: Error & { hint?: string }) => err.message === `No such image: ${prefix}` && /prefix of \d+ image IDs/.test(err.hint ?? ''));
  }));

test('an index resolves to the host platform or a given one; missing platforms are named', () =>
  withTempStore(async (store) => {
    const host = hostPlatform();
    const native = await writeTestImage(store, { platform: host });
    const arm = await writeTestImage(store, { platform: { os: 'linux', architecture: 'arm', variant: 'v7' } });
    await writeTestIndex(store, [{ manifest: arm, platform: { os: 'linux', architecture: 'arm', variant: 'v7' } }, { manifest: native, platform: host }], 'multi');
    const view = await store.findImage('multi');
    assert.equal(view.manifestDescriptor.digest, native.digest);
    assert.ok(view.index);
    assert.equal((await store.findImage('multi', { platform: 'linux/arm' })).manifestDescriptor.digest, arm.digest);
    const unlabelled = await writeTestImage(store);
    const mixed = await store.blobs.writeJson({ schemaVersion: 2, mediaType: OCI_INDEX, manifests: [{ ...arm, platform: { os: 'linux', architecture: 'arm' } }, unlabelled] }, OCI_INDEX);
    assert.equal((await store.loadImage(mixed, { platform: 'linux/arm/v7' })).manifestDescriptor.digest, arm.digest);
    assert.equal((await store.loadImage(mixed, { platform: 'linux/s390x' })).manifestDescriptor.digest, unlabelled.digest, 'an entry without platform is the fallback');
    await assert.rejects(store.findImage('multi', { platform: 'linux/s390x' }), /has no manifest for linux\/s390x in this store \(has: linux\/arm\/v7, linux\/\w+\)$/);
  }));

// dockerd 20.10 (overlay2) reports .Size 1003 for `docker import` of a tar holding a (1000 bytes),
// dir/b (2 bytes) and link -> a: file bytes plus symlink target lengths, not the tar's size.
test('Size counts like docker: file bytes plus symlink targets, for tar, gzip and zstd layers', () =>
  withTempStore(async (store) => {
    for (const compression of ['none', 'gzip', 'zstd'] as const) {
      const manifest = await writeTestImage(store, { compression, recordLayerInfo: false, layers: [{ a: 'x'.repeat(1000), 'dir/b': 'yy', link: { symlink: 'a' } }, { c: '' }] });
      const view = await store.loadImage(manifest);
      assert.equal(await store.imageSize(view), 1003, compression);
      const info = await store.layerInfo(view.manifest.layers[0]);
      assert.equal(info.diffId, view.config.rootfs.diff_ids[0], compression);
      assert.equal(info.size, 3 * 512 + 1024 + 512 + 1024, compression);
    }
  }));

test('listSummaries answers from index.json once summaries are complete, completing them on first use', () =>
  withTempStore(async (store) => {
    await writeTestImage(store, { name: 'measured', layers: [{ a: '123' }] });
    const unmeasured = await writeTestImage(store, { name: 'unmeasured', recordLayerInfo: false, layers: [{ b: '12345', l: { symlink: 'b' } }] });
    await store.images.tag('alias', unmeasured);
    assert.equal((await store.images.get('unmeasured'))?.summary?.size, undefined);
    const first = await store.listSummaries();
    assert.deepEqual(first.map((l) => [l.names, l.size]), [[['docker.io/library/alias:latest', 'docker.io/library/unmeasured:latest'], 6], [['docker.io/library/measured:latest'], 3]]);
    assert.equal((await store.images.get('alias'))?.summary?.size, 6, 'written back');
    const view = await store.findImage('unmeasured');
    await store.blobs.delete(view.manifest.config.digest);
    const second = await store.listSummaries();
    assert.deepEqual(second.map((l) => [l.id, l.created, l.size]), first.map((l) => [l.id, l.created, l.size]), 'no blob read needed');
  }));

// docker's containerd store: with no platform asked, every platform matches and the host's is
// preferred, so `images` and `image inspect` show an index pulled for foreign platforms only.
test('an index without the host platform resolves to its first platform present unless a platform is asked', () =>
  withTempStore(async (store) => {
    const foreign = [{ os: 'linux', architecture: 'ppc64le' }, { os: 'linux', architecture: 's390x' }];
    const missing = await writeTestImage(store, { platform: foreign[0] });
    const present = await writeTestImage(store, { platform: foreign[1], layers: [{ a: '1234' }] });
    const host = await writeTestImage(store, { platform: hostPlatform(), layers: [{ h: '12' }] });
    const hostBytes = await store.blobs.readBytes(host.digest);
    await store.blobs.delete(missing.digest);
    await store.blobs.delete(host.digest);
    await writeTestIndex(store, [{ manifest: missing, platform: foreign[0] }, { manifest: present, platform: foreign[1] }, { manifest: host, platform: hostPlatform() }], 'foreign');

    const view = await store.findImage('foreign');
    assert.equal(view.manifestDescriptor.digest, present.digest);
    assert.equal((await store.findImage(view.id.slice(7, 19))).id, view.id, 'found by its ID');
    await assert.rejects(store.findImage('foreign', { platform: hostPlatform() }), (err: Error & { code?: string }) =>
      err.code === 'IMAGE_PLATFORM_MISSING' && err.message.includes('has: linux/ppc64le (not pulled), linux/s390x, '));
    const listings = await store.listSummaries();
    assert.deepEqual(listings.map((l) => [l.names, l.id, l.size]), [[['docker.io/library/foreign:latest'], view.id, 4]]);

    await store.blobs.writeBytes(hostBytes);
    await store.images.tag('foreign', (await store.images.get('foreign'))!.target);
    const refreshed = await store.listSummaries();
    assert.deepEqual(refreshed.map((l) => [l.id, l.size]), [[(await store.findImage('foreign')).id, 2]], 'the host platform, once present, replaces the cached summary');
    assert.notEqual(refreshed[0].id, view.id);
  }));
