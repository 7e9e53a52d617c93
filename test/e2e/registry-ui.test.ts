// The read-only web UI, rendered by headless Chromium: repositories with sizes, tags, an index's
// platforms, an image's layers and config; text from manifests is escaped; auth applies.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { requireTools } from '../helpers/tools.js';
import { bytes, makeImage, pushBlob, pushImage, sha256, startRegistryProcess, tempDir, type RegistryProcess } from './registry-fixtures.js';
import { CHROMIUM, OCI_MANIFEST, pushIndex, renderedDom as renderedDomIn, startLockedRegistry } from './registry-ui-helpers.js';

let registry: RegistryProcess;
let cleanup: () => Promise<void>;
let dir: string;

const renderedDom = (url: string) => renderedDomIn(url, dir);

before(async () => {
  const temp = await tempDir('berth-registry-ui-');
  dir = temp.dir;
  cleanup = temp.cleanup;
  registry = await startRegistryProcess(join(dir, 'storage'));
  const amd64 = await makeImage(2, 3000);
  const arm64 = await makeImage(1, 5000);
  assert.equal((await pushImage(registry.url, 'ui/app', amd64, amd64.digest)).status, 201);
  assert.equal((await pushImage(registry.url, 'ui/app', arm64, 'arm')).status, 201);
  assert.equal(await pushIndex(registry.url, 'ui/app', 'multi', [
    { image: amd64, platform: { os: 'linux', architecture: 'amd64' } },
    { image: arm64, platform: { os: 'linux', architecture: 'arm64', variant: 'v8' } },
  ]), 201);
  // A config carrying markup: the UI must show it as text.
  const config = Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux', config: { Labels: { evil: '<script>document.title="owned"</script>' } }, rootfs: { type: 'layers', diff_ids: [] } }));
  assert.equal((await pushBlob(registry.url, 'ui/evil', config)).status, 201);
  const manifest = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: OCI_MANIFEST, config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: sha256(config), size: config.length }, layers: [] }));
  const evil = await fetch(`${registry.url}/v2/ui/evil/manifests/latest`, { method: 'PUT', body: bytes(manifest), headers: { 'Content-Type': OCI_MANIFEST } });
  assert.equal(evil.status, 201);
});

after(async () => {
  await registry.stop();
  await cleanup();
});

test('home page lists repositories with tag counts and sizes', async (t) => {
  if (!requireTools(t, CHROMIUM)) return;
  const dom = await renderedDom(`${registry.url}/`);
  assert.match(dom, /<title>Repositories<\/title>/);
  assert.match(dom, /<a href="\/ui\/r\/ui\/app">ui\/app<\/a><\/td><td class="num">2<\/td><td class="num">[\d.]+kB<\/td>/);
  assert.match(dom, /<a href="\/ui\/r\/ui\/evil">ui\/evil<\/a>/);
  assert.match(dom, /2 repositories/);
});

test('repository page lists tags; an index shows its platforms; an image its layers and config', async (t) => {
  if (!requireTools(t, CHROMIUM)) return;
  const repo = await renderedDom(`${registry.url}/ui/r/ui/app`);
  assert.match(repo, />arm<\/a>/);
  assert.match(repo, />multi<\/a>/);
  assert.match(repo, /application\/vnd\.oci\.image\.index\.v1\+json/);
  const index = await renderedDom(`${registry.url}/ui/r/ui/app/m/multi`);
  assert.match(index, /<h2>Platforms<\/h2>/);
  assert.match(index, /linux\/amd64/);
  assert.match(index, /linux\/arm64\/v8/);
  const image = await renderedDom(`${registry.url}/ui/r/ui/app/m/arm`);
  assert.match(image, /1 layer, [\d.]+kB compressed/);
  assert.match(image, /application\/vnd\.oci\.image\.layer\.v1\.tar\+gzip/);
  assert.match(image, /<pre class="config">[^<]*"architecture": "amd64"/);
  assert.match(await renderedDom(`${registry.url}/ui/r/ui/app/m/nope`), /No manifest nope in ui\/app/);
});

test('text from manifests and configs is escaped, never run', async (t) => {
  if (!requireTools(t, CHROMIUM)) return;
  const dom = await renderedDom(`${registry.url}/ui/r/ui/evil/m/latest`);
  assert.match(dom, /&lt;script&gt;document\.title=/);
  assert.doesNotMatch(dom, /<script/);
  assert.match(dom, /<title>ui\/evil:latest<\/title>/);
});

test('with auth on, the UI needs credentials like the catalog', async () => {
  const { registry: locked, authorization } = await startLockedRegistry(dir, join(dir, 'storage'));
  try {
    const anonymous = await fetch(`${locked.url}/`);
    assert.equal(anonymous.status, 401);
    assert.match(anonymous.headers.get('www-authenticate')!, /^Basic/);
    const viewer = await fetch(`${locked.url}/ui/r/ui/app`, { headers: { Authorization: authorization } });
    assert.equal(viewer.status, 200);
    assert.match(await viewer.text(), />multi<\/a>/);
  } finally {
    await locked.stop();
  }
});
