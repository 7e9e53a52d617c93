// `berth registry gc` against a running registry: unreferenced blobs go, referenced ones stay,
// untagged manifests go only with --delete-untagged, and the grace window protects a push that
// has just seen a blob.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, utimes } from 'node:fs/promises';
import { join } from 'node:path';
import { runBerth } from '../helpers/busybox.js';
import { bytes, makeImage, pushBlob, pushImage, sha256, startRegistryProcess, tempDir, type RegistryProcess, type TestImage } from './registry-fixtures.js';

const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';

async function gc(storage: string, ...args: string[]): Promise<string> {
  const result = await runBerth(['registry', 'gc', '--storage', storage, ...args]);
  assert.equal(result.code, 0, result.stderr);
  return result.stdout;
}

async function blobCount(storage: string): Promise<number> {
  let count = 0;
  for (const prefix of await readdir(join(storage, 'blobs', 'sha256'))) count += (await readdir(join(storage, 'blobs', 'sha256', prefix))).length;
  return count;
}

/** Every blob of the image is served and has the right digest. */
async function assertIntact(registry: RegistryProcess, name: string, image: TestImage): Promise<void> {
  for (const blob of [image.config, ...image.layers]) {
    const response = await fetch(`${registry.url}/v2/${name}/blobs/${sha256(blob)}`);
    assert.equal(response.status, 200);
    assert.equal(sha256(Buffer.from(await response.arrayBuffer())), sha256(blob));
  }
  assert.equal((await fetch(`${registry.url}/v2/${name}/manifests/${image.digest}`)).status, 200);
}

/** Moves a file's times two hours back, as if written long ago. */
async function age(path: string): Promise<void> {
  const past = new Date(Date.now() - 2 * 3600 * 1000);
  await utimes(path, past, past);
}

test('gc deletes what no manifest references and keeps what one does, --dry-run deletes nothing', async () => {
  const { dir, cleanup } = await tempDir('berth-registry-gc-');
  const storage = join(dir, 'storage');
  const registry = await startRegistryProcess(storage, ['--delete']);
  try {
    const kept = await makeImage(2, 2000);
    const dropped = await makeImage(2, 2000);
    assert.equal((await pushImage(registry.url, 'gc/kept', kept, 'v1')).status, 201);
    assert.equal((await pushImage(registry.url, 'gc/dropped', dropped, 'v1')).status, 201);
    assert.equal((await fetch(`${registry.url}/v2/gc/dropped/manifests/${dropped.digest}`, { method: 'DELETE' })).status, 202);
    const before = await blobCount(storage);
    const dry = await gc(storage, '--grace', '0s', '--dry-run');
    for (const blob of [dropped.config, ...dropped.layers, dropped.manifest]) assert.match(dry, new RegExp(`would delete blob ${sha256(blob)}`));
    assert.doesNotMatch(dry, new RegExp(sha256(kept.layers[0])));
    assert.equal(await blobCount(storage), before);
    const recent = await gc(storage);
    assert.equal(recent, '', 'the default grace window (1h) keeps what was just pushed');
    await gc(storage, '--grace', '0s');
    assert.equal(await blobCount(storage), before - 4);
    await assertIntact(registry, 'gc/kept', kept);
    assert.equal((await fetch(`${registry.url}/v2/gc/dropped/blobs/${sha256(dropped.layers[0])}`, { method: 'HEAD' })).status, 404);
  } finally {
    await registry.stop();
    await cleanup();
  }
});

test('gc --delete-untagged keeps tagged manifests, their index children and referrers', async () => {
  const { dir, cleanup } = await tempDir('berth-registry-gc-untagged-');
  const storage = join(dir, 'storage');
  const registry = await startRegistryProcess(storage);
  try {
    const tagged = await makeImage(1, 500);
    const child = await makeImage(1, 500);
    const orphan = await makeImage(1, 500);
    const name = 'gc/untagged';
    assert.equal((await pushImage(registry.url, name, tagged, 'v1')).status, 201);
    assert.equal((await pushImage(registry.url, name, child, child.digest)).status, 201);
    assert.equal((await pushImage(registry.url, name, orphan, orphan.digest)).status, 201);
    const index = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests: [{ mediaType: OCI_MANIFEST, digest: child.digest, size: child.manifest.length }] }));
    const put = (reference: string, body: Buffer, type: string) => fetch(`${registry.url}/v2/${name}/manifests/${reference}`, { method: 'PUT', body: bytes(body), headers: { 'Content-Type': type } });
    assert.equal((await put('multi', index, 'application/vnd.oci.image.index.v1+json')).status, 201);
    const referrer = Buffer.from(JSON.stringify({
      schemaVersion: 2, mediaType: OCI_MANIFEST, artifactType: 'application/vnd.example.sbom',
      config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: sha256(tagged.config), size: tagged.config.length },
      layers: [], subject: { mediaType: OCI_MANIFEST, digest: tagged.digest, size: tagged.manifest.length },
    }));
    assert.equal((await put(sha256(referrer), referrer, OCI_MANIFEST)).status, 201);
    const keptOnly = await gc(storage, '--grace', '0s');
    assert.equal(keptOnly, '', 'without --delete-untagged every manifest is kept');
    const output = await gc(storage, '--grace', '0s', '--delete-untagged');
    assert.match(output, new RegExp(`deleting untagged manifest ${name}@${orphan.digest}`));
    assert.equal(output.match(/untagged manifest/g)?.length, 1, output);
    await assertIntact(registry, name, tagged);
    await assertIntact(registry, name, child);
    assert.equal((await fetch(`${registry.url}/v2/${name}/manifests/${sha256(referrer)}`)).status, 200);
    assert.equal((await fetch(`${registry.url}/v2/${name}/manifests/${orphan.digest}`)).status, 404);
    assert.equal((await fetch(`${registry.url}/v2/${name}/blobs/${sha256(orphan.layers[0])}`, { method: 'HEAD' })).status, 404);
  } finally {
    await registry.stop();
    await cleanup();
  }
});

test('gc keeps an old unreferenced blob that a push just HEADed, so the push\'s manifest still lands', async () => {
  const { dir, cleanup } = await tempDir('berth-registry-gc-grace-');
  const storage = join(dir, 'storage');
  const registry = await startRegistryProcess(storage, ['--delete']);
  try {
    const image = await makeImage(1, 1000);
    const name = 'gc/grace';
    assert.equal((await pushImage(registry.url, name, image, 'v1')).status, 201);
    assert.equal((await fetch(`${registry.url}/v2/${name}/manifests/${image.digest}`, { method: 'DELETE' })).status, 202);
    // A control: an old unreferenced blob nobody looked at, which gc must delete.
    const control = Buffer.from('nobody needs me');
    assert.equal((await pushBlob(registry.url, name, control)).status, 201);
    for (const blob of [image.config, image.layers[0], control]) {
      const hex = sha256(blob).slice(7);
      await age(join(storage, 'blobs', 'sha256', hex.slice(0, 2), hex));
      await age(join(storage, 'repositories', name, '_layers', 'sha256', hex));
    }
    // The next push finds both blobs present (HEAD 200) and skips uploading them...
    for (const blob of [image.config, image.layers[0]]) assert.equal((await fetch(`${registry.url}/v2/${name}/blobs/${sha256(blob)}`, { method: 'HEAD' })).status, 200);
    // ...gc runs in between (one hour of grace)...
    const output = await gc(storage);
    assert.match(output, new RegExp(`deleting blob ${sha256(control)}`));
    for (const blob of [image.config, image.layers[0]]) assert.doesNotMatch(output, new RegExp(sha256(blob)));
    // ...and the manifest referencing them is accepted and complete.
    const put = await fetch(`${registry.url}/v2/${name}/manifests/v2`, { method: 'PUT', body: bytes(image.manifest), headers: { 'Content-Type': OCI_MANIFEST } });
    assert.equal(put.status, 201);
    await assertIntact(registry, name, image);
  } finally {
    await registry.stop();
    await cleanup();
  }
});
