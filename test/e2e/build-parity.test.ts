// Parity with dockerd's BuildKit (docker 20.10, DOCKER_BUILDKIT=1): every Dockerfile of a corpus
// (default test/e2e/build-corpus, or BERTH_BUILD_CORPUS=DIR) is built by both, and the image config
// fields and the exported root filesystems must be the same. Each case is a directory with a
// Dockerfile; an optional `.build-args` file holds KEY=VALUE lines passed as --build-arg.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { cp, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { busyboxRootfs, type BerthStore } from '../helpers/busybox.js';
import { DOCKERD, startDockerd, type Dockerd } from '../helpers/dockerd.js';
import { requireRoot, requireTools } from '../helpers/tools.js';
import { imageConfig, storeWithBusybox } from './build-helpers.js';
import { diffConfigs, diffTrees, readTree } from './build-parity-compare.js';

const CORPUS = process.env.BERTH_BUILD_CORPUS ?? fileURLToPath(new URL('../../../test/e2e/build-corpus/', import.meta.url));
const cases = (await readdir(CORPUS, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name).sort();

let dockerd: Dockerd | undefined;
let store: BerthStore | undefined;
let work: string;

before(async () => {
  if (process.getuid?.() !== 0) return;
  work = await mkdtemp(join(tmpdir(), 'berth-parity-'));
  store = await storeWithBusybox();
  dockerd = await startDockerd();
  await dockerd.dockerOk(['import', busyboxRootfs(), 'busybox:local']);
});
after(async () => {
  await dockerd?.stop();
  await store?.cleanup();
  if (work) await rm(work, { recursive: true, force: true });
});

async function buildArgs(dir: string): Promise<string[]> {
  const text = await readFile(join(dir, '.build-args'), 'utf8').catch(() => '');
  return text.split('\n').filter(Boolean).flatMap((line) => ['--build-arg', line]);
}

for (const name of cases) {
  test(`parity with BuildKit: ${name}`, async (t) => {
    if (!requireRoot(t) || !requireTools(t, DOCKERD, '/usr/bin/docker', '/usr/sbin/runc')) return;
    const dir = join(work, name);
    await cp(join(CORPUS, name), dir, { recursive: true, verbatimSymlinks: true });
    // dockerd runs without a bridge here: both builders use the host network for RUN.
    const args = [...(await buildArgs(dir)), '--network', 'host'];
    const tag = `parity-${name}`;
    const env = { ...process.env, DOCKER_BUILDKIT: '1' };
    await dockerd!.dockerOk(['build', ...args, '-t', tag, dir], { env });
    await dockerd!.dockerOk(['build', ...args, '-o', `type=tar,dest=${join(work, `${name}.docker.tar`)}`, dir], { env });
    await store!.berthOk(['build', ...args, '-t', tag, dir]);
    await store!.berthOk(['build', ...args, '-o', `type=tar,dest=${join(work, `${name}.berth.tar`)}`, dir]);
    const dockerConfig = JSON.parse((await dockerd!.dockerOk(['image', 'inspect', '--format', '{{json .Config}}', tag])).stdout);
    const berthConfig = (await imageConfig(store!.root, tag)).config ?? {};
    const configDiffs = diffConfigs(dockerConfig, berthConfig);
    const treeDiffs = diffTrees(await readTree(join(work, `${name}.docker.tar`)), await readTree(join(work, `${name}.berth.tar`)));
    assert.deepEqual([...configDiffs, ...treeDiffs], [], [...configDiffs, ...treeDiffs].join('\n'));
  });
}
