// The S3 storage driver against a local S3 server (moto): two registry processes sharing one
// bucket serve the same content; chunked uploads, large layers, deletes and gc work there too.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { runBerth } from '../helpers/busybox.js';
import { runOk } from '../helpers/process.js';
import { requireTools } from '../helpers/tools.js';
import { checkDriverContract } from '../../src/distribution/server/storage/driver-contract.js';
import { S3Driver } from '../../src/distribution/server/storage/s3.js';
import { conformanceSuite } from './registry-conformance-suite.js';
import { bytes, gzipTar, makeImage, pushImage, sha256, startRegistryProcess, tempDir, writeOciLayout } from './registry-fixtures.js';

const SKOPEO = '/usr/bin/skopeo';
let moto: ChildProcess | undefined;
let motoUrl = '';
let dir = '';
let cleanup: () => Promise<void> = async () => {};

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function motoAvailable(): Promise<boolean> {
  const check = spawn('python3', ['-c', 'import moto.server'], { stdio: 'ignore' });
  return new Promise((resolve) => check.on('close', (code) => resolve(code === 0)));
}

/** Starts moto and makes the bucket, once; false when moto is not installed. */
async function startMoto(): Promise<boolean> {
  const temp = await tempDir('berth-registry-s3-');
  dir = temp.dir;
  cleanup = temp.cleanup;
  if (!(await motoAvailable())) return false;
  const port = await freePort();
  motoUrl = `http://127.0.0.1:${port}`;
  moto = spawn('python3', ['-m', 'moto.server', '-H', '127.0.0.1', '-p', String(port)], { stdio: 'ignore' });
  let up = false;
  for (let i = 0; i < 300 && !up; i++) {
    up = await fetch(`${motoUrl}/`).then((r) => r.ok, () => false);
    if (!up) await sleep(100);
  }
  const client = new S3Client({ region: 'us-east-1', endpoint: motoUrl, forcePathStyle: true, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
  await client.send(new CreateBucketCommand({ Bucket: 'registry' }));
  return up;
}

// Root hooks run concurrently, so every user of moto awaits this one start.
let motoStart: Promise<boolean> | undefined;
const motoReady = () => (motoStart ??= startMoto());

before(async () => {
  await motoReady();
});

after(async () => {
  if (moto && moto.exitCode === null) {
    const exited = new Promise((resolve) => moto!.once('exit', resolve));
    moto.kill('SIGTERM');
    await exited;
  }
  await cleanup();
});

async function s3Config(name: string): Promise<string> {
  const path = join(dir, `${name}.yml`);
  await writeFile(path, [
    'storage:', '  s3:', '    bucket: registry', '    region: us-east-1', `    regionendpoint: ${motoUrl}`,
    '    accesskey: test', '    secretkey: test', `    rootdirectory: /${name}`, '  delete:', '    enabled: true',
    'http:', '  addr: 127.0.0.1:0', '',
  ].join('\n'));
  return path;
}

/** Why S3 tests cannot run here (no moto); throws in CI, where they must run. */
async function motoMissing(): Promise<string | undefined> {
  if (await motoReady()) return undefined;
  if (process.env.CI) throw new Error('python3 moto server is required in CI');
  return 'python3 -m moto.server is not available';
}

async function requireMoto(t: { skip(message: string): void }): Promise<boolean> {
  const reason = await motoMissing();
  if (reason) t.skip(reason);
  return reason === undefined;
}

conformanceSuite('conformance on S3', async () => {
  const registry = await startRegistryProcess('', ['--config', await s3Config('conformance')]);
  return { registry, cleanup: async () => {} };
}, motoMissing);

test('the S3 driver meets the storage driver contract', async (t) => {
  if (!(await requireMoto(t))) return;
  await checkDriverContract(new S3Driver({ bucket: 'registry', region: 'us-east-1', endpoint: motoUrl, accessKeyId: 'test', secretAccessKey: 'test', rootDirectory: 'contract' }));
});

test('two registries sharing one bucket serve the same images; skopeo pushes to one and pulls from the other', async (t) => {
  if (!(await requireMoto(t)) || !requireTools(t, SKOPEO)) return;
  const config = await s3Config('shared');
  const a = await startRegistryProcess('', ['--config', config]);
  const b = await startRegistryProcess('', ['--config', config]);
  try {
    const image = await makeImage(2, 100_000);
    // A layer above the 8 MiB part size: assembled by server-side multipart copies.
    image.layers.push(await gzipTar({ 'big.bin': randomBytes(12 * 1024 * 1024) }));
    const layout = join(dir, 'src');
    const manifest = JSON.parse(image.manifest.toString()) as { layers: unknown[] };
    manifest.layers.push({ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: sha256(image.layers[2]), size: image.layers[2].length });
    image.manifest = Buffer.from(JSON.stringify(manifest));
    image.digest = sha256(image.manifest);
    await writeOciLayout(layout, image, 'v1');
    await runOk(SKOPEO, ['copy', '--dest-tls-verify=false', `oci:${layout}:v1`, `docker://${a.host}/s3/app:v1`]);
    await runOk(SKOPEO, ['copy', '--src-tls-verify=false', `docker://${b.host}/s3/app:v1`, `oci:${join(dir, 'back')}:v1`]);
    for (const blob of [image.manifest, image.config, ...image.layers]) {
      assert.deepEqual(await readFile(join(dir, 'back', 'blobs', 'sha256', sha256(blob).slice(7))), blob);
    }
    assert.deepEqual(await (await fetch(`${b.url}/v2/_catalog`)).json(), { repositories: ['s3/app'] });
    const range = await fetch(`${b.url}/v2/s3/app/blobs/${sha256(image.layers[2])}`, { headers: { Range: 'bytes=100-199' } });
    assert.equal(range.status, 206);
    assert.deepEqual(Buffer.from(await range.arrayBuffer()), image.layers[2].subarray(100, 200));
    for (const line of a.logs().split('\n').filter(Boolean)) assert.doesNotThrow(() => JSON.parse(line), `log line is not JSON: ${line}`);
  } finally {
    await a.stop();
    await b.stop();
  }
});

test('on S3: chunked uploads across both registries, deletes seen by both, gc sweeps the bucket', async (t) => {
  if (!(await requireMoto(t))) return;
  const config = await s3Config('chunked');
  const a = await startRegistryProcess('', ['--config', config]);
  const b = await startRegistryProcess('', ['--config', config]);
  try {
    const blob = randomBytes(300_000);
    const start = await fetch(`${a.url}/v2/s3/chunks/blobs/uploads/`, { method: 'POST' });
    const location = start.headers.get('location')!;
    const first = await fetch(new URL(location, a.url), { method: 'PATCH', body: bytes(blob.subarray(0, 1000)), headers: { 'Content-Range': '0-999' } });
    assert.equal(first.status, 202);
    // The session lives in the bucket: the other registry continues it.
    const status = await fetch(new URL(location, b.url));
    assert.equal(status.headers.get('range'), '0-999');
    const outOfOrder = await fetch(new URL(location, b.url), { method: 'PATCH', body: bytes(blob.subarray(2000)), headers: { 'Content-Range': `2000-${blob.length - 1}` } });
    assert.equal(outOfOrder.status, 416);
    const rest = await fetch(new URL(location, b.url), { method: 'PATCH', body: bytes(blob.subarray(1000)), headers: { 'Content-Range': `1000-${blob.length - 1}` } });
    assert.equal(rest.status, 202);
    const done = new URL(location, b.url);
    done.searchParams.set('digest', sha256(blob));
    assert.equal((await fetch(done, { method: 'PUT' })).status, 201);
    const served = await fetch(`${a.url}/v2/s3/chunks/blobs/${sha256(blob)}`);
    assert.equal(sha256(Buffer.from(await served.arrayBuffer())), sha256(blob));

    const image = await makeImage(1, 2000);
    assert.equal((await pushImage(a.url, 's3/chunks', image, 'v1')).status, 201);
    assert.equal((await fetch(`${b.url}/v2/s3/chunks/manifests/${image.digest}`, { method: 'DELETE' })).status, 202);
    assert.equal((await fetch(`${a.url}/v2/s3/chunks/manifests/v1`)).status, 404);
    const gc = await runBerth(['registry', 'gc', '--config', config, '--grace', '0s']);
    assert.equal(gc.code, 0, gc.stderr);
    assert.match(gc.stdout, new RegExp(`deleting blob ${sha256(image.layers[0])}`));
    assert.equal((await fetch(`${a.url}/v2/s3/chunks/blobs/${sha256(image.layers[0])}`, { method: 'HEAD' })).status, 404);
    assert.equal((await fetch(`${b.url}/healthz`)).status, 200);
  } finally {
    await a.stop();
    await b.stop();
  }
});

