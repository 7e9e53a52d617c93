// `manifest push` of a local list to docker-registry 2.8.2 and to berth's own registry: the
// images first, the index last; pulling each platform back gives the same manifest and image IDs.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatPlatform, type Index } from '../../src/core/index.js';
import { tempStore } from '../helpers/busybox.js';
import { requireRoot, requireTools } from '../helpers/tools.js';
import { DOCKER_REGISTRY, startDockerRegistry } from './client-fixtures.js';
import { BASE_PLATFORMS, multiarchStore } from './multiplatform-helpers.js';
import { startRegistryProcess } from './registry-fixtures.js';

const store = multiarchStore();

/** The image ID and manifest digest of each base platform in the source store. */
async function sourceIds(): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  for (const base of BASE_PLATFORMS) ids.set(base.platform, (await store.berthOk(['image', 'inspect', '--format', '{{.Id}}', base.tag])).stdout);
  return ids;
}

async function pushAndPullBack(t: TestContext, host: string): Promise<void> {
  const list = `${host}/busybox:multiarch`;
  await store.berthOk(['manifest', 'create', list, ...BASE_PLATFORMS.map((b) => b.tag)]);
  const pushed = await store.berthOk(['manifest', 'push', '--purge', list]);
  const digest = pushed.stdout.trim();
  assert.match(digest, /^sha256:[a-f0-9]{64}$/);
  assert.equal((await store.berth(['manifest', 'rm', list])).code, 1, '--purge removed the local list');
  assert.notEqual((await store.berth(['image', 'inspect', `${host}/busybox@${digest}`])).code, 0, '--purge removed the digest the push recorded');

  const remote = JSON.parse((await store.berthOk(['manifest', 'inspect', list])).stdout) as Index;
  assert.deepEqual(remote.manifests.map((m) => formatPlatform(m.platform!)), BASE_PLATFORMS.map((b) => b.platform));

  const ids = await sourceIds();
  for (const base of BASE_PLATFORMS) {
    const back = await tempStore();
    try {
      await back.berthOk(['pull', '--platform', base.platform, list]);
      const id = (await back.berthOk(['image', 'inspect', '--platform', base.platform, '--format', '{{.Id}}', list])).stdout;
      assert.equal(id, ids.get(base.platform), `${t.name}: ${base.platform}`);
    } finally {
      await back.cleanup();
    }
  }
}

test('manifest push to docker-registry 2.8.2; each platform pulls back identical', async (t) => {
  if (!requireTools(t, DOCKER_REGISTRY)) return;
  const registry = await startDockerRegistry();
  try {
    await pushAndPullBack(t, registry.host);
  } finally {
    await registry.stop();
  }
});

test("manifest push to berth's registry; each platform pulls back identical", async (t) => {
  const storage = await mkdtemp(join(tmpdir(), 'berth-mp-registry-'));
  const registry = await startRegistryProcess(storage);
  try {
    await pushAndPullBack(t, registry.host);
  } finally {
    await registry.stop();
    await rm(storage, { recursive: true, force: true });
  }
});

// docker pull --platform linux/arm64 IMG keeps that platform under the tag: images, inspect,
// run --platform and save then show and use it, on an amd64 host too.
test('pull --platform of a foreign platform: images, image inspect, run --platform and save use it', async (t) => {
  const storage = await mkdtemp(join(tmpdir(), 'berth-mp-registry-'));
  const registry = await startRegistryProcess(storage);
  const puller = await tempStore();
  try {
    const list = `${registry.host}/busybox:foreign`;
    await store.berthOk(['manifest', 'create', list, ...BASE_PLATFORMS.map((b) => b.tag)]);
    await store.berthOk(['manifest', 'push', '--purge', list]);
    const foreign = BASE_PLATFORMS[2];
    const id = (await sourceIds()).get(foreign.platform)?.trim();
    await puller.berthOk(['pull', '--platform', foreign.platform, list]);

    const rows = await puller.berthOk(['images', '--no-trunc', '--format', '{{.Repository}}:{{.Tag}} {{.ID}}']);
    assert.equal(rows.stdout, `${list} ${id}\n`);
    const inspect = await puller.berthOk(['image', 'inspect', '--format', '{{.Id}} {{.Architecture}}', list]);
    assert.equal(inspect.stdout.trim(), `${id} arm64`);

    const archive = join(storage, 'saved.tar');
    await puller.berthOk(['save', '-o', archive, list]);
    const loaded = await tempStore();
    try {
      await loaded.berthOk(['load', '-i', archive]);
      assert.equal((await loaded.berthOk(['image', 'inspect', '--format', '{{.Id}} {{.Architecture}}', list])).stdout.trim(), `${id} arm64`);
    } finally {
      await loaded.cleanup();
    }

    if (!requireRoot(t)) return;
    assert.equal((await puller.berthOk(['run', '--rm', '--platform', foreign.platform, list, 'uname', '-m'])).stdout, `${foreign.uname}\n`);
    const host = await puller.berth(['run', '--rm', list, 'true']);
    assert.equal(host.code, 125, 'without --platform the host platform is required');
    assert.match(host.stderr, /no manifest for linux\/amd64 .*linux\/arm64/);
  } finally {
    await puller.cleanup();
    await registry.stop();
    await rm(storage, { recursive: true, force: true });
  }
});
