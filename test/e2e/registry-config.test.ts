// Configuration (YAML file < BERTH_REGISTRY_* environment < flags) and graceful shutdown.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { runBerth } from '../helpers/busybox.js';
import { makeImage, pushImage, startRegistryProcess, tempDir } from './registry-fixtures.js';

test('the YAML config sets address, storage and deletes; the environment overrides it; flags override both', async () => {
  const { dir, cleanup } = await tempDir('berth-registry-config-');
  const config = join(dir, 'config.yml');
  await writeFile(config, [
    'version: 0.1',
    'log:',
    '  level: info',
    'storage:',
    '  filesystem:',
    `    rootdirectory: ${join(dir, 'from-file')}`,
    '  delete:',
    '    enabled: true',
    'http:',
    '  addr: 127.0.0.1:0',
    '',
  ].join('\n'));
  const image = await makeImage(1, 100);
  const deleteStatus = async (args: string[], env: NodeJS.ProcessEnv = {}) => {
    const registry = await startRegistryProcess('', ['--config', config, ...args], env);
    try {
      assert.equal((await pushImage(registry.url, 'config/test', image, 'v1')).status, 201);
      return (await fetch(`${registry.url}/v2/config/test/manifests/v1`, { method: 'DELETE' })).status;
    } finally {
      await registry.stop();
    }
  };
  try {
    assert.equal(await deleteStatus([]), 202);
    const tags = await runBerth(['registry', 'gc', '--config', config, '--dry-run', '--grace', '0s']);
    assert.equal(tags.code, 0, tags.stderr);
    assert.match(tags.stderr, /would free/);
    assert.equal(await deleteStatus([], { BERTH_REGISTRY_STORAGE_DELETE_ENABLED: 'false' }), 405);
    assert.equal(await deleteStatus(['--delete'], { BERTH_REGISTRY_STORAGE_DELETE_ENABLED: 'false' }), 202);
    const bad = await runBerth(['registry', 'serve', '--config', join(dir, 'missing.yml')]);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /^Error: cannot read registry config .*missing\.yml/);
    await writeFile(join(dir, 'half-tls.yml'), 'http:\n  tls:\n    certificate: /x.pem\n');
    const halfTls = await runBerth(['registry', 'serve', '--config', join(dir, 'half-tls.yml')]);
    assert.match(halfTls.stderr, /TLS needs both a certificate and a key/);
    const running = await startRegistryProcess(join(dir, 'busy'));
    try {
      const taken = await runBerth(['registry', 'serve', '--addr', running.host, '--storage', join(dir, 'other')]);
      assert.equal(taken.code, 1);
      assert.match(taken.stderr, new RegExp(`^Error: cannot listen on ${running.host}: EADDRINUSE\nhint: another process`));
    } finally {
      await running.stop();
    }
  } finally {
    await cleanup();
  }
});

test('SIGTERM stops accepting connections but lets a running upload finish, then exits 0', async () => {
  const { dir, cleanup } = await tempDir('berth-registry-shutdown-');
  const registry = await startRegistryProcess(join(dir, 'storage'));
  try {
    const start = await fetch(`${registry.url}/v2/slow/client/blobs/uploads/`, { method: 'POST' });
    const location = start.headers.get('location')!;
    const [hostname, port] = registry.host.split(':');
    const req = request({ hostname, port: Number(port), path: location, method: 'PATCH', headers: { 'Content-Type': 'application/octet-stream' } });
    const response = new Promise<number>((resolve, reject) => {
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
    });
    // More than one 1 MiB write batch, so the server stores some of it: wait until it has.
    req.write(Buffer.alloc(3 * 1024 * 1024, 1));
    for (let received = 0, tries = 0; received < 1024 * 1024 && tries < 400; tries++, await sleep(50)) {
      const status = await fetch(new URL(location, registry.url));
      received = Number(status.headers.get('range')?.split('-')[1] ?? 0) + 1;
    }
    const exited = registry.stop();
    for (let tries = 0; !registry.logs().includes('shutting down') && tries < 400; tries++) await sleep(50);
    await assert.rejects(fetch(`${registry.url}/v2/`), 'no new connections while shutting down');
    req.end(Buffer.alloc(64 * 1024, 2));
    assert.equal(await response, 202);
    assert.equal(await exited, 0);
    assert.match(registry.logs(), /shutting down: finishing running requests/);
  } finally {
    await registry.stop();
    await cleanup();
  }
});
