// Interop with a real dockerd 20.10: berth's archives load and run in docker, docker's archives
// (old per-layer layout, several images, deduplicated layers) load into berth unchanged.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../../src/store/index.js';
import { BERTH_BIN, busyboxRootfs, tempStore } from '../helpers/busybox.js';
import { runOk } from '../helpers/process.js';
import { DOCKER, DOCKERD, startDockerd } from '../helpers/dockerd.js';
import { requireRoot, requireTools } from '../helpers/tools.js';

test('berth save → docker load → docker run prints the expected output; `save | gzip` loads too', async (t) => {
  if (!requireRoot(t) || !requireTools(t, DOCKERD, DOCKER)) return;
  const store = await tempStore();
  const dir = await mkdtemp(join(tmpdir(), 'berth-archive-docker-'));
  const dockerd = await startDockerd();
  try {
    await store.berthOk(['import', '-c', 'CMD ["echo","hello from berth"]', busyboxRootfs(), 'bb:saved']);
    await store.berthOk(['import', '-c', 'ENTRYPOINT ["cat"]', '-c', 'CMD ["/etc/passwd"]', busyboxRootfs(), 'cat:v1']);
    await store.berthOk(['save', '-o', join(dir, 'out.tar'), 'bb:saved', 'cat:v1']);
    const loaded = await dockerd.dockerOk(['load', '-i', join(dir, 'out.tar')]);
    assert.match(loaded.stdout, /Loaded image: bb:saved/);
    assert.match(loaded.stdout, /Loaded image: cat:v1/);
    assert.equal((await dockerd.dockerOk(['run', '--rm', 'bb:saved'])).stdout, 'hello from berth\n');
    assert.match((await dockerd.dockerOk(['run', '--rm', 'cat:v1'])).stdout, /^root:x:0:0:root/);
    const berth = await openStore({ root: store.root });
    const saved = await berth.findImage('bb:saved');
    const inspect = JSON.parse((await dockerd.dockerOk(['image', 'inspect', '--format', '{{json .}}', 'bb:saved'])).stdout);
    assert.equal(inspect.Id, saved.id);
    assert.equal(inspect.Size, await berth.imageSize(saved), 'berth import measures the size docker reports');
    await dockerd.dockerOk(['rmi', 'bb:saved']);
    await runOk('sh', ['-c', `"${process.execPath}" "${BERTH_BIN}" --root "${store.root}" save bb:saved | gzip > "${dir}/out.tgz"`]);
    const gz = await dockerd.dockerOk(['load'], { input: { file: join(dir, 'out.tgz') } });
    assert.match(gz.stdout, /Loaded image: bb:saved/);
  } finally {
    await dockerd.stop();
    await Promise.all([store.cleanup(), rm(dir, { recursive: true, force: true })]);
  }
});

test('docker save (old layout, two images sharing a layer) → berth load: same config digests and diffIDs', async (t) => {
  if (!requireRoot(t) || !requireTools(t, DOCKERD, DOCKER)) return;
  const store = await tempStore();
  const dir = await mkdtemp(join(tmpdir(), 'berth-archive-docker-'));
  const dockerd = await startDockerd();
  try {
    await dockerd.dockerOk(['import', '-c', 'CMD ["sh"]', busyboxRootfs(), 'bb:one']);
    await dockerd.dockerOk(['import', '-m', 'second', busyboxRootfs(), 'bb:two']);
    await dockerd.dockerOk(['save', '-o', join(dir, 'docker.tar'), 'bb:one', 'bb:two']);
    const loaded = await store.berthOk(['load', '-i', join(dir, 'docker.tar')]);
    assert.deepEqual(loaded.stdout.trim().split('\n').sort(), ['Loaded image: bb:one', 'Loaded image: bb:two']);
    const berth = await openStore({ root: store.root });
    for (const name of ['bb:one', 'bb:two']) {
      const inspect = JSON.parse((await dockerd.dockerOk(['image', 'inspect', '--format', '{{json .}}', name])).stdout);
      const image = await berth.findImage(name);
      assert.equal(image.id, inspect.Id, `${name}: config digest`);
      assert.deepEqual(image.config.rootfs.diff_ids, inspect.RootFS.Layers, `${name}: diffIDs`);
      assert.equal(await berth.imageSize(image), inspect.Size, `${name}: docker's Size`);
    }
  } finally {
    await dockerd.stop();
    await Promise.all([store.cleanup(), rm(dir, { recursive: true, force: true })]);
  }
});
