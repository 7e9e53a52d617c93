// The lessons' examples run with `berth run` as the examples' README table says: 05's web server
// reached over a published port from the host, CMD replaced by trailing arguments, --entrypoint;
// 07 running as uid 1001.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createServer } from 'node:http';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { SHARED_ROOT, type BerthStore } from '../helpers/busybox.js';
import { requireRunc } from '../helpers/tools.js';
import { busyboxStore, cleanupStore, eventually, leftovers, networkLeftovers } from './container-helpers.js';

const EXAMPLES = join(SHARED_ROOT, 'examples');
let store: BerthStore;

before(async () => {
  if (process.getuid?.() === 0) store = await busyboxStore();
});

after(async () => {
  if (store) await cleanupStore(store);
});

/** GETs a URL until the server answers (it starts asynchronously), returning the body. */
async function fetchWhenUp(url: string): Promise<{ status: number; body: string }> {
  return eventually(async () => {
    try {
      const response = await fetch(url);
      return { status: response.status, body: await response.text() };
    } catch {
      return undefined;
    }
  });
}

test('01-hello and 06-multi-stage print their greeting with run --rm', async (t) => {
  if (!requireRunc(t, '/usr/sbin/ip')) return;
  await store.berthOk(['build', '-q', '-t', 'hello', join(EXAMPLES, '01-hello')]);
  assert.equal((await store.berthOk(['run', '--rm', 'hello'])).stdout, 'hello\n');
  await store.berthOk(['build', '-q', '-t', 'hello2', join(EXAMPLES, '06-multi-stage')]);
  assert.equal((await store.berthOk(['run', '--rm', 'hello2'])).stdout, 'hello, world\n');
});

test('03-env-arg prints the file named by its ENV', async (t) => {
  if (!requireRunc(t, '/usr/sbin/ip')) return;
  await store.berthOk(['build', '-q', '--build-arg', 'FILE=/example.html', '-t', 'main', join(EXAMPLES, '03-env-arg')]);
  const html = await readFile(join(EXAMPLES, '03-env-arg', 'example.html'), 'utf8');
  assert.equal((await store.berthOk(['run', '--rm', 'main'])).stdout, `file: /example.html\n${html}`);
});

test('02-copy-add fetches the served page and runs /main.sh (mode 0555)', async (t) => {
  if (!requireRunc(t, '/usr/sbin/ip')) return;
  const dir = join(EXAMPLES, '02-copy-add');
  const page = await readFile(join(dir, 'example.html'), 'utf8');
  const server = createServer((request, response) => {
    if (request.url === '/example.html') response.end(page);
    else response.writeHead(404).end();
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  try {
    const { port } = server.address() as AddressInfo;
    await store.berthOk(['build', '-q', '--build-arg', `BASE_URL=http://127.0.0.1:${port}`, '-t', 'main02', dir]);
  } finally {
    server.close();
  }
  assert.equal((await store.berthOk(['run', '--rm', 'main02'])).stdout, 'file: none\n');
  assert.equal((await store.berthOk(['run', '--rm', 'main02', 'stat', '-c', '%a', '/main.sh'])).stdout, '555\n');
  assert.equal((await store.berthOk(['run', '--rm', 'main02', 'cat', '/example.html'])).stdout, page);
});

test('04-cache-order prints its deps and the first HTML lines', async (t) => {
  if (!requireRunc(t, '/usr/sbin/ip')) return;
  const dir = join(EXAMPLES, '04-cache-order');
  await store.berthOk(['build', '-q', '-t', 'main04', dir]);
  const html = (await readFile(join(dir, 'example.html'), 'utf8')).split('\n').slice(0, 5).join('\n');
  assert.equal((await store.berthOk(['run', '--rm', 'main04'])).stdout, `deps: alpha beta gamma \n${html}\n`);
});

test('05-cmd-entrypoint: run -d -p 8888:8888 serves the page; trailing args replace CMD; --entrypoint echo', async (t) => {
  if (!requireRunc(t, '/usr/sbin/ip')) return;
  await store.berthOk(['build', '-q', '-t', 'web', join(EXAMPLES, '05-cmd-entrypoint')]);
  const page = await readFile(join(EXAMPLES, '05-cmd-entrypoint', 'example.html'), 'utf8');
  const first = (await store.berthOk(['run', '-d', '-p', '8888:8888', 'web'])).stdout.trim();
  assert.deepEqual(await fetchWhenUp('http://localhost:8888/example.html'), { status: 200, body: page });
  const second = (await store.berthOk(['run', '-d', '-p', '8889:8889', 'web', '-p', '8889'])).stdout.trim();
  assert.deepEqual(await fetchWhenUp('http://127.0.0.1:8889/example.html'), { status: 200, body: page });
  assert.equal((await store.berthOk(['port', first])).stdout, '8888/tcp -> 0.0.0.0:8888\n');
  assert.match((await store.berthOk(['ps', '--format', '{{.Ports}} {{.Command}}', '--filter', `id=${second}`])).stdout, /^0\.0\.0\.0:8889->8889\/tcp, 8888\/tcp "httpd -f -v -p 8889"\n$/);
  const taken = await store.berth(['run', '-d', '-p', '8888:8888', 'web']);
  assert.equal(taken.code, 125);
  assert.match(taken.stderr, /Bind for 0\.0\.0\.0:8888 failed: port is already allocated/);
  assert.equal((await store.berthOk(['run', '--rm', '--entrypoint', 'echo', 'web', 'hello'])).stdout, 'hello\n');
  await store.berthOk(['rm', '-f', first, second]);
  assert.deepEqual([...networkLeftovers(first), ...networkLeftovers(second)], []);
  await assert.rejects(fetch('http://127.0.0.1:8888/example.html'));
});

test('07-non-root runs as uid 1001 with its files owned by 1001:1001', async (t) => {
  if (!requireRunc(t, '/usr/sbin/ip')) return;
  await store.berthOk(['build', '-q', '-t', 'counter', join(EXAMPLES, '07-non-root')]);
  const lines = (await store.berthOk(['run', '--rm', 'counter'])).stdout.split('\n');
  assert.deepEqual(lines.slice(0, 3), ['1001', '1001', 'built']);
  const files = lines.slice(3).filter((line) => /^[-d]/.test(line));
  assert.ok(files.length >= 2, lines.join('\n'));
  for (const line of files) assert.match(line, /^\S+\s+\d+\s+1001\s+1001\s/);
  assert.deepEqual(await leftovers(store.root), { mounts: [], runc: [], bundles: [] });
});

test('09-dockerignore lists only what the .dockerignore lets in', async (t) => {
  if (!requireRunc(t, '/usr/sbin/ip')) return;
  await store.berthOk(['build', '-q', '-t', 'ignore', join(EXAMPLES, '09-dockerignore')]);
  const out = (await store.berthOk(['run', '--rm', 'ignore'])).stdout;
  for (const name of ['.dockerignore', 'Dockerfile', 'logs/keep.log', 'src/main.js']) assert.ok(out.includes(name), out);
  assert.ok(!out.includes('node_modules') && !out.includes('a.log'), out);
});

test('publishing: udp, -P on exposed ports, a HOST_ADDRESS, port lookups', async (t) => {
  if (!requireRunc(t, '/usr/sbin/ip')) return;
  const id = (await store.berthOk(['run', '-d', '--expose', '7000', '-P', '-p', '127.0.0.1::7001', '-p', '7002/udp', 'busybox:local', 'sh', '-c', 'echo hi > /i; httpd -f -p 7000 -h / & httpd -f -p 7001 -h /'])).stdout.trim();
  const ports = (await store.berthOk(['port', id])).stdout.split('\n').filter((l) => l !== '').sort();
  assert.equal(ports.length, 3);
  assert.match(ports[0], /^7000\/tcp -> 0\.0\.0\.0:\d+$/);
  assert.match(ports[1], /^7001\/tcp -> 127\.0\.0\.1:\d+$/);
  assert.match(ports[2], /^7002\/udp -> 0\.0\.0\.0:\d+$/);
  const hostPort = (await store.berthOk(['port', id, '7000'])).stdout.trim().split(':')[1];
  assert.deepEqual(await fetchWhenUp(`http://127.0.0.1:${hostPort}/i`), { status: 200, body: 'hi\n' });
  const missing = await store.berth(['port', id, '9999']);
  assert.match(missing.stderr, /No public port '9999\/tcp' published/);
  await store.berthOk(['rm', '-f', id]);
});
