// The lessons' curl flows and the API's edges: content negotiation, ranges, ETags, pagination,
// bad input answered with spec error codes, operations endpoints.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { join } from 'node:path';
import { runOk } from '../helpers/process.js';
import { requireTools } from '../helpers/tools.js';
import { bytes, errorCode, makeImage, pushBlob, pushImage, sha256, startRegistryProcess, tempDir, type RegistryProcess, type TestImage } from './registry-fixtures.js';

const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';
const DOCKER_MANIFEST = 'application/vnd.docker.distribution.manifest.v2+json';
const DOCKER_LIST = 'application/vnd.docker.distribution.manifest.list.v2+json';

let registry: RegistryProcess;
let cleanup: () => Promise<void>;
let image: TestImage;

before(async () => {
  const temp = await tempDir('berth-registry-api-');
  cleanup = temp.cleanup;
  registry = await startRegistryProcess(join(temp.dir, 'storage'), ['--delete']);
  image = await makeImage(2, 4096);
  const put = await pushImage(registry.url, 'lessons/hello', image, 'latest');
  assert.equal(put.status, 201);
});

after(async () => {
  await registry.stop();
  await cleanup();
});

function put(path: string, body: Buffer, type: string): Promise<Response> {
  return fetch(`${registry.url}${path}`, { method: 'PUT', body: bytes(body), headers: { 'Content-Type': type } });
}

/** A GET whose path is sent as is (fetch would resolve `..` before sending). */
function rawGet(path: string): Promise<Response> {
  return new Promise((resolve, reject) => {
    const [hostname, port] = registry.host.split(':');
    request({ hostname, port: Number(port), path }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve(new Response(bytes(Buffer.concat(chunks)), { status: res.statusCode })));
    }).on('error', reject).end();
  });
}

test('the lessons\' curl flows: /v2/ is {}, catalog, tags list, manifest chosen by Accept', async (t) => {
  if (!requireTools(t, '/usr/bin/curl')) return;
  const base = await runOk('curl', ['-si', `${registry.url}/v2/`]);
  assert.match(base.stdout, /^HTTP\/1\.1 200 OK/);
  assert.match(base.stdout, /Docker-Distribution-API-Version: registry\/2\.0/i);
  assert.equal(base.stdout.split('\r\n\r\n')[1], '{}');
  assert.deepEqual(JSON.parse((await runOk('curl', ['-s', `${registry.url}/v2/_catalog`])).stdout), { repositories: ['lessons/hello'] });
  assert.deepEqual(JSON.parse((await runOk('curl', ['-s', `${registry.url}/v2/lessons/hello/tags/list`])).stdout), { name: 'lessons/hello', tags: ['latest'] });
  const manifest = await runOk('curl', ['-si', '-H', `Accept: ${OCI_MANIFEST}`, `${registry.url}/v2/lessons/hello/manifests/latest`]);
  assert.match(manifest.stdout, new RegExp(`Content-Type: ${OCI_MANIFEST.replace(/[.+]/g, '\\$&')}`, 'i'));
  assert.match(manifest.stdout, new RegExp(`Docker-Content-Digest: ${image.digest}`, 'i'));
  assert.equal(manifest.stdout.split('\r\n\r\n')[1], image.manifest.toString());
  const wrongType = await runOk('curl', ['-s', '-o', '/dev/null', '-w', '%{http_code}', '-H', `Accept: ${DOCKER_MANIFEST}`, `${registry.url}/v2/lessons/hello/manifests/latest`]);
  assert.equal(wrongType.stdout, '404');
});

test('manifests: exact bytes, ETag and 304, Accept lists and wildcards, HEAD without body', async () => {
  const url = `${registry.url}/v2/lessons/hello/manifests/latest`;
  const plain = await fetch(url);
  assert.equal(plain.headers.get('content-type'), OCI_MANIFEST);
  assert.deepEqual(Buffer.from(await plain.arrayBuffer()), image.manifest);
  assert.equal(plain.headers.get('etag'), `"${image.digest}"`);
  assert.equal((await fetch(url, { headers: { 'If-None-Match': `"${image.digest}"` } })).status, 304);
  assert.equal((await fetch(url, { headers: { Accept: `${DOCKER_MANIFEST}, ${OCI_MANIFEST};q=0.5` } })).status, 200);
  assert.equal((await fetch(url, { headers: { Accept: '*/*' } })).status, 200);
  const refused = await fetch(url, { headers: { Accept: DOCKER_MANIFEST } });
  assert.equal(await errorCode(refused), 'MANIFEST_UNKNOWN');
  const head = await fetch(url, { method: 'HEAD' });
  assert.equal(head.headers.get('content-length'), String(image.manifest.length));
  assert.equal((await head.arrayBuffer()).byteLength, 0);
});

test('Docker schema 2 manifests and lists, OCI indexes: stored as pushed, children must exist', async () => {
  const docker = Buffer.from(JSON.stringify({
    schemaVersion: 2, mediaType: DOCKER_MANIFEST,
    config: { mediaType: 'application/vnd.docker.container.image.v1+json', digest: sha256(image.config), size: image.config.length },
    layers: image.layers.map((l) => ({ mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip', digest: sha256(l), size: l.length })),
  }, null, 3));
  assert.equal((await put('/v2/lessons/hello/manifests/docker', docker, DOCKER_MANIFEST)).status, 201);
  const list = Buffer.from(JSON.stringify({
    schemaVersion: 2, mediaType: DOCKER_LIST,
    manifests: [{ mediaType: DOCKER_MANIFEST, digest: sha256(docker), size: docker.length, platform: { architecture: 'amd64', os: 'linux' } }],
  }));
  assert.equal((await put('/v2/lessons/hello/manifests/list', list, DOCKER_LIST)).status, 201);
  const got = await fetch(`${registry.url}/v2/lessons/hello/manifests/list`, { headers: { Accept: `${DOCKER_LIST}, ${DOCKER_MANIFEST}` } });
  assert.equal(got.headers.get('content-type'), DOCKER_LIST);
  assert.deepEqual(Buffer.from(await got.arrayBuffer()), list);
  const onlyImages = await fetch(`${registry.url}/v2/lessons/hello/manifests/list`, { headers: { Accept: DOCKER_MANIFEST } });
  assert.equal(onlyImages.status, 200, 'a client that does not accept lists gets the linux/amd64 manifest');
  assert.equal(onlyImages.headers.get('docker-content-digest'), sha256(docker));
  assert.deepEqual(Buffer.from(await onlyImages.arrayBuffer()), docker);
  assert.equal((await fetch(`${registry.url}/v2/lessons/hello/manifests/list`, { headers: { Accept: OCI_MANIFEST } })).status, 404);
  const dangling = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: OCI_INDEX, manifests: [{ mediaType: OCI_MANIFEST, digest: sha256('nope'), size: 4 }] }));
  const refused = await put('/v2/lessons/hello/manifests/dangling', dangling, OCI_INDEX);
  assert.equal(refused.status, 400);
  assert.equal(await errorCode(refused), 'MANIFEST_BLOB_UNKNOWN');
});

test('blobs: Range gives 206 with Content-Range, outside the blob 416, suffix ranges', async () => {
  const layer = image.layers[0];
  const url = `${registry.url}/v2/lessons/hello/blobs/${sha256(layer)}`;
  const part = await fetch(url, { headers: { Range: 'bytes=10-19' } });
  assert.equal(part.status, 206);
  assert.equal(part.headers.get('content-range'), `bytes 10-19/${layer.length}`);
  assert.deepEqual(Buffer.from(await part.arrayBuffer()), layer.subarray(10, 20));
  const tail = await fetch(url, { headers: { Range: 'bytes=-5' } });
  assert.deepEqual(Buffer.from(await tail.arrayBuffer()), layer.subarray(layer.length - 5));
  const outside = await fetch(url, { headers: { Range: `bytes=${layer.length}-` } });
  assert.equal(outside.status, 416);
  assert.equal(outside.headers.get('content-range'), `bytes */${layer.length}`);
});

test('pagination: catalog and tags with n, last and Link', async () => {
  const other = await makeImage(1, 64);
  for (const name of ['page/a', 'page/b', 'page/c']) assert.equal((await pushImage(registry.url, name, other, 'x')).status, 201);
  for (const tag of ['t1', 't2', 't3']) assert.equal((await put(`/v2/page/a/manifests/${tag}`, other.manifest, OCI_MANIFEST)).status, 201);
  const first = await fetch(`${registry.url}/v2/_catalog?n=2`);
  assert.deepEqual(((await first.json()) as { repositories: string[] }).repositories, ['lessons/hello', 'page/a']);
  assert.equal(first.headers.get('link'), '</v2/_catalog?n=2&last=page%2Fa>; rel="next"');
  const next = await fetch(new URL(/<([^>]+)>/.exec(first.headers.get('link')!)![1], registry.url));
  assert.deepEqual(((await next.json()) as { repositories: string[] }).repositories, ['page/b', 'page/c']);
  assert.equal(next.headers.get('link'), null);
  const tags = await fetch(`${registry.url}/v2/page/a/tags/list?n=2&last=t1`);
  assert.deepEqual(((await tags.json()) as { tags: string[] }).tags, ['t2', 't3']);
  assert.equal(tags.headers.get('link'), '</v2/page/a/tags/list?n=2&last=t3>; rel="next"');
});

test('bad input gets spec error codes: names, digests, JSON, sizes, ranges, unknown uploads', async () => {
  const cases: [string, Promise<Response>, number, string][] = [
    ['uppercase name', fetch(`${registry.url}/v2/Lessons/hello/tags/list`), 400, 'NAME_INVALID'],
    ['name with ..', rawGet('/v2/lessons/../etc/tags/list'), 400, 'NAME_INVALID'],
    ['encoded ..', rawGet('/v2/lessons/%2e%2e/x/tags/list'), 400, 'NAME_INVALID'],
    ['unknown repository', fetch(`${registry.url}/v2/no/such/tags/list`), 404, 'NAME_UNKNOWN'],
    ['bad blob digest', fetch(`${registry.url}/v2/lessons/hello/blobs/sha256:xyz`), 400, 'DIGEST_INVALID'],
    ['unknown blob', fetch(`${registry.url}/v2/lessons/hello/blobs/${sha256('missing')}`), 404, 'BLOB_UNKNOWN'],
    ['malformed JSON', put('/v2/lessons/hello/manifests/bad', Buffer.from('{"schemaVersion": 2,'), OCI_MANIFEST), 400, 'MANIFEST_INVALID'],
    ['schema 1', put('/v2/lessons/hello/manifests/old', Buffer.from('{"schemaVersion":1}'), 'application/vnd.docker.distribution.manifest.v1+json'), 400, 'MANIFEST_INVALID'],
    ['bad tag', put('/v2/lessons/hello/manifests/-bad', image.manifest, OCI_MANIFEST), 400, 'MANIFEST_INVALID'],
    ['digest mismatch in URL', put(`/v2/lessons/hello/manifests/${sha256('other')}`, image.manifest, OCI_MANIFEST), 400, 'DIGEST_INVALID'],
    ['huge manifest', put('/v2/lessons/hello/manifests/huge', Buffer.alloc(5 * 1024 * 1024, 32), OCI_MANIFEST), 413, 'SIZE_INVALID'],
    ['unknown upload', fetch(`${registry.url}/v2/lessons/hello/blobs/uploads/00000000-0000-0000-0000-000000000000`), 404, 'BLOB_UPLOAD_UNKNOWN'],
    ['upload id with path', fetch(`${registry.url}/v2/lessons/hello/blobs/uploads/..%2F..%2Fblobs`), 404, 'BLOB_UPLOAD_UNKNOWN'],
    ['finish without digest', fetch(`${registry.url}/v2/lessons/hello/blobs/uploads/00000000-0000-0000-0000-000000000000`, { method: 'PUT' }), 400, 'DIGEST_INVALID'],
  ];
  for (const [what, response, status, code] of cases) {
    const r = await response;
    assert.equal(r.status, status, what);
    assert.equal(await errorCode(r), code, what);
  }
  const missingLayer = Buffer.from(JSON.stringify({
    schemaVersion: 2, mediaType: OCI_MANIFEST,
    config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: sha256(image.config), size: image.config.length },
    layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: sha256('absent'), size: 6 }],
  }));
  const refused = await put('/v2/lessons/hello/manifests/missing', missingLayer, OCI_MANIFEST);
  assert.equal(refused.status, 400);
  assert.equal(await errorCode(refused), 'MANIFEST_BLOB_UNKNOWN');
});

test('uploads: a digest mismatch is refused and nothing is served; sessions are per repository', async () => {
  const blob = randomBytes(1000);
  const start = await fetch(`${registry.url}/v2/lessons/hello/blobs/uploads/`, { method: 'POST' });
  const location = new URL(start.headers.get('location')!, registry.url);
  const elsewhere = await fetch(location.toString().replace('/lessons/hello/', '/page/a/'));
  assert.equal(await errorCode(elsewhere), 'BLOB_UPLOAD_UNKNOWN');
  const claimed = sha256('something else');
  location.searchParams.set('digest', claimed);
  const mismatch = await fetch(location, { method: 'PUT', body: bytes(blob) });
  assert.equal(mismatch.status, 400);
  assert.equal(await errorCode(mismatch), 'DIGEST_INVALID');
  assert.equal((await fetch(`${registry.url}/v2/lessons/hello/blobs/${claimed}`, { method: 'HEAD' })).status, 404);
  assert.equal((await fetch(`${registry.url}/v2/lessons/hello/blobs/${sha256(blob)}`, { method: 'HEAD' })).status, 404);
  const ok = await pushBlob(registry.url, 'lessons/hello', blob);
  assert.equal(ok.status, 201);
  const cancelled = await fetch(`${registry.url}/v2/lessons/hello/blobs/uploads/`, { method: 'POST' });
  const session = new URL(cancelled.headers.get('location')!, registry.url);
  assert.equal((await fetch(session, { method: 'DELETE' })).status, 204);
  assert.equal((await fetch(session)).status, 404);
});

test('a registry without --delete refuses deletes with 405 UNSUPPORTED', async () => {
  const { dir, cleanup: done } = await tempDir('berth-registry-nodelete-');
  const readOnly = await startRegistryProcess(join(dir, 'storage'));
  try {
    assert.equal((await pushImage(readOnly.url, 'keep/me', image, 'v1')).status, 201);
    for (const path of [`/v2/keep/me/manifests/v1`, `/v2/keep/me/manifests/${image.digest}`, `/v2/keep/me/blobs/${sha256(image.config)}`]) {
      const r = await fetch(`${readOnly.url}${path}`, { method: 'DELETE' });
      assert.equal(r.status, 405, path);
      assert.equal(await errorCode(r), 'UNSUPPORTED');
    }
    assert.equal((await fetch(`${readOnly.url}/v2/keep/me/manifests/v1`)).status, 200);
  } finally {
    await readOnly.stop();
    await done();
  }
});

test('operations: /healthz, /metrics counting requests, request ids in headers and logs', async () => {
  const health = await fetch(`${registry.url}/healthz`);
  assert.deepEqual(await health.json(), { status: 'ok', storage: 'filesystem' });
  const tagged = await fetch(`${registry.url}/v2/`, { headers: { 'X-Request-Id': 'lesson-42' } });
  assert.equal(tagged.headers.get('x-request-id'), 'lesson-42');
  const metrics = await (await fetch(`${registry.url}/metrics`)).text();
  assert.match(metrics, /berth_registry_http_requests_total\{route="manifest",method="PUT",code="201"\} \d+/);
  assert.match(metrics, /berth_registry_process_resident_memory_bytes \d+/);
  const logs = await registry.logsWhen((text) => text.includes('"requestId":"lesson-42"'));
  const line = logs.split('\n').find((l) => l.includes('"requestId":"lesson-42"'));
  assert.ok(line, 'log line with the request id');
  assert.equal(JSON.parse(line).status, 200);
});
