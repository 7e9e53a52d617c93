// `berth analyze` on an image in a registry (Debian's docker-registry 2.8.2): layers are streamed
// from the registry into the analysis, nothing is pulled into the store, and the result equals
// the analysis of the same image in a store.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Analysis } from '../../src/analyze/index.js';
import { openStore, writeTestImage } from '../../src/store/index.js';
import { tempStore } from '../helpers/busybox.js';
import { requireTools } from '../helpers/tools.js';
import { clientEnv, DOCKER_REGISTRY, startDockerRegistry } from './client-fixtures.js';

test('docker://REF and a registry reference the store lacks are analysed in place', async (t) => {
  if (!requireTools(t, DOCKER_REGISTRY)) return;
  const registry = await startDockerRegistry();
  const source = await tempStore();
  const empty = await tempStore();
  const config = await mkdtemp(join(tmpdir(), 'berth-analyze-registry-'));
  const env = clientEnv(config);
  t.after(async () => Promise.all([registry.stop(), source.cleanup(), empty.cleanup(), rm(config, { recursive: true, force: true })]));
  const name = `${registry.host}/analyze/app:1`;
  const store = await openStore({ root: source.root });
  const big = 'x'.repeat(5000);
  const pushed = await writeTestImage(store, { layers: [{ 'a.bin': big, 'keep.txt': 'k' }, { '.wh.a.bin': '' }, { 'b.bin': big }] });
  await store.images.tag(name, pushed);
  await source.berthOk(['push', name], { env });

  const analyze = async (s: typeof source, ref: string) => JSON.parse((await s.berthOk(['analyze', '--format', 'json', ref], { env })).stdout) as Analysis;
  const local = await analyze(source, name);
  for (const ref of [`docker://${name}`, name]) {
    const remote = await analyze(empty, ref);
    assert.equal(remote.image, ref);
    assert.equal(remote.id, local.id);
    assert.deepEqual(remote.dive, local.dive);
    assert.deepEqual(remote.layers, local.layers);
    assert.deepEqual(remote.findings, local.findings);
  }
  assert.deepEqual(local.findings.find((f) => f.kind === 'removed-later')?.paths, ['/a.bin']);
  assert.deepEqual(await readdir(join(empty.root, 'blobs/sha256')).catch(() => []), [], 'nothing was pulled into the store');
  const missing = await empty.berth(['analyze', `docker://${registry.host}/analyze/absent:1`], { env });
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /absent/);
});
