import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isInsecureHost, resolveEndpoint } from './transport.js';

test('loopback hosts and configured registries/CIDRs are insecure; others are not', () => {
  for (const host of ['localhost', 'localhost:5000', '127.0.0.1:5000', '127.3.2.1', '[::1]:5000']) assert.equal(isInsecureHost(host, {}), true, host);
  for (const host of ['docker.io', 'registry.example:5000', '10.0.0.7:5000', '128.0.0.1']) assert.equal(isInsecureHost(host, {}), false, host);
  const settings = { 'insecure-registries': ['registry.example:5000', '10.0.0.0/8'] };
  assert.equal(isInsecureHost('registry.example:5000', settings), true);
  assert.equal(isInsecureHost('10.0.0.7:5000', settings), true);
  assert.equal(isInsecureHost('11.0.0.7:5000', settings), false);
});

test('endpoints: docker.io goes to registry-1 (mirrors first for pulls); loopback tries HTTP first, other insecure hosts HTTPS first', async () => {
  const settings = { 'registry-mirrors': ['https://mirror.example/'], 'insecure-registries': ['10.0.0.0/8'] };
  const pulls = await resolveEndpoint('docker.io', settings);
  const pushes = await resolveEndpoint('docker.io', settings, true);
  const local = await resolveEndpoint('localhost:5000', settings);
  const insecure = await resolveEndpoint('10.1.2.3:5000', settings);
  try {
    assert.deepEqual(pulls.urls, ['https://mirror.example', 'https://registry-1.docker.io']);
    assert.deepEqual(pushes.urls, ['https://registry-1.docker.io']);
    assert.deepEqual(local.urls, ['http://localhost:5000', 'https://localhost:5000']);
    assert.deepEqual(insecure.urls, ['https://10.1.2.3:5000', 'http://10.1.2.3:5000']);
  } finally {
    await Promise.all([pulls, pushes, local, insecure].map((e) => e.dispatcher.close()));
  }
});
