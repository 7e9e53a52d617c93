// `manifest push` of a local list to docker-registry 2.8.2 and to berth's own registry: the
// images first, the index last; pulling each platform back gives the same manifest and image IDs.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatPlatform, type Index } from '../../src/core/index.js';
import { tempStore } from '../helpers/busybox.js';
import { requireTools } from '../helpers/tools.js';
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
