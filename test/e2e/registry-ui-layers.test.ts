// The registry UI's layer page, rendered by headless Chromium: an image pushed with a file added
// in one layer and deleted (whiteout) in the next shows both layer rows, the deleted file, the
// wasted bytes (dive's count) and the finding; an index shows linux/amd64 or ?platform=;
// names from layers are escaped; the page sits behind the UI's auth.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { requireTools } from '../helpers/tools.js';
import { gzipTar, pushImage, sha256, startRegistryProcess, tempDir, type RegistryProcess, type TestImage } from './registry-fixtures.js';
import { CHROMIUM, OCI_MANIFEST, pushIndex, renderedDom as renderedDomIn, startLockedRegistry } from './registry-ui-helpers.js';
const BIG_BYTES = 300_000;

let registry: RegistryProcess;
let cleanup: () => Promise<void>;
let dir: string;

const renderedDom = (url: string) => renderedDomIn(url, dir);

/** An OCI image whose layers hold `files`, with real diff_ids and one history entry per layer. */
async function imageOf(layers: { createdBy: string; files: Record<string, Buffer | string> }[], architecture: string): Promise<TestImage> {
  const blobs = await Promise.all(layers.map((layer) => gzipTar(layer.files)));
  const config = Buffer.from(JSON.stringify({
    architecture, os: 'linux', config: {},
    rootfs: { type: 'layers', diff_ids: blobs.map((blob) => sha256(gunzipSync(blob))) },
    history: layers.map((layer) => ({ created_by: layer.createdBy })),
  }));
  const manifest = Buffer.from(JSON.stringify({
    schemaVersion: 2, mediaType: OCI_MANIFEST,
    config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: sha256(config), size: config.length },
    layers: blobs.map((blob) => ({ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: sha256(blob), size: blob.length })),
  }));
  return { config, layers: blobs, manifest, digest: sha256(manifest) };
}

before(async () => {
  const temp = await tempDir('berth-registry-ui-layers-');
  dir = temp.dir;
  cleanup = temp.cleanup;
  registry = await startRegistryProcess(join(dir, 'storage'));
  const wasteful = await imageOf([
    { createdBy: 'COPY big.bin keep.txt / # buildkit', files: { 'big.bin': randomBytes(BIG_BYTES), 'keep.txt': 'kept\n', '<img src=x onerror=alert(1)>.txt': 'x' } },
    { createdBy: 'RUN /bin/sh -c rm /big.bin # buildkit', files: { '.wh.big.bin': '' } },
  ], 'amd64');
  const arm = await imageOf([{ createdBy: 'COPY arm-only.txt / # buildkit', files: { 'arm-only.txt': 'arm\n' } }], 'arm64');
  assert.equal((await pushImage(registry.url, 'ui/waste', wasteful, 'latest')).status, 201);
  assert.equal((await pushImage(registry.url, 'ui/waste', arm, 'arm')).status, 201);
  assert.equal(await pushIndex(registry.url, 'ui/waste', 'multi', [
    { image: wasteful, platform: { os: 'linux', architecture: 'amd64' } },
    { image: arm, platform: { os: 'linux', architecture: 'arm64', variant: 'v8' } },
  ]), 201);
});

after(async () => {
  await registry.stop();
  await cleanup();
});

test('layer page: layer rows, the file deleted in the next layer, wasted bytes, finding', async (t) => {
  if (!requireTools(t, CHROMIUM)) return;
  const manifest = await renderedDom(`${registry.url}/ui/r/ui/waste/m/latest`);
  assert.match(manifest, /<a class="layers-link" href="\/ui\/r\/ui\/waste\/layers\/latest">layers<\/a>/);
  const dom = await renderedDom(`${registry.url}/ui/r/ui/waste/layers/latest`);
  assert.match(dom, /<title>ui\/waste:latest layers<\/title>/);
  const rows = [...dom.matchAll(/<tr class="layer-row"><td>(\d)<\/td><td><code>([^<]*)<\/code><\/td>.*?<td class="num">(\d+)<\/td><\/tr>/g)].map((m) => [m[1], m[2], m[3]]);
  assert.deepEqual(rows, [['0', 'COPY big.bin keep.txt /', '0'], ['1', 'RUN rm /big.bin', '1']]);
  // Layer 1's tree shows big.bin as removed; layer 0's as added.
  const sections = dom.split('<section class="layer">').slice(1);
  assert.equal(sections.length, 2);
  assert.match(sections[0], /<span class="added">big\.bin<\/span> <small>300kB<\/small>/);
  assert.match(sections[1], /<span class="removed">big\.bin<\/span>/);
  // dive's wasted bytes: every version of a path found in several layers (the file and its whiteout).
  assert.match(dom, /<span class="wasted">300kB<\/span> \(300000 bytes\)/);
  assert.match(dom, /<li class="finding removed-later">Layer 0: [^<]*big\.bin/);
});

test('layer names from layers are escaped, never run', async (t) => {
  if (!requireTools(t, CHROMIUM)) return;
  const dom = await renderedDom(`${registry.url}/ui/r/ui/waste/layers/latest`);
  assert.match(dom, /&lt;img src=x onerror=alert\(1\)&gt;\.txt/);
  assert.doesNotMatch(dom, /<img/);
});

test('an index shows linux/amd64 by default, another platform with ?platform=', async (t) => {
  if (!requireTools(t, CHROMIUM)) return;
  const amd64 = await renderedDom(`${registry.url}/ui/r/ui/waste/layers/multi`);
  assert.match(amd64, /Platform: <strong>linux\/amd64<\/strong> · <a href="\/ui\/r\/ui\/waste\/layers\/multi\?platform=linux%2Farm64%2Fv8">linux\/arm64\/v8<\/a>/);
  assert.match(amd64, /<span class="removed">big\.bin<\/span>/);
  const arm = await renderedDom(`${registry.url}/ui/r/ui/waste/layers/multi?platform=linux%2Farm64%2Fv8`);
  assert.match(arm, /<span class="added">arm-only\.txt<\/span>/);
  assert.doesNotMatch(arm, /big\.bin/);
  const missing = await fetch(`${registry.url}/ui/r/ui/waste/layers/multi?platform=linux/s390x`);
  assert.equal(missing.status, 404);
  assert.match(await missing.text(), /no manifest for platform linux\/s390x/);
  assert.equal((await fetch(`${registry.url}/ui/r/ui/waste/layers/nope`)).status, 404);
});

test('a stored layer that no longer matches its diff_id gives an error page, not a wrong analysis', async () => {
  const image = await imageOf([{ createdBy: 'COPY a.txt / # buildkit', files: { 'a.txt': randomBytes(1000) } }], 'amd64');
  assert.equal((await pushImage(registry.url, 'ui/broken', image, 'latest')).status, 201);
  const hex = sha256(image.layers[0]).slice('sha256:'.length);
  const stored = (await readdir(join(dir, 'storage'), { recursive: true })).find((path) => path.endsWith(join('blobs', 'sha256', hex.slice(0, 2), hex)));
  assert.ok(stored, `layer ${hex} not found in the storage directory`);
  await writeFile(join(dir, 'storage', stored), await gzipTar({ 'a.txt': 'tampered' }));
  const response = await fetch(`${registry.url}/ui/r/ui/broken/layers/latest`);
  assert.equal(response.status, 422);
  assert.match(await response.text(), new RegExp(`<p class="error">layer sha256:${hex}: content digest sha256:[0-9a-f]{64} does not match the config&#39;s diff_id`));
});

test('with auth on, the layer page needs credentials like the catalog', async () => {
  const { registry: locked, authorization } = await startLockedRegistry(dir, join(dir, 'storage'));
  try {
    const anonymous = await fetch(`${locked.url}/ui/r/ui/waste/layers/latest`);
    assert.equal(anonymous.status, 401);
    const viewer = await fetch(`${locked.url}/ui/r/ui/waste/layers/latest`, { headers: { Authorization: authorization } });
    assert.equal(viewer.status, 200);
    assert.match(await viewer.text(), /<span class="removed">big\.bin<\/span>/);
  } finally {
    await locked.stop();
  }
});
