import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { withTempStore, writeTestImage } from './index.js';

test('tag stores normalized names with a summary and keeps index.json an OCI index', () =>
  withTempStore(async (store) => {
    const image = await writeTestImage(store, { layers: [{ a: '12345' }, { b: '678' }] });
    await store.images.tag('busybox:local', image);
    const record = await store.images.get('docker.io/library/busybox:local');
    assert.equal(record?.name, 'docker.io/library/busybox:local');
    assert.deepEqual(record?.target, image);
    assert.equal(record?.summary?.size, 8);
    assert.equal(record?.summary?.created, '2024-01-02T03:04:05Z');
    const index = JSON.parse(await readFile(join(store.root, 'index.json'), 'utf8'));
    assert.equal(index.mediaType, 'application/vnd.oci.image.index.v1+json');
    assert.equal(index.manifests[0].digest, image.digest);
    assert.equal(index.manifests[0].annotations['io.containerd.image.name'], 'docker.io/library/busybox:local');
    assert.equal(index.manifests[0].annotations['org.opencontainers.image.ref.name'], 'local');
  }));

test('a record gets no cached size when its layers were never measured (tagging never decompresses)', () =>
  withTempStore(async (store) => {
    await writeTestImage(store, { name: 'unmeasured', recordLayerInfo: false, layers: [{ a: '12345' }] });
    const record = await store.images.get('unmeasured');
    assert.ok(record?.summary?.id);
    assert.equal(record?.summary?.size, undefined);
    assert.equal(await store.imageSize(await store.findImage('unmeasured')), 5);
  }));

test('moving a tag leaves the old image dangling (<none>:<none>) unless another name keeps it', () =>
  withTempStore(async (store) => {
    const first = await writeTestImage(store);
    const second = await writeTestImage(store);
    await store.images.tag('app:1', first);
    await store.images.tag('app:1', second);
    let records = await store.images.list();
    assert.deepEqual(records.map((r) => [r.name, r.target.digest]), [['docker.io/library/app:1', second.digest], [undefined, first.digest]]);
    assert.ok(records[1].summary, 'dangling record keeps its summary');
    await store.images.tag('app:old', first);
    records = await store.images.list();
    assert.equal(records.filter((r) => r.name === undefined).length, 0, 'tagging a dangling image names it');
    await store.images.tag('app:1', first);
    records = await store.images.list();
    assert.deepEqual(records.map((r) => r.name), ['docker.io/library/app:1', 'docker.io/library/app:old', undefined]);
    assert.equal(records[2].target.digest, second.digest);
    await store.images.tag('app:1', first, { keepDangling: false });
    assert.equal((await store.images.list()).length, 3, 'retagging the same target changes nothing');
  }));

test('untag, addDangling and removeTarget', () =>
  withTempStore(async (store) => {
    const image = await writeTestImage(store);
    await store.images.tag('a', image);
    await store.images.tag('b', image);
    assert.equal((await store.images.untag('a'))?.name, 'docker.io/library/a:latest');
    assert.equal(await store.images.untag('a'), undefined);
    await store.images.untag('b', { keepDangling: true });
    assert.deepEqual((await store.images.list()).map((r) => [r.name, r.target.digest]), [[undefined, image.digest]]);
    await store.images.addDangling(image);
    assert.equal((await store.images.list()).length, 1);
    assert.equal((await store.images.removeTarget(image.digest)).length, 1);
    assert.deepEqual(await store.images.list(), []);
    await assert.rejects(store.images.tag('Bad', image), /repository name must be lowercase/);
  }));

test('tagAll points a tag and its repository digest at an image in one write; findImage resolves the digest name', () =>
  withTempStore(async (store) => {
    const first = await writeTestImage(store);
    const second = await writeTestImage(store);
    await store.images.tag('reg:5000/app:1', first);
    const digestName = `reg:5000/app@${second.digest}`;
    await store.images.tagAll(['reg:5000/app:1', digestName, digestName], second);
    const records = await store.images.list();
    assert.deepEqual(records.map((r) => [r.name, r.target.digest]), [['reg:5000/app:1', second.digest], [digestName, second.digest], [undefined, first.digest]]);
    const before = await readFile(join(store.root, 'index.json'), 'utf8');
    await store.images.tagAll(['reg:5000/app:1', digestName], second);
    assert.equal(await readFile(join(store.root, 'index.json'), 'utf8'), before, 'nothing changed, nothing written');
    const pushedChild = `reg:5000/app@sha256:${'c'.repeat(64)}`;
    await store.images.tagAll([pushedChild], second);
    assert.equal((await store.findImage(pushedChild)).target.digest, second.digest, 'a digest record names its target even when the digest is of another document');
  }));
