// berth push/pull/manifest inspect against Debian's docker-registry 2.8.2 on 127.0.0.1: docker's
// output lines, HEAD skips, cross-repository mounts, platform choice from an index, pulls by
// digest and of all tags, and byte-identical content on both sides.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, writeTestImage, writeTestIndex } from '../../src/store/index.js';
import { OCI_CONFIG, OCI_LAYER_NONDIST_TAR_GZIP, OCI_MANIFEST, type Index, type Manifest } from '../../src/core/index.js';
import { tempStore, type BerthStore } from '../helpers/busybox.js';
import { requireTools } from '../helpers/tools.js';
import { clientEnv, DOCKER_REGISTRY, startDockerRegistry, type TestRegistry } from './client-fixtures.js';
import { startRegistryProcess, tempDir } from './registry-fixtures.js';

/** A docker-registry, a source and a target store and a client config, all removed after the test. */
async function registryAndStores(t: TestContext): Promise<{ registry: TestRegistry; source: BerthStore; target: BerthStore; env: NodeJS.ProcessEnv }> {
  const registry = await startDockerRegistry();
  const source = await tempStore();
  const target = await tempStore();
  const config = await mkdtemp(join(tmpdir(), 'berth-client-config-'));
  t.after(async () => Promise.all([registry.stop(), source.cleanup(), target.cleanup(), rm(config, { recursive: true, force: true })]));
  return { registry, source, target, env: clientEnv(config) };
}

test('push and pull through docker-registry 2.8.2: docker lines, layer skip, mount, up-to-date, -q, by digest, -a, manifest inspect', async (t) => {
  if (!requireTools(t, DOCKER_REGISTRY)) return;
  const { registry, source, target, env } = await registryAndStores(t);
  const host = registry.host;
  const store = await openStore({ root: source.root });
  const pushed = await writeTestImage(store, { layers: [{ 'a.txt': 'alpha\n' }, { 'b.txt': 'beta\n' }] });
  await store.images.tag(`${host}/team/app:1`, pushed);

  const first = await source.berthOk(['push', `${host}/team/app:1`], { env });
  assert.equal(first.stdout, `1: digest: ${pushed.digest} size: ${pushed.size}\n`);
  assert.match(first.stderr, new RegExp(`^The push refers to repository \\[${host}/team/app\\]$`, 'm'));
  assert.equal(first.stderr.match(/^[0-9a-f]{12}: Pushed$/gm)?.length, 2);
  const again = await source.berthOk(['push', `${host}/team/app:1`], { env });
  assert.equal(again.stderr.match(/^[0-9a-f]{12}: Layer already exists$/gm)?.length, 2);
  await source.berthOk(['tag', `${host}/team/app:1`, `${host}/other/app:2`], { env });
  const mounted = await source.berthOk(['push', `${host}/other/app:2`], { env });
  assert.equal(mounted.stderr.match(/^[0-9a-f]{12}: Mounted from team\/app$/gm)?.length, 2, mounted.stderr);

  const pulled = await target.berthOk(['pull', `${host}/team/app:1`], { env });
  assert.equal(pulled.stdout, `${host}/team/app:1\n`);
  assert.match(pulled.stderr, /^1: Pulling from team\/app$/m);
  assert.equal(pulled.stderr.match(/^[0-9a-f]{12}: Pulling fs layer$/gm)?.length, 2);
  assert.equal(pulled.stderr.match(/^[0-9a-f]{12}: Pull complete$/gm)?.length, 2);
  assert.match(pulled.stderr, new RegExp(`^Digest: ${pushed.digest}$`, 'm'));
  assert.match(pulled.stderr, new RegExp(`^Status: Downloaded newer image for ${host}/team/app:1$`, 'm'));
  const local = await (await openStore({ root: target.root })).findImage(`${host}/team/app:1`);
  const original = await store.findImage(`${host}/team/app:1`);
  assert.equal(local.manifestDescriptor.digest, pushed.digest);
  assert.equal(local.id, original.id);
  const upToDate = await target.berthOk(['pull', `${host}/team/app:1`], { env });
  assert.match(upToDate.stderr, new RegExp(`^Status: Image is up to date for ${host}/team/app:1$`, 'm'));
  assert.equal(upToDate.stderr.match(/: Already exists$/gm)?.length, 2);

  const quiet = await target.berthOk(['pull', '-q', `${host}/other/app:2`], { env });
  assert.deepEqual([quiet.stdout, quiet.stderr], [`${host}/other/app:2\n`, '']);
  const byDigest = await target.berthOk(['pull', `${host}/team/app@${pushed.digest}`], { env });
  assert.equal(byDigest.stdout, `${host}/team/app@${pushed.digest}\n`);
  await source.berthOk(['tag', `${host}/team/app:1`, `${host}/team/app:2`], { env });
  await source.berthOk(['push', `${host}/team/app:2`], { env });
  const all = await target.berthOk(['pull', '-a', `${host}/team/app`], { env });
  assert.equal(all.stdout, `${host}/team/app\n`);
  assert.match(all.stderr, /^2: Pulling from team\/app$/m);

  const inspected = await target.berthOk(['manifest', 'inspect', `${host}/team/app:1`], { env });
  assert.deepEqual(JSON.parse(inspected.stdout), await store.blobs.readJson<Manifest>(pushed.digest));
  assert.match(inspected.stdout, /^\t"schemaVersion": 2,$/m);
  const missing = await target.berth(['pull', `${host}/team/app:nope`], { env });
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /^Error: manifest for 127\.0\.0\.1:\d+\/team\/app:nope not found: manifest unknown: manifest unknown$/m);
});

test('RepoDigests: recorded by pull and push, shown by inspect and images --digests, dropped with the last tag of the repository', async (t) => {
  if (!requireTools(t, DOCKER_REGISTRY)) return;
  const { registry, source, target, env } = await registryAndStores(t);
  const repo = `${registry.host}/digests/app`;
  const store = await openStore({ root: source.root });
  const image = await writeTestImage(store, { layers: [{ 'a.txt': 'alpha\n' }] });
  await store.images.tag(`${repo}:1`, image);
  const names = async (s: typeof source, ref: string): Promise<[string[], string[]]> => {
    const [inspected] = JSON.parse((await s.berthOk(['image', 'inspect', ref])).stdout) as Array<{ RepoTags: string[]; RepoDigests: string[] }>;
    return [inspected.RepoTags.sort(), inspected.RepoDigests];
  };
  assert.deepEqual(await names(source, `${repo}:1`), [[`${repo}:1`], []], 'a local image has no repository digest');
  await source.berthOk(['push', `${repo}:1`], { env });
  assert.deepEqual(await names(source, `${repo}:1`), [[`${repo}:1`], [`${repo}@${image.digest}`]], 'push records the digest pushed');

  await target.berthOk(['pull', `${repo}:1`], { env });
  assert.deepEqual(await names(target, `${repo}:1`), [[`${repo}:1`], [`${repo}@${image.digest}`]], 'pull records the digest pulled');
  assert.deepEqual(await names(target, `${repo}@${image.digest}`), [[`${repo}:1`], [`${repo}@${image.digest}`]], 'the image is found by its repository digest');
  const table = async (s: typeof source) => (await s.berthOk(['images', '--digests', '--format', '{{.Repository}} {{.Tag}} {{.Digest}}'])).stdout;
  assert.equal(await table(target), `${repo} 1 ${image.digest}\n`);
  await target.berthOk(['tag', `${repo}:1`, 'other:1']);
  assert.deepEqual(await names(target, 'other:1'), [[`${repo}:1`, 'other:1'], [`${repo}@${image.digest}`]], 'a tag in another repository keeps the digest');
  assert.equal((await target.berthOk(['images', '--digests', '--format', '{{.Repository}} {{.Digest}}', 'other'])).stdout, 'other <none>\n');

  assert.equal((await target.berthOk(['rmi', `${repo}:1`])).stdout, `Untagged: ${repo}:1\nUntagged: ${repo}@${image.digest}\n`);
  assert.deepEqual(await names(target, 'other:1'), [['other:1'], []]);
  await target.berthOk(['rmi', 'other:1']);

  await target.berthOk(['pull', `${repo}@${image.digest}`], { env });
  assert.deepEqual(await names(target, `${repo}@${image.digest}`), [[], [`${repo}@${image.digest}`]]);
  assert.equal(await table(target), `${repo} <none> ${image.digest}\n`);
  const id = (await target.berthOk(['image', 'inspect', '--format', '{{.Id}}', `${repo}@${image.digest}`])).stdout.trim();
  assert.equal((await target.berthOk(['images', '-q', '--filter', 'dangling=true'])).stdout, `${id.slice(7, 19)}\n`, 'an image with digests but no tag is dangling, as in docker');
  const removed = await target.berthOk(['rmi', `${repo}@${image.digest}`]);
  assert.match(removed.stdout, new RegExp(`^Untagged: ${repo}@${image.digest}\nDeleted: sha256:[0-9a-f]{64}\n$`));
  assert.equal(await table(target), '');
});

test('an index is pushed children first; pull --platform picks one platform; manifest inspect -v lists them', async (t) => {
  if (!requireTools(t, DOCKER_REGISTRY)) return;
  const { registry, source, target, env } = await registryAndStores(t);
  const store = await openStore({ root: source.root });
  const amd64 = await writeTestImage(store, { platform: { os: 'linux', architecture: 'amd64' }, layers: [{ 'arch': 'amd64\n' }] });
  const arm64 = await writeTestImage(store, { platform: { os: 'linux', architecture: 'arm64' }, layers: [{ 'arch': 'arm64\n' }] });
  const name = `${registry.host}/multi/app:1`;
  const index = await writeTestIndex(store, [{ manifest: amd64, platform: { os: 'linux', architecture: 'amd64' } }, { manifest: arm64, platform: { os: 'linux', architecture: 'arm64' } }], name);

  const pushed = await source.berthOk(['push', name], { env });
  assert.equal(pushed.stdout, `1: digest: ${index.digest} size: ${index.size}\n`);
  for (const child of [amd64, arm64]) {
    assert.equal((await fetch(`http://${registry.host}/v2/multi/app/manifests/${child.digest}`, { method: 'HEAD', headers: { accept: child.mediaType } })).status, 200);
  }

  const pulled = await target.berthOk(['pull', '--platform', 'linux/arm64', name], { env });
  assert.match(pulled.stderr, new RegExp(`^Digest: ${index.digest}$`, 'm'));
  const targetStore = await openStore({ root: target.root });
  const armImage = await targetStore.findImage(name, { platform: 'linux/arm64' });
  assert.equal(armImage.manifestDescriptor.digest, arm64.digest);
  const amdManifest = await store.blobs.readJson<Manifest>(amd64.digest);
  assert.equal(await targetStore.blobs.has(amdManifest.layers[0].digest), false, 'the other platform\'s layers are not pulled');

  const wrong = await target.berth(['pull', '--platform', 'linux/s390x', name], { env });
  assert.equal(wrong.code, 1);
  assert.match(wrong.stderr, /no matching manifest for linux\/s390x in the manifest list entries/);

  const verbose = JSON.parse((await target.berthOk(['manifest', 'inspect', '-v', name], { env })).stdout) as Array<{ Ref: string; Descriptor: { digest: string; platform: { architecture: string } }; OCIManifest: Manifest }>;
  assert.deepEqual(verbose.map((r) => [r.Descriptor.digest, r.Descriptor.platform.architecture]), [[amd64.digest, 'amd64'], [arm64.digest, 'arm64']]);
  assert.equal(verbose[1].Ref, `${registry.host}/multi/app@${arm64.digest}`);
  assert.equal(verbose[1].OCIManifest.layers.length, 1);
  const plain = JSON.parse((await target.berthOk(['manifest', 'inspect', name], { env })).stdout) as Index;
  assert.equal(plain.manifests.length, 2);

  // --all-platforms keeps the whole index, so pushing it elsewhere pushes the same index.
  const whole = await tempStore();
  t.after(() => whole.cleanup());
  await whole.berthOk(['pull', '--all-platforms', name], { env });
  assert.equal(await (await openStore({ root: whole.root })).blobs.has(amdManifest.layers[0].digest), true);
  await whole.berthOk(['tag', name, `${registry.host}/copy/app:1`], { env });
  assert.equal((await whole.berthOk(['push', `${registry.host}/copy/app:1`], { env })).stdout, `1: digest: ${index.digest} size: ${index.size}\n`);
});

test('docker.io names are normalized and served by a configured registry mirror', async (t) => {
  if (!requireTools(t, DOCKER_REGISTRY)) return;
  const mirror = await startDockerRegistry();
  const source = await tempStore();
  const target = await tempStore();
  const config = await mkdtemp(join(tmpdir(), 'berth-client-config-'));
  t.after(async () => Promise.all([mirror.stop(), source.cleanup(), target.cleanup(), rm(config, { recursive: true, force: true })]));
  const store = await openStore({ root: source.root });
  const image = await writeTestImage(store);
  await store.images.tag(`${mirror.host}/library/busybox:1`, image);
  await source.berthOk(['push', `${mirror.host}/library/busybox:1`], { env: clientEnv(config) });
  await writeFile(join(config, 'berth.json'), JSON.stringify({ 'registry-mirrors': [`http://${mirror.host}`] }));

  const pulled = await target.berthOk(['pull', 'busybox:1'], { env: clientEnv(config) });
  assert.equal(pulled.stdout, 'docker.io/library/busybox:1\n');
  assert.match(pulled.stderr, /^1: Pulling from library\/busybox$/m);
  assert.match(pulled.stderr, /^Status: Downloaded newer image for busybox:1$/m);
  assert.equal((await (await openStore({ root: target.root })).findImage('busybox:1')).manifestDescriptor.digest, image.digest);
});

test('berth registry serve: foreign (non-distributable) layers are skipped on push, like docker', async (t) => {
  const { dir, cleanup } = await tempDir('berth-client-foreign-');
  const registry = await startRegistryProcess(join(dir, 'storage'));
  const source = await tempStore();
  t.after(async () => {
    await registry.stop();
    await Promise.all([source.cleanup(), cleanup()]);
  });
  const store = await openStore({ root: source.root });
  const config = await store.blobs.writeJson({ architecture: 'amd64', os: 'linux', config: {}, rootfs: { type: 'layers', diff_ids: [`sha256:${'a'.repeat(64)}`] } }, OCI_CONFIG);
  const foreign = { mediaType: OCI_LAYER_NONDIST_TAR_GZIP, digest: `sha256:${'b'.repeat(64)}` as const, size: 123, urls: ['https://example.com/layer.tgz'] };
  const manifest = await store.blobs.writeJson({ schemaVersion: 2, mediaType: OCI_MANIFEST, config, layers: [foreign] }, OCI_MANIFEST);
  await store.images.tag(`${registry.host}/foreign/app:1`, manifest);
  const pushed = await source.berthOk(['push', `${registry.host}/foreign/app:1`], { env: clientEnv(dir) });
  assert.equal(pushed.stdout, `1: digest: ${manifest.digest} size: ${manifest.size}\n`);
  assert.match(pushed.stderr, /^a{12}: Skipped foreign layer$/m);
  assert.equal((await fetch(`${registry.url}/v2/foreign/app/blobs/${foreign.digest}`, { method: 'HEAD' })).status, 404);
});
