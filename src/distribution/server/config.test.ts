import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadRegistryConfig, parseAddress } from './config.js';

test('defaults, then the file, then BERTH_REGISTRY_* variables, then flags', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'berth-registry-config-'));
  try {
    const defaults = await loadRegistryConfig({}, '/store', {});
    assert.deepEqual(defaults, { addr: '127.0.0.1:5000', storage: { rootdirectory: '/store/registry', deleteEnabled: false }, logLevel: 'info', maxManifestBytes: 4194304, maxInFlight: 1024, idleTimeoutSeconds: 120 });
    const file = join(dir, 'c.yml');
    await writeFile(file, 'http:\n  addr: :6000\n  tls:\n    certificate: /c.pem\n    key: /k.pem\nstorage:\n  filesystem:\n    rootdirectory: /data\n  delete:\n    enabled: true\nauth:\n  htpasswd:\n    realm: r\n    path: /h\n');
    const fromFile = await loadRegistryConfig({ config: file }, '/store', {});
    assert.equal(fromFile.addr, ':6000');
    assert.deepEqual(fromFile.storage, { rootdirectory: '/data', deleteEnabled: true });
    assert.deepEqual(fromFile.auth, { htpasswd: { realm: 'r', path: '/h' } });
    assert.deepEqual(fromFile.tls, { certificate: '/c.pem', key: '/k.pem' });
    const fromEnv = await loadRegistryConfig({ config: file }, '/store', { BERTH_REGISTRY_HTTP_ADDR: '127.0.0.1:7000', BERTH_REGISTRY_STORAGE_DELETE_ENABLED: 'false' });
    assert.equal(fromEnv.addr, '127.0.0.1:7000');
    assert.equal(fromEnv.storage.deleteEnabled, false);
    const fromFlags = await loadRegistryConfig({ config: file, addr: '127.0.0.1:8000', delete: true, storage: 'rel' }, '/store', { BERTH_REGISTRY_STORAGE_DELETE_ENABLED: 'false' });
    assert.equal(fromFlags.addr, '127.0.0.1:8000');
    assert.deepEqual(fromFlags.storage, { rootdirectory: join(process.cwd(), 'rel'), deleteEnabled: true });
    const token = await loadRegistryConfig({ token: true, htpasswd: '/h' }, '/store', {});
    assert.equal(token.auth?.token?.service, 'berth-registry');
    assert.equal(token.auth?.htpasswd, undefined);
    await assert.rejects(loadRegistryConfig({ token: true }, '/store', {}), /token auth needs an htpasswd file/);
    await writeFile(file, 'http: [\n');
    await assert.rejects(loadRegistryConfig({ config: file }, '/store', {}), /invalid YAML/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('parseAddress: host:port, :port, [v6]:port', () => {
  assert.deepEqual(parseAddress('127.0.0.1:5000'), { host: '127.0.0.1', port: 5000 });
  assert.deepEqual(parseAddress(':5000'), { host: '0.0.0.0', port: 5000 });
  assert.deepEqual(parseAddress('[::1]:0'), { host: '::1', port: 0 });
  assert.throws(() => parseAddress('5000'), /invalid address/);
});
