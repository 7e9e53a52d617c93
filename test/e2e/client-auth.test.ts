// login/logout and authenticated transfers: htpasswd Basic auth on docker-registry 2.8.2, bearer
// tokens from berth's own registry token server, ~/.docker/config.json entries and a
// docker-credential helper.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import bcrypt from 'bcryptjs';
import { openStore, writeTestImage } from '../../src/store/index.js';
import { tempStore } from '../helpers/busybox.js';
import { requireTools } from '../helpers/tools.js';
import { clientEnv, DOCKER_REGISTRY, startDockerRegistry } from './client-fixtures.js';
import { startRegistryProcess } from './registry-fixtures.js';

interface DockerConfig {
  auths?: Record<string, { auth?: string }>;
}

async function readConfig(dir: string): Promise<DockerConfig> {
  return JSON.parse(await readFile(join(dir, 'config.json'), 'utf8')) as DockerConfig;
}

test('htpasswd registry: unauthorized pull names berth login; login saves auths; push/pull work; logout removes it', async (t) => {
  if (!requireTools(t, DOCKER_REGISTRY)) return;
  const registry = await startDockerRegistry({ alice: 'wonderland' });
  const store = await tempStore();
  const config = await mkdtemp(join(tmpdir(), 'berth-client-config-'));
  const env = clientEnv(config);
  t.after(async () => Promise.all([registry.stop(), store.cleanup(), rm(config, { recursive: true, force: true })]));
  const host = registry.host;
  const image = await writeTestImage(await openStore({ root: store.root }));
  await (await openStore({ root: store.root })).images.tag(`${host}/team/app:1`, image);

  const anonymous = await store.berth(['pull', `${host}/team/app:1`], { env });
  assert.equal(anonymous.code, 1);
  assert.match(anonymous.stderr, new RegExp(`^Error: unauthorized: .*run 'berth login ${host}'$`, 'm'));
  const wrong = await store.berth(['login', '-u', 'alice', '--password-stdin', host], { env, input: 'nope\n' });
  assert.equal(wrong.code, 1);
  assert.equal(wrong.stderr, `Error: login attempt to ${host} failed: unauthorized: incorrect username or password\n`);
  await assert.rejects(readFile(join(config, 'config.json')), 'a failed login saves nothing');

  const login = await store.berthOk(['login', '-u', 'alice', '--password-stdin', host], { env, input: 'wonderland\n' });
  assert.equal(login.stdout, 'Login Succeeded\n');
  assert.equal((await readConfig(config)).auths?.[host]?.auth, Buffer.from('alice:wonderland').toString('base64'));
  const pushed = await store.berthOk(['push', `${host}/team/app:1`], { env });
  assert.equal(pushed.stdout, `1: digest: ${image.digest} size: ${image.size}\n`);
  await store.berthOk(['rmi', `${host}/team/app:1`], { env });
  await store.berthOk(['pull', `${host}/team/app:1`], { env });
  const again = await store.berthOk(['login', host], { env });
  assert.equal(again.stdout, 'Authenticating with existing credentials...\nLogin Succeeded\n');

  assert.equal((await store.berthOk(['logout', host], { env })).stdout, `Removing login credentials for ${host}\n`);
  assert.deepEqual((await readConfig(config)).auths, {});
  assert.equal((await store.berthOk(['logout', host], { env })).stdout, `Not logged in to ${host}\n`);
  const denied = await store.berth(['push', `${host}/team/app:1`], { env });
  assert.match(denied.stderr, new RegExp(`run 'berth login ${host}'`));
});

test('a credsStore helper keeps the secret out of config.json and serves later pushes', async (t) => {
  if (!requireTools(t, DOCKER_REGISTRY)) return;
  const registry = await startDockerRegistry({ bob: 'builder' });
  const store = await tempStore();
  const config = await mkdtemp(join(tmpdir(), 'berth-client-config-'));
  const bin = join(config, 'bin');
  await mkdir(bin);
  // A file-backed helper speaking the docker-credential protocol (get/store/erase on stdin).
  await writeFile(join(bin, 'docker-credential-berthtest'), `#!/bin/sh
dir="${config}/helper"; mkdir -p "$dir"; read -r line || true
case "$1" in
  store) key=$(printf '%s' "$line" | sed 's/.*"ServerURL":"\\([^"]*\\)".*/\\1/' | tr '/:' '__'); printf '%s' "$line" > "$dir/$key" ;;
  get) key=$(printf '%s' "$line" | tr '/:' '__'); if [ -f "$dir/$key" ]; then cat "$dir/$key"; else echo "credentials not found in native keychain"; exit 1; fi ;;
  erase) key=$(printf '%s' "$line" | tr '/:' '__'); rm -f "$dir/$key" ;;
esac
`);
  await chmod(join(bin, 'docker-credential-berthtest'), 0o755);
  await writeFile(join(config, 'config.json'), JSON.stringify({ credsStore: 'berthtest', experimental: 'enabled' }));
  const env = clientEnv(config, { PATH: `${bin}:${process.env.PATH}` });
  t.after(async () => Promise.all([registry.stop(), store.cleanup(), rm(config, { recursive: true, force: true })]));
  const host = registry.host;
  const image = await writeTestImage(await openStore({ root: store.root }));
  await (await openStore({ root: store.root })).images.tag(`${host}/lib/tool:2`, image);

  await store.berthOk(['login', '-u', 'bob', '-p', 'builder', host], { env });
  const saved = JSON.parse(await readFile(join(config, 'config.json'), 'utf8')) as { auths: Record<string, unknown>; credsStore: string; experimental: string };
  assert.deepEqual(saved, { credsStore: 'berthtest', experimental: 'enabled', auths: { [host]: {} } });
  assert.doesNotMatch(await readFile(join(config, 'config.json'), 'utf8'), /builder/);
  await store.berthOk(['push', `${host}/lib/tool:2`], { env });
  await store.berthOk(['logout', host], { env });
  const refused = await store.berth(['manifest', 'inspect', `${host}/lib/tool:2`], { env });
  assert.match(refused.stderr, /unauthorized/);
});

test('token auth with berth registry serve: push and pull with bearer tokens after login', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'berth-client-token-'));
  await writeFile(join(dir, 'htpasswd'), `carol:${bcrypt.hashSync('secret', 4)}\n`);
  const registry = await startRegistryProcess(join(dir, 'storage'), ['--token-auth', '--htpasswd', join(dir, 'htpasswd')]);
  const store = await tempStore();
  const env = clientEnv(dir);
  t.after(async () => {
    await registry.stop();
    await Promise.all([store.cleanup(), rm(dir, { recursive: true, force: true })]);
  });
  const host = registry.host;
  const image = await writeTestImage(await openStore({ root: store.root }), { layers: [{ 'x': 'x\n' }, { 'y': 'y\n' }] });
  await (await openStore({ root: store.root })).images.tag(`${host}/team/app:v1`, image);

  const anonymous = await store.berth(['push', `${host}/team/app:v1`], { env });
  assert.match(anonymous.stderr, new RegExp(`^Error: unauthorized: .*run 'berth login ${host}'$`, 'm'));
  await store.berthOk(['login', '--username', 'carol', '--password-stdin', host], { env, input: 'secret' });
  const pushed = await store.berthOk(['push', `${host}/team/app:v1`], { env });
  assert.equal(pushed.stdout, `v1: digest: ${image.digest} size: ${image.size}\n`);
  const other = await tempStore();
  t.after(() => other.cleanup());
  const pulled = await other.berthOk(['pull', `${host}/team/app:v1`], { env });
  assert.match(pulled.stderr, new RegExp(`Digest: ${image.digest}`));
  assert.equal((await (await openStore({ root: other.root })).findImage(`${host}/team/app:v1`)).manifestDescriptor.digest, image.digest);
});
