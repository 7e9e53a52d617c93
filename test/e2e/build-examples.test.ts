// The lessons' examples (../shared/examples, all but 08) built with `berth build` and run
// through src/runtime, checked against the table in the examples' README.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { requireRunc } from '../helpers/tools.js';
import { SHARED_ROOT, type BerthStore } from '../helpers/busybox.js';
import { imageConfig, runImage, storeWithBusybox, withRootfs } from './build-helpers.js';

const EXAMPLES = join(SHARED_ROOT, 'examples');
let store: BerthStore;

before(async () => {
  if (process.getuid?.() === 0) store = await storeWithBusybox();
});
after(async () => {
  await store?.cleanup();
});

test('01-hello prints hello', async (t) => {
  if (!requireRunc(t)) return;
  await store.berthOk(['build', '-t', 'hello', join(EXAMPLES, '01-hello')]);
  assert.equal((await runImage(store.root, 'hello')).stdout, 'hello\n');
  const config = await imageConfig(store.root, 'hello');
  assert.deepEqual(config.config?.Cmd, ['echo', 'hello']);
  assert.equal(config.history?.at(-1)?.created_by, 'CMD ["echo" "hello"]');
  assert.equal(config.history?.at(-1)?.comment, 'buildkit.dockerfile.v0');
  assert.equal(config.history?.at(-1)?.empty_layer, true);
});

test('02-copy-add fetches the URL and sets --chmod', async (t) => {
  if (!requireRunc(t)) return;
  const html = await readFile(join(EXAMPLES, '02-copy-add/example.html'));
  const server: Server = createServer((req, res) => {
    if (req.url === '/example.html') res.writeHead(200, { 'last-modified': 'Tue, 01 Oct 2024 10:00:00 GMT' }).end(html);
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const port = (server.address() as AddressInfo).port;
    await store.berthOk(['build', '--build-arg', `BASE_URL=http://127.0.0.1:${port}`, '-t', 'main02', join(EXAMPLES, '02-copy-add')]);
  } finally {
    server.close();
  }
  assert.equal((await runImage(store.root, 'main02')).stdout, 'file: none\n');
  await withRootfs(store.root, 'main02', async (rootfs) => {
    assert.equal((await stat(join(rootfs, 'main.sh'))).mode & 0o7777, 0o555);
    assert.deepEqual(await readFile(join(rootfs, 'example.html')), html);
    const st = await stat(join(rootfs, 'example.html'));
    assert.equal(st.mode & 0o7777, 0o600);
    assert.equal(st.mtime.toISOString(), '2024-10-01T10:00:00.000Z');
    assert.equal(st.uid, 0);
  });
});

test('03-env-arg puts the build arg into Env', async (t) => {
  if (!requireRunc(t)) return;
  await store.berthOk(['build', '--build-arg', 'FILE=/example.html', '-t', 'main03', join(EXAMPLES, '03-env-arg')]);
  const html = await readFile(join(EXAMPLES, '03-env-arg/example.html'), 'utf8');
  assert.equal((await runImage(store.root, 'main03')).stdout, `file: /example.html\n${html}`);
  assert.ok((await imageConfig(store.root, 'main03')).config?.Env?.includes('FILE=/example.html'));
});

test('04-cache-order reuses the RUN layer after app.sh changes', async (t) => {
  if (!requireRunc(t)) return;
  const dir = await mkdtemp(join(tmpdir(), 'berth-ex04-'));
  try {
    await cp(join(EXAMPLES, '04-cache-order'), dir, { recursive: true });
    await store.berthOk(['build', '-t', 'main04', dir]);
    const again = await store.berthOk(['build', '--progress', 'plain', '-t', 'main04', dir]);
    assert.equal((again.stderr.match(/^#\d+ CACHED$/gm) ?? []).length, 4, again.stderr);
    await writeFile(join(dir, 'app.sh'), `${await readFile(join(dir, 'app.sh'), 'utf8')}echo edited\n`);
    const edited = await store.berthOk(['build', '--progress', 'plain', '-t', 'main04', dir]);
    assert.match(edited.stderr, /^#(\d+) \[3\/5] RUN mkdir -p \/opt\/deps.*\n#\1 CACHED$/m);
    assert.match(edited.stderr, /^#(\d+) \[4\/5] COPY app.sh \/app.sh\n(?!#\1 CACHED)/m);
    const out = (await runImage(store.root, 'main04')).stdout;
    assert.match(out, /^deps: alpha beta gamma \n<!doctype html>\n/);
    assert.match(out, /edited\n$/);
    assert.deepEqual((await imageConfig(store.root, 'main04')).config?.Labels, { version: '0.1' });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('05-cmd-entrypoint: ENTRYPOINT + CMD, httpd serves the page, --entrypoint replaces it', async (t) => {
  if (!requireRunc(t)) return;
  await store.berthOk(['build', '-t', 'web', join(EXAMPLES, '05-cmd-entrypoint')]);
  const config = (await imageConfig(store.root, 'web')).config;
  assert.deepEqual(config?.Entrypoint, ['httpd', '-f', '-v']);
  assert.deepEqual(config?.Cmd, ['-p', '8888']);
  assert.deepEqual(config?.ExposedPorts, { '8888/tcp': {} });
  assert.equal((await runImage(store.root, 'web', { entrypoint: ['echo'], args: ['hello'] })).stdout, 'hello\n');
  // Below the kernel's ephemeral range (32768 up), where concurrent tests' port-0 sockets land.
  const port = 20000 + Math.floor(Math.random() * 12000);
  const controller = new AbortController();
  const running = runImage(store.root, 'web', { args: ['-p', `127.0.0.1:${port}`], network: 'host', signal: controller.signal }).catch(() => undefined);
  try {
    let body = '';
    for (let i = 0; i < 300 && body === ''; i++) {
      body = await fetch(`http://127.0.0.1:${port}/example.html`).then((r) => r.text()).catch(async () => {
        await new Promise((r) => setTimeout(r, 100));
        return '';
      });
    }
    assert.equal(body, await readFile(join(EXAMPLES, '05-cmd-entrypoint/example.html'), 'utf8'));
  } finally {
    controller.abort();
    await running;
  }
});

test('06-multi-stage: heredoc COPY, FROM scratch, one layer', async (t) => {
  if (!requireRunc(t)) return;
  await store.berthOk(['build', '-t', 'hello06', join(EXAMPLES, '06-multi-stage')]);
  assert.equal((await runImage(store.root, 'hello06')).stdout, 'hello, world\n');
  const config = await imageConfig(store.root, 'hello06');
  assert.equal(config.rootfs.diff_ids.length, 1);
  assert.deepEqual(config.config?.Cmd, ['/bin/sh', '/hello']);
});

test('07-non-root: USER, --chown by name, ENTRYPOINT', async (t) => {
  if (!requireRunc(t)) return;
  await store.berthOk(['build', '-t', 'counter', join(EXAMPLES, '07-non-root')]);
  const out = (await runImage(store.root, 'counter')).stdout.split('\n');
  assert.deepEqual(out.slice(0, 3), ['1001', '1001', 'built']);
  const files = out.filter((l) => /^[-d]/.test(l));
  assert.equal(files.length, 2, out.join('\n'));
  for (const line of files) assert.match(line, /^\S+\s+\d+\s+1001\s+1001\s/);
  const config = (await imageConfig(store.root, 'counter')).config;
  assert.equal(config?.User, 'user');
  assert.equal(config?.WorkingDir, '/app');
  assert.deepEqual(config?.ExposedPorts, { '8080/tcp': {} });
});

test('09-dockerignore: only what .dockerignore lets through', async (t) => {
  if (!requireRunc(t)) return;
  await store.berthOk(['build', '-t', 'ignore', join(EXAMPLES, '09-dockerignore')]);
  assert.equal(
    (await runImage(store.root, 'ignore')).stdout,
    ['/opt/app/.dockerignore', '/opt/app/Dockerfile', '/opt/app/logs/keep.log', '/opt/app/src/main.js', ''].join('\n'),
  );
});
