import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { authKey, CredentialStore, DOCKER_HUB_AUTH_KEY } from './credentials.js';

test('config.json: save keeps unknown keys and mode 0600; get decodes auth; erase removes; Docker Hub uses its legacy key', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'berth-credentials-'));
  try {
    await writeFile(join(dir, 'config.json'), JSON.stringify({ psFormat: 'table {{.ID}}', auths: { 'other.example': { auth: Buffer.from('u:p').toString('base64') } } }));
    const store = new CredentialStore(dir);
    await store.save('localhost:5000', { username: 'alice', password: 'pa:ss' });
    await store.save('docker.io', { username: 'hub', password: 'secret' });
    const saved = JSON.parse(await readFile(join(dir, 'config.json'), 'utf8')) as { psFormat: string; auths: Record<string, { auth: string }> };
    assert.equal(saved.psFormat, 'table {{.ID}}');
    assert.deepEqual(Object.keys(saved.auths).sort(), [DOCKER_HUB_AUTH_KEY, 'localhost:5000', 'other.example']);
    assert.equal((await stat(join(dir, 'config.json'))).mode & 0o777, 0o600);
    assert.deepEqual(await store.get('localhost:5000'), { username: 'alice', password: 'pa:ss', identityToken: undefined });
    assert.deepEqual(await store.get('registry-1.docker.io'), { username: 'hub', password: 'secret', identityToken: undefined });
    assert.equal(await store.get('nowhere.example'), undefined);
    assert.equal(await store.erase('localhost:5000'), true);
    assert.equal(await store.erase('localhost:5000'), false);
    assert.equal(await store.get('localhost:5000'), undefined);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('authKey maps every Docker Hub spelling to https://index.docker.io/v1/', () => {
  for (const host of ['docker.io', 'index.docker.io', 'registry-1.docker.io']) assert.equal(authKey(host), DOCKER_HUB_AUTH_KEY);
  assert.equal(authKey('localhost:5000'), 'localhost:5000');
});
