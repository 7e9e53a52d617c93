// Interop with docker 20.10 through docker-registry 2.8.2: what docker pushes berth pulls
// (same digest, same layers), and what berth pushes docker pulls and runs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../../src/store/index.js';
import { busyboxRootfs, tempStore } from '../helpers/busybox.js';
import { DOCKER, DOCKERD, startDockerd } from '../helpers/dockerd.js';
import { requireRoot, requireTools } from '../helpers/tools.js';
import { clientEnv, DOCKER_REGISTRY, startDockerRegistry } from './client-fixtures.js';

test('docker push → berth pull, and berth push → docker pull + run, through docker-registry 2.8.2', async (t) => {
  if (!requireRoot(t) || !requireTools(t, DOCKER_REGISTRY, DOCKERD, DOCKER)) return;
  const registry = await startDockerRegistry();
  const dockerd = await startDockerd();
  const store = await tempStore();
  const config = await mkdtemp(join(tmpdir(), 'berth-client-config-'));
  const env = clientEnv(config);
  t.after(async () => {
    await dockerd.stop();
    await Promise.all([registry.stop(), store.cleanup(), rm(config, { recursive: true, force: true })]);
  });
  const fromDocker = `${registry.host}/interop/from-docker:1`;
  await dockerd.dockerOk(['import', busyboxRootfs(), fromDocker]);
  const pushedByDocker = (await dockerd.dockerOk(['push', fromDocker])).stdout;
  const dockerDigest = /digest: (sha256:[0-9a-f]{64}) size: \d+/.exec(pushedByDocker)?.[1];
  assert.ok(dockerDigest, pushedByDocker);
  const pulled = await store.berthOk(['pull', fromDocker], { env });
  assert.match(pulled.stderr, new RegExp(`^Digest: ${dockerDigest}$`, 'm'));
  const local = await (await openStore({ root: store.root })).findImage(fromDocker);
  assert.equal(local.manifestDescriptor.digest, dockerDigest);
  const dockerId = (await dockerd.dockerOk(['image', 'inspect', '--format', '{{.Id}}', fromDocker])).stdout.trim();
  assert.equal(local.id, dockerId);
  const repoDigests = async (run: (args: string[]) => Promise<{ stdout: string }>, ref: string): Promise<string[]> => JSON.parse((await run(['image', 'inspect', '--format', '{{json .RepoDigests}}', ref])).stdout) as string[];
  const berthRun = (args: string[]) => store.berthOk(args, { env });
  assert.deepEqual(await repoDigests(berthRun, fromDocker), await repoDigests((args) => dockerd.dockerOk(args), fromDocker), 'pull records RepoDigests as docker push does');

  const fromBerth = `${registry.host}/interop/from-berth:2`;
  await store.berthOk(['import', busyboxRootfs(), fromBerth], { env });
  const pushedByBerth = await store.berthOk(['push', fromBerth], { env });
  const berthDigest = /^2: digest: (sha256:[0-9a-f]{64}) size: \d+$/m.exec(pushedByBerth.stdout)?.[1];
  assert.ok(berthDigest, pushedByBerth.stdout);
  const dockerPull = await dockerd.dockerOk(['pull', fromBerth]);
  assert.match(dockerPull.stdout, new RegExp(`Digest: ${berthDigest}`));
  assert.deepEqual(await repoDigests(berthRun, fromBerth), await repoDigests((args) => dockerd.dockerOk(args), fromBerth), 'push records RepoDigests as docker pull does');
  const ran = await dockerd.dockerOk(['run', '--rm', '--network', 'none', fromBerth, 'echo', 'hello from berth']);
  assert.equal(ran.stdout, 'hello from berth\n');
});

test('logins are shared through config.json: docker login serves berth push; berth login serves docker pull', async (t) => {
  if (!requireRoot(t) || !requireTools(t, DOCKER_REGISTRY, DOCKERD, DOCKER)) return;
  const registry = await startDockerRegistry({ dana: 'harbor' });
  const dockerd = await startDockerd();
  const store = await tempStore();
  const dockerConfig = await mkdtemp(join(tmpdir(), 'berth-client-config-'));
  const berthConfig = await mkdtemp(join(tmpdir(), 'berth-client-config-'));
  t.after(async () => {
    await dockerd.stop();
    await Promise.all([registry.stop(), store.cleanup(), rm(dockerConfig, { recursive: true, force: true }), rm(berthConfig, { recursive: true, force: true })]);
  });
  const name = `${registry.host}/shared/login:1`;
  await dockerd.dockerOk(['login', '-u', 'dana', '--password-stdin', registry.host], { input: 'harbor', env: { DOCKER_CONFIG: dockerConfig } });
  await store.berthOk(['import', busyboxRootfs(), name], { env: clientEnv(dockerConfig) });
  assert.match((await store.berthOk(['push', name], { env: clientEnv(dockerConfig) })).stdout, /^1: digest: sha256:/);

  await store.berthOk(['login', '-u', 'dana', '--password-stdin', registry.host], { input: 'harbor', env: clientEnv(berthConfig) });
  const pulled = await dockerd.docker(['pull', name], { env: { DOCKER_CONFIG: berthConfig } });
  assert.equal(pulled.code, 0, pulled.stderr);
  const anonymous = await dockerd.docker(['pull', name], { env: { DOCKER_CONFIG: join(berthConfig, 'none') } });
  assert.notEqual(anonymous.code, 0, 'the registry really requires the login');
});
