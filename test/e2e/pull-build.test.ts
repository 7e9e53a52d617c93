// The build engine pulls a FROM image the store lacks (through the registry client's resolver).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, writeTestImage } from '../../src/store/index.js';
import { tempStore } from '../helpers/busybox.js';
import { requireTools } from '../helpers/tools.js';
import { clientEnv, DOCKER_REGISTRY, startDockerRegistry } from './client-fixtures.js';

test('build FROM an image only the registry has pulls it, then builds on it', async (t) => {
  if (!requireTools(t, DOCKER_REGISTRY)) return;
  const registry = await startDockerRegistry();
  const source = await tempStore();
  const builder = await tempStore();
  const dir = await mkdtemp(join(tmpdir(), 'berth-pull-build-'));
  const env = clientEnv(dir);
  t.after(async () => Promise.all([registry.stop(), source.cleanup(), builder.cleanup(), rm(dir, { recursive: true, force: true })]));
  const base = `${registry.host}/base/app:1`;
  const sourceStore = await openStore({ root: source.root });
  const image = await writeTestImage(sourceStore, { layers: [{ 'etc/base': 'base\n' }] });
  await sourceStore.images.tag(base, image);
  await source.berthOk(['push', base], { env });

  await writeFile(join(dir, 'Dockerfile'), `FROM ${base}\nCOPY added /added\n`);
  await writeFile(join(dir, 'added'), 'added\n');
  await builder.berthOk(['build', '--progress', 'plain', '-t', 'built:1', dir], { env });
  const store = await openStore({ root: builder.root });
  assert.equal((await store.findImage(base)).manifestDescriptor.digest, image.digest);
  const built = await store.findImage('built:1');
  const baseLayers = (await sourceStore.findImage(base)).manifest.layers.map((l) => l.digest);
  assert.deepEqual(built.manifest.layers.slice(0, 1).map((l) => l.digest), baseLayers);
  assert.equal(built.manifest.layers.length, 2);
});
