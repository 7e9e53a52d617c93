// Multi-platform images through archives: `save` keeps the whole index (skopeo and containerd's
// `ctr images import` read it), `save --platform` writes one platform (what docker can load),
// `load` keeps an index, `load --platform` takes one platform and nothing else.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatPlatform, type Index } from '../../src/core/index.js';
import { tempStore } from '../helpers/busybox.js';
import { DOCKER, DOCKERD, startDockerd } from '../helpers/dockerd.js';
import { runOk } from '../helpers/process.js';
import { requireRoot, requireTools } from '../helpers/tools.js';
import { BASE_PLATFORMS, multiarchStore } from './multiplatform-helpers.js';
import { CONTAINERD, CTR, ctrImport, withContainerd } from './multiplatform-containerd.js';

const SKOPEO = '/usr/bin/skopeo';
let dir: string;
let whole: string;
const store = multiarchStore(async (s) => {
  dir = await mkdtemp(join(tmpdir(), 'berth-mp-archive-'));
  whole = join(dir, 'multiarch.tar');
  await s.berthOk(['save', '-o', whole, 'busybox:multiarch']);
});

after(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function blobCount(root: string): Promise<number> {
  return (await readdir(join(root, 'blobs/sha256'))).length;
}

test('save keeps the whole index: skopeo inspect --raw oci-archive shows three platforms', async (t) => {
  if (!requireTools(t, SKOPEO)) return;
  const raw = JSON.parse((await runOk(SKOPEO, ['inspect', '--raw', `oci-archive:${whole}`])).stdout) as Index;
  assert.deepEqual(raw.manifests.map((m) => formatPlatform(m.platform!)), BASE_PLATFORMS.map((b) => b.platform));
  const arm = JSON.parse((await runOk(SKOPEO, ['inspect', '--override-arch', 'arm', '--override-variant', 'v7', `oci-archive:${whole}`])).stdout) as { Architecture: string };
  assert.equal(arm.Architecture, 'arm');
});

test('load keeps the index; load --platform keeps one platform and only its blobs', async () => {
  const all = await tempStore();
  const one = await tempStore();
  try {
    assert.equal((await all.berthOk(['load', '-i', whole])).stdout, 'Loaded image: busybox:multiarch\n');
    for (const base of BASE_PLATFORMS) {
      const want = (await store.berthOk(['image', 'inspect', '--format', '{{.Id}}', base.tag])).stdout;
      assert.equal((await all.berthOk(['image', 'inspect', '--platform', base.platform, '--format', '{{.Id}}', 'busybox:multiarch'])).stdout, want);
    }
    assert.equal((await all.berthOk(['images', '-q'])).stdout.trim().split('\n').length, 1);
    // index + 3 × (manifest, config, layer)
    assert.equal(await blobCount(all.root), 10);

    await one.berthOk(['load', '--platform', 'linux/arm64', '-i', whole]);
    assert.equal((await one.berthOk(['image', 'inspect', '--format', '{{.Os}}/{{.Architecture}}', 'busybox:multiarch'])).stdout, 'linux/arm64\n');
    assert.equal(await blobCount(one.root), 3);
    const missing = await one.berth(['load', '--platform', 'linux/s390x', '-i', whole]);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /has no manifest for linux\/s390x .*has: linux\/amd64, linux\/arm\/v7, linux\/arm64/);
  } finally {
    await all.cleanup();
    await one.cleanup();
  }
});

test('save --platform writes one platform that docker loads and runs under qemu', async (t) => {
  const arm = join(dir, 'arm.tar');
  await store.berthOk(['save', '--platform', 'linux/arm/v7', '-o', arm, 'busybox:multiarch']);
  const check = await tempStore();
  try {
    await check.berthOk(['load', '-i', arm]);
    assert.equal((await check.berthOk(['image', 'inspect', '--format', '{{.Architecture}}/{{.Variant}}', 'busybox:multiarch'])).stdout, 'arm/v7\n');
  } finally {
    await check.cleanup();
  }
  const refused = await store.berth(['save', '--platform', 'linux/arm64', '-o', join(dir, 'x.tar'), 'busybox:linux-amd64']);
  assert.match(refused.stderr, /image busybox:linux-amd64 is linux\/amd64, not linux\/arm64/);

  if (!requireRoot(t) || !requireTools(t, DOCKERD, DOCKER)) return;
  const dockerd = await startDockerd();
  try {
    assert.match((await dockerd.dockerOk(['load', '-i', arm])).stdout, /Loaded image: busybox:multiarch/);
    const run = await dockerd.dockerOk(['run', '--rm', '--net', 'none', '--platform', 'linux/arm/v7', 'busybox:multiarch', 'uname', '-m']);
    assert.equal(run.stdout, 'armv7l\n');
  } finally {
    await dockerd.stop();
  }
});

test("containerd's ctr images import accepts the three-platform archive", async (t) => {
  if (!requireRoot(t) || !requireTools(t, CONTAINERD, CTR)) return;
  await withContainerd(async (containerd) => {
    const listed = await ctrImport(containerd, whole);
    assert.match(listed, /docker\.io\/library\/busybox:multiarch\s+application\/vnd\.oci\.image\.index\.v1\+json.*linux\/amd64,linux\/arm\/v7,linux\/arm64/);
    // The lesson's way back into docker: one platform exported by containerd.
    await containerd.ctrOk(['images', 'export', '--platform', 'linux/arm64', join(dir, 'ctr-arm64.tar'), 'docker.io/library/busybox:multiarch']);
    const back = await tempStore();
    try {
      await back.berthOk(['load', '--platform', 'linux/arm64', '-i', join(dir, 'ctr-arm64.tar')]);
      assert.equal((await back.berthOk(['image', 'inspect', '--format', '{{.Architecture}}', 'busybox:multiarch'])).stdout, 'arm64\n');
    } finally {
      await back.cleanup();
    }
  });
});

test('save of an index without the host platform keeps all its platforms', async () => {
  await store.berthOk(['manifest', 'create', 'busybox:armonly', 'busybox:linux-arm-v7', 'busybox:linux-arm64']);
  const path = join(dir, 'armonly.tar');
  await store.berthOk(['save', '-o', path, 'busybox:armonly']);
  const back = await tempStore();
  try {
    await back.berthOk(['load', '-i', path]);
    for (const platform of ['linux/arm/v7', 'linux/arm64']) {
      const arch = (await back.berthOk(['image', 'inspect', '--platform', platform, '--format', '{{.Os}}/{{.Architecture}}', 'busybox:armonly'])).stdout.trim();
      assert.equal(arch, platform.split('/').slice(0, 2).join('/'));
    }
  } finally {
    await back.cleanup();
  }
});
