// Floods and slow clients: beyond http.maxinflight requests the registry answers 429
// TOO_MANY_REQUESTS; connections silent for http.idletimeout are closed, freeing their slots.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { connect } from 'node:net';
import { join } from 'node:path';
import { errorCode, startRegistryProcess, tempDir } from './registry-fixtures.js';

/** GET /v2/ until it answers `status` (the server takes and frees slots asynchronously), for up to 5 s. */
async function pingUntil(url: string, status: number): Promise<Response> {
  let res = await fetch(`${url}/v2/`);
  for (const started = Date.now(); res.status !== status && Date.now() - started < 5000; ) {
    await new Promise((resolve) => setTimeout(resolve, 10));
    res = await fetch(`${url}/v2/`);
  }
  return res;
}

test('429 beyond the in-flight limit; silent clients are cut after the idle timeout', async () => {
  const { dir, cleanup } = await tempDir('berth-registry-limits-');
  const registry = await startRegistryProcess(join(dir, 'storage'), [], { BERTH_REGISTRY_HTTP_MAXINFLIGHT: '2', BERTH_REGISTRY_HTTP_IDLETIMEOUT: '6' });
  const [hostname, port] = registry.host.split(':');
  try {
    // Two uploads that send a little and then stall.
    const stalled = await Promise.all([0, 1].map(async () => {
      const start = await fetch(`${registry.url}/v2/slow/repo/blobs/uploads/`, { method: 'POST' });
      const req = request({ hostname, port: Number(port), path: start.headers.get('location')!, method: 'PATCH' });
      const closed = new Promise<string>((resolve) => {
        req.on('error', (err) => resolve((err as NodeJS.ErrnoException).code ?? 'error'));
        req.on('response', (res) => resolve(String(res.statusCode)));
      });
      req.write(Buffer.alloc(1000));
      return { closed };
    }));
    // Once both stalled uploads have reached the server, a third request is refused.
    const refused = await pingUntil(registry.url, 429);
    assert.equal(refused.status, 429);
    assert.equal(refused.headers.get('retry-after'), '1');
    assert.equal(await errorCode(refused), 'TOO_MANY_REQUESTS');
    // The idle timeout cuts the stalled uploads...
    assert.deepEqual(await Promise.all(stalled.map((s) => s.closed)), ['ECONNRESET', 'ECONNRESET']);
    // ...which frees their slots, once the server has handled the aborted uploads (the client sees the reset first).
    assert.equal((await pingUntil(registry.url, 200)).status, 200);
    // A client that never finishes its headers is cut too.
    const socket = connect(Number(port), hostname);
    socket.write('GET /v2/ HTTP/1.1\r\nHost: x\r\n');
    const started = Date.now();
    await new Promise((resolve) => socket.on('close', resolve));
    assert.ok(Date.now() - started < 20_000);
    assert.match(registry.logs(), /too many requests: answered 429/);
  } finally {
    await registry.stop();
    await cleanup();
  }
});
