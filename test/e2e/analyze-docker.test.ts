// `berth analyze docker-archive:FILE` on what docker 20.10's own `docker save` writes (the legacy
// per-layer layout: <id>/layer.tar, layer digests known only as diff_ids), compared with the
// analysis of the same image in berth's store and with dive's method computed independently.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Analysis } from '../../src/analyze/index.js';
import { busyboxRootfs, tempStore } from '../helpers/busybox.js';
import { DOCKER, DOCKERD, startDockerd } from '../helpers/dockerd.js';
import { requireRoot, requireTools } from '../helpers/tools.js';
import { referenceDiveMetrics } from './analyze-dive-reference.js';

test("docker save's legacy archive analyses like the image in the store", async (t) => {
  if (!(requireRoot(t) && requireTools(t, DOCKERD, DOCKER, '/usr/sbin/runc'))) return;
  const store = await tempStore();
  const dir = await mkdtemp(join(tmpdir(), 'berth-analyze-docker-'));
  const dockerd = await startDockerd();
  try {
    await store.berthOk(['import', busyboxRootfs(), 'busybox:local']);
    await store.berthOk(['build', '-q', '-t', 'twice', '-'], { input: 'FROM busybox:local\nRUN head -c 30000 /dev/urandom > /x && cp /x /y\nRUN rm /x\n' });
    await store.berthOk(['save', '-o', join(dir, 'berth.tar'), 'twice']);
    await dockerd.dockerOk(['load', '-i', join(dir, 'berth.tar')]);
    await dockerd.dockerOk(['save', '-o', join(dir, 'docker.tar'), 'twice']);
    const analyze = async (source: string) => JSON.parse((await store.berthOk(['analyze', '--format', 'json', source])).stdout) as Analysis;
    const fromDocker = await analyze(`docker-archive:${join(dir, 'docker.tar')}`);
    const fromStore = await analyze('twice');
    assert.deepEqual(fromDocker.dive, fromStore.dive);
    assert.deepEqual(fromDocker.layers.map((l) => [l.diffId, l.instruction, l.stats]), fromStore.layers.map((l) => [l.diffId, l.instruction, l.stats]));
    assert.deepEqual(fromDocker.findings.map((f) => [f.kind, f.layer, f.bytes]), fromStore.findings.map((f) => [f.kind, f.layer, f.bytes]));
    assert.deepEqual(fromDocker.findings.find((f) => f.kind === 'removed-later')?.paths, ['/x']);
    const { tarFiles } = await import('../../src/analyze/source/files.js');
    const files = await tarFiles(join(dir, 'docker.tar'));
    try {
      const [entry] = await files.readJson<Array<{ Layers: string[] }>>('manifest.json');
      assert.match(entry.Layers[0], /^[0-9a-f]{64}\/layer\.tar$/, 'docker 20.10 writes the legacy layout');
      const expected = await referenceDiveMetrics(entry.Layers.map((path) => () => files.open(path)));
      assert.equal(fromDocker.dive.efficiency, expected.efficiency);
      assert.equal(fromDocker.dive.wastedBytes, expected.wastedBytes);
    } finally {
      await files.close();
    }
  } finally {
    await dockerd.stop();
    await store.cleanup();
    await rm(dir, { recursive: true, force: true });
  }
});
