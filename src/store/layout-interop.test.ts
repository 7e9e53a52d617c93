// The store root is a real OCI image layout: our schemas accept its files, and skopeo and umoci
// read images from it by tag.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateConfig, validateIndex, validateLayout, validateManifest } from '../core/index.js';
import { requireTools } from '../../test/helpers/tools.js';
import { withTempStore, writeTestImage } from './index.js';

test('index.json, oci-layout, manifests and configs validate against the OCI schemas', () =>
  withTempStore(async (store) => {
    const manifest = await writeTestImage(store, { name: 'busybox:local' });
    await store.images.tag('other', manifest);
    validateIndex(JSON.parse(await readFile(join(store.root, 'index.json'), 'utf8')), 'index.json');
    validateLayout(JSON.parse(await readFile(join(store.root, 'oci-layout'), 'utf8')), 'oci-layout');
    const view = await store.findImage('busybox:local');
    validateManifest(view.manifest);
    validateConfig(view.config);
  }));

test('skopeo inspects and umoci unpacks an image straight from the store root', async (t) => {
  if (!requireTools(t, '/usr/bin/skopeo', '/usr/bin/umoci')) return;
  await withTempStore(async (store) => {
    const manifest = await writeTestImage(store, { name: 'busybox:local', layers: [{ 'etc/hello': 'from berth\n' }] });
    const view = await store.loadImage(manifest);
    const inspected = JSON.parse(execFileSync('skopeo', ['inspect', `oci:${store.root}:local`], { encoding: 'utf8' }));
    assert.equal(inspected.Digest, manifest.digest);
    assert.deepEqual(inspected.Layers, view.manifest.layers.map((l) => l.digest));
    const bundle = await mkdtemp(join(tmpdir(), 'berth-umoci-'));
    try {
      execFileSync('umoci', ['unpack', '--rootless', '--image', `${store.root}:local`, join(bundle, 'b')], { stdio: 'pipe' });
      assert.equal(await readFile(join(bundle, 'b', 'rootfs', 'etc', 'hello'), 'utf8'), 'from berth\n');
    } finally {
      await rm(bundle, { recursive: true, force: true });
    }
  });
});
