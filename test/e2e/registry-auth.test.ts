// Auth and TLS: htpasswd Basic auth, bearer tokens from the built-in /token endpoint (docker
// login, scopes enforced), HTTPS with a certificate and key.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import bcrypt from 'bcryptjs';
import { busyboxRootfs } from '../helpers/busybox.js';
import { startDockerd, DOCKER, DOCKERD } from '../helpers/dockerd.js';
import { runOk, runProcess } from '../helpers/process.js';
import { requireRoot, requireTools } from '../helpers/tools.js';
import { bytes, errorCode, makeImage, sha256, startRegistryProcess, tempDir, writeOciLayout } from './registry-fixtures.js';

const SKOPEO = '/usr/bin/skopeo';

async function htpasswdFile(dir: string): Promise<string> {
  const path = join(dir, 'htpasswd');
  // $2y$ as `htpasswd -B` writes it.
  await writeFile(path, `alice:${bcrypt.hashSync('wonderland', 6).replace(/^\$2[ab]\$/, '$2y$')}\nbob:${bcrypt.hashSync('builder', 6)}\n`);
  return path;
}

function basic(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}

async function token(url: string, scope: string, credentials?: string): Promise<Response> {
  return fetch(`${url}/token?service=berth-registry&scope=${encodeURIComponent(scope)}`, { headers: credentials ? { Authorization: credentials } : {} });
}

test('htpasswd Basic auth: 401 with a Basic challenge without or with wrong credentials, full access with them', async (t) => {
  if (!requireTools(t, SKOPEO)) return;
  const { dir, cleanup } = await tempDir('berth-registry-basic-');
  const registry = await startRegistryProcess(join(dir, 'storage'), ['--htpasswd', await htpasswdFile(dir)]);
  try {
    const anonymous = await fetch(`${registry.url}/v2/`);
    assert.equal(anonymous.status, 401);
    assert.equal(anonymous.headers.get('www-authenticate'), 'Basic realm="berth-registry"');
    assert.equal(await errorCode(anonymous), 'UNAUTHORIZED');
    assert.equal((await fetch(`${registry.url}/v2/x/tags/list`, { headers: { Authorization: basic('alice', 'wrong') } })).status, 401);
    assert.equal((await fetch(`${registry.url}/v2/_catalog`)).status, 401);
    const ok = await fetch(`${registry.url}/v2/`, { headers: { Authorization: basic('alice', 'wonderland') } });
    assert.equal(ok.status, 200);
    const image = await makeImage(1, 1000);
    await writeOciLayout(join(dir, 'src'), image, 'v1');
    const refused = await runProcess(SKOPEO, ['copy', '--dest-tls-verify=false', `oci:${join(dir, 'src')}:v1`, `docker://${registry.host}/basic/img:v1`]);
    assert.notEqual(refused.code, 0);
    await runOk(SKOPEO, ['copy', '--dest-tls-verify=false', '--dest-creds', 'bob:builder', `oci:${join(dir, 'src')}:v1`, `docker://${registry.host}/basic/img:v1`]);
    const manifest = await fetch(`${registry.url}/v2/basic/img/manifests/v1`, { headers: { Authorization: basic('alice', 'wonderland') } });
    assert.equal(manifest.headers.get('docker-content-digest'), image.digest);
  } finally {
    await registry.stop();
    await cleanup();
  }
});

test('token auth: challenge names realm, service and scope; tokens allow exactly their scopes', async () => {
  const { dir, cleanup } = await tempDir('berth-registry-token-');
  const registry = await startRegistryProcess(join(dir, 'storage'), ['--token-auth', '--htpasswd', await htpasswdFile(dir)]);
  try {
    const challenge = await fetch(`${registry.url}/v2/team/app/manifests/v1`);
    assert.equal(challenge.status, 401);
    assert.equal(challenge.headers.get('www-authenticate'), `Bearer realm="${registry.url}/token",service="berth-registry",scope="repository:team/app:pull"`);
    assert.equal((await token(registry.url, 'repository:team/app:pull,push', basic('alice', 'nope'))).status, 401);
    const pushToken = ((await (await token(registry.url, 'repository:team/app:pull,push', basic('alice', 'wonderland'))).json()) as { token: string }).token;
    const image = await makeImage(1, 500);
    const auth = { Authorization: `Bearer ${pushToken}` };
    for (const blob of [image.config, ...image.layers]) {
      const post = await fetch(`${registry.url}/v2/team/app/blobs/uploads/?digest=${sha256(blob)}`, { method: 'POST', headers: auth, body: bytes(blob) });
      assert.equal(post.status, 201);
    }
    const putManifest = (headers: Record<string, string>, name = 'team/app') => fetch(`${registry.url}/v2/${name}/manifests/v1`, {
      method: 'PUT', body: bytes(image.manifest), headers: { ...headers, 'Content-Type': 'application/vnd.oci.image.manifest.v1+json' },
    });
    assert.equal((await putManifest(auth)).status, 201);
    const otherRepo = await putManifest(auth, 'team/other');
    assert.equal(otherRepo.status, 401);
    assert.match(otherRepo.headers.get('www-authenticate')!, /scope="repository:team\/other:pull,push",error="insufficient_scope"/);
    const pullToken = ((await (await token(registry.url, 'repository:team/app:pull', basic('bob', 'builder'))).json()) as { token: string }).token;
    assert.equal((await fetch(`${registry.url}/v2/team/app/manifests/v1`, { headers: { Authorization: `Bearer ${pullToken}` } })).status, 200);
    assert.equal((await putManifest({ Authorization: `Bearer ${pullToken}` })).status, 401);
    const anonymousToken = ((await (await token(registry.url, 'repository:team/app:pull')).json()) as { token: string }).token;
    assert.equal((await fetch(`${registry.url}/v2/team/app/manifests/v1`, { headers: { Authorization: `Bearer ${anonymousToken}` } })).status, 401);
    assert.equal((await fetch(`${registry.url}/v2/team/app/manifests/v1`, { headers: { Authorization: 'Bearer not.a.jwt' } })).status, 401);
    assert.equal((await fetch(`${registry.url}/v2/_catalog`, { headers: auth })).status, 401);
    const catalogToken = ((await (await token(registry.url, 'registry:catalog:*', basic('alice', 'wonderland'))).json()) as { token: string }).token;
    const catalog = await fetch(`${registry.url}/v2/_catalog`, { headers: { Authorization: `Bearer ${catalogToken}` } });
    assert.deepEqual(await catalog.json(), { repositories: [] });
    const form = await fetch(`${registry.url}/token`, {
      method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=password&username=bob&password=builder&service=berth-registry&scope=repository:team/app:pull',
    });
    const oauth = (await form.json()) as { access_token: string };
    assert.equal((await fetch(`${registry.url}/v2/team/app/manifests/v1`, { headers: { Authorization: `Bearer ${oauth.access_token}` } })).status, 200);
  } finally {
    await registry.stop();
    await cleanup();
  }
});

test('token auth with access rules: an account gets only the actions its rules list', async () => {
  const { dir, cleanup } = await tempDir('berth-registry-acl-');
  const config = join(dir, 'config.yml');
  await writeFile(config, [
    'http:', '  addr: 127.0.0.1:0',
    'storage:', '  filesystem:', `    rootdirectory: ${join(dir, 'storage')}`,
    'auth:', '  token:', `    htpasswd: ${await htpasswdFile(dir)}`, '    access:',
    '      - { account: alice, name: "*", actions: ["*"] }',
    '      - { account: bob, name: "team/*", actions: [pull] }',
    '',
  ].join('\n'));
  const registry = await startRegistryProcess('', ['--config', config]);
  try {
    const tokenFor = async (user: string, password: string, scope: string) => ((await (await token(registry.url, scope, basic(user, password))).json()) as { token: string }).token;
    const image = await makeImage(1, 300);
    const alice = await tokenFor('alice', 'wonderland', 'repository:team/app:pull,push');
    for (const blob of [image.config, ...image.layers]) {
      const post = await fetch(`${registry.url}/v2/team/app/blobs/uploads/?digest=${sha256(blob)}`, { method: 'POST', headers: { Authorization: `Bearer ${alice}` }, body: bytes(blob) });
      assert.equal(post.status, 201);
    }
    const put = (bearer: string) => fetch(`${registry.url}/v2/team/app/manifests/v1`, {
      method: 'PUT', body: bytes(image.manifest), headers: { Authorization: `Bearer ${bearer}`, 'Content-Type': 'application/vnd.oci.image.manifest.v1+json' },
    });
    assert.equal((await put(alice)).status, 201);
    const bob = await tokenFor('bob', 'builder', 'repository:team/app:pull,push');
    const claims = JSON.parse(Buffer.from(bob.split('.')[1], 'base64url').toString()) as { access: { name: string; actions: string[] }[] };
    assert.deepEqual(claims.access, [{ type: 'repository', name: 'team/app', actions: ['pull'] }]);
    assert.equal((await fetch(`${registry.url}/v2/team/app/manifests/v1`, { headers: { Authorization: `Bearer ${bob}` } })).status, 200);
    assert.equal((await put(bob)).status, 401);
    const elsewhere = await tokenFor('bob', 'builder', 'repository:other/app:pull');
    assert.equal((await fetch(`${registry.url}/v2/other/app/tags/list`, { headers: { Authorization: `Bearer ${elsewhere}` } })).status, 401);
  } finally {
    await registry.stop();
    await cleanup();
  }
});

test('docker login, push and pull through Basic auth and through token auth', async (t) => {
  if (!requireRoot(t) || !requireTools(t, DOCKERD, DOCKER)) return;
  const { dir, cleanup } = await tempDir('berth-registry-docker-auth-');
  const htpasswd = await htpasswdFile(dir);
  const dockerd = await startDockerd();
  const env = { DOCKER_CONFIG: join(dir, 'docker-config') };
  try {
    for (const [mode, args] of [['basic', ['--htpasswd', htpasswd]], ['token', ['--token-auth', '--htpasswd', htpasswd]]] as const) {
      const registry = await startRegistryProcess(join(dir, `storage-${mode}`), [...args]);
      try {
        const ref = `${registry.host}/${mode}/busybox:v1`;
        await dockerd.dockerOk(['import', busyboxRootfs(), ref]);
        const denied = await dockerd.docker(['push', ref], { env });
        assert.notEqual(denied.code, 0, `${mode}: push without login`);
        const login = await dockerd.dockerOk(['login', '-u', 'alice', '--password-stdin', registry.host], { env, input: 'wonderland' });
        assert.match(login.stdout, /Login Succeeded/);
        assert.match((await dockerd.dockerOk(['push', ref], { env })).stdout, /digest: sha256:/);
        await dockerd.dockerOk(['rmi', ref]);
        assert.match((await dockerd.dockerOk(['pull', ref], { env })).stdout, /Downloaded newer image|Status: Image is up to date/);
        await dockerd.dockerOk(['logout', registry.host], { env });
        await dockerd.dockerOk(['rmi', ref]);
        assert.notEqual((await dockerd.docker(['pull', ref], { env })).code, 0, `${mode}: pull after logout`);
      } finally {
        await registry.stop();
      }
    }
  } finally {
    await dockerd.stop();
    await cleanup();
  }
});

test('TLS: serves HTTPS with the given certificate and key', async (t) => {
  if (!requireTools(t, '/usr/bin/openssl', '/usr/bin/curl', SKOPEO)) return;
  const { dir, cleanup } = await tempDir('berth-registry-tls-');
  const cert = join(dir, 'cert.pem');
  const key = join(dir, 'key.pem');
  await runOk('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1',
    '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', key, '-out', cert]);
  const registry = await startRegistryProcess(join(dir, 'storage'), ['--tls-cert', cert, '--tls-key', key]);
  try {
    assert.match(registry.url, /^https:\/\//);
    const base = await runOk('curl', ['-s', '--cacert', cert, `${registry.url}/v2/`]);
    assert.equal(base.stdout, '{}');
    const image = await makeImage(1, 1000);
    await writeOciLayout(join(dir, 'src'), image, 'v1');
    await runOk(SKOPEO, ['copy', '--dest-tls-verify=false', `oci:${join(dir, 'src')}:v1`, `docker://${registry.host}/tls/img:v1`]);
    const tags = await runOk('curl', ['-s', '--cacert', cert, `${registry.url}/v2/tls/img/tags/list`]);
    assert.deepEqual(JSON.parse(tags.stdout), { name: 'tls/img', tags: ['v1'] });
    const plain = await runProcess('curl', ['-s', '-o', '/dev/null', '-w', '%{http_code}', `http://${registry.host}/v2/`]);
    assert.notEqual(plain.stdout, '200');
  } finally {
    await registry.stop();
    await cleanup();
  }
});
