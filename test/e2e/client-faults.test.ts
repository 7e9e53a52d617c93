// Faults between berth and a registry, injected by a proxy in front of docker-registry 2.8.2:
// wrong content, truncated and dropped blob bodies, 401/403/404/429/503 answers, interrupted
// chunked uploads. Each either recovers (retry, Range resume) or fails with a clear message and
// leaves nothing partial in the store.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ingestTempFiles, openStore, writeTestImage, type Store } from '../../src/store/index.js';
import type { Descriptor, Manifest } from '../../src/core/index.js';
import { pull, push, type RegistryOptions } from '../../src/distribution/client/index.js';
import { requireTools } from '../helpers/tools.js';
import { DOCKER_REGISTRY, startDockerRegistry, startFaultProxy, type FaultProxy } from './client-fixtures.js';

const OPTIONS: RegistryOptions = { credentials: null, settings: {} };

interface Setup {
  proxy: FaultProxy;
  source: Store;
  image: Descriptor;
  layer: Descriptor;
  /** A fresh empty store per call. */
  emptyStore(): Promise<{ store: Store; root: string }>;
}

/** A registry holding one image (one ~96 KiB incompressible layer), a proxy in front of it, and temp stores. */
async function setup(t: TestContext): Promise<Setup | undefined> {
  if (!requireTools(t, DOCKER_REGISTRY)) return undefined;
  const registry = await startDockerRegistry();
  const proxy = await startFaultProxy(registry.host);
  const dirs: string[] = [];
  const tempRoot = async () => {
    const dir = await mkdtemp(join(tmpdir(), 'berth-client-faults-'));
    dirs.push(dir);
    return dir;
  };
  t.after(async () => {
    await proxy.stop();
    await registry.stop();
    await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
  });
  const source = await openStore({ root: await tempRoot() });
  const image = await writeTestImage(source, { layers: [{ 'random.bin': randomBytes(96 * 1024).toString('latin1') }] });
  await source.images.tag(`${registry.host}/faults/app:1`, image);
  await push(source, `${registry.host}/faults/app:1`, OPTIONS);
  const layer = (await source.blobs.readJson<Manifest>(image.digest)).layers[0];
  return {
    proxy, source, image, layer,
    emptyStore: async () => {
      const root = await tempRoot();
      return { store: await openStore({ root }), root };
    },
  };
}

const isBlob = (url: string | undefined, digest: string) => url === `/v2/faults/app/blobs/${digest}`;

/** The failed pull left no record, no temp file and not the damaged blob. */
async function assertNothingStored(store: Store, root: string, layer: Descriptor): Promise<void> {
  assert.deepEqual(await store.images.list(), []);
  assert.deepEqual(await ingestTempFiles(root), []);
  assert.equal(await store.blobs.has(layer.digest), false);
}

test('a blob whose content does not match its digest is refused and nothing is stored', async (t) => {
  const s = await setup(t);
  if (!s) return;
  s.proxy.fault = (req) => (isBlob(req.url, s.layer.digest) ? { kind: 'corrupt' } : { kind: 'pass' });
  const { store, root } = await s.emptyStore();
  await assert.rejects(pull(store, `${s.proxy.host}/faults/app:1`, OPTIONS), (err: Error) => {
    assert.match(err.message, new RegExp(`^blob ${s.layer.digest} from ${s.proxy.host}/faults/app failed verification .*nothing was stored$`));
    return true;
  });
  await assertNothingStored(store, root, s.layer);
});

test('a dropped connection and a short body mid-blob are resumed with Range requests', async (t) => {
  const s = await setup(t);
  if (!s) return;
  let faults = 0;
  s.proxy.fault = (req) => {
    if (!isBlob(req.url, s.layer.digest) || req.headers.range) return { kind: 'pass' };
    return ++faults === 1 ? { kind: 'drop', afterBytes: 20_000 } : { kind: 'truncate', bytes: 50_000 };
  };
  for (let i = 0; i < 2; i++) {
    const { store } = await s.emptyStore();
    const result = await pull(store, `${s.proxy.host}/faults/app:1`, OPTIONS);
    assert.equal(result.digest, s.image.digest);
    assert.equal((await store.blobs.stat(s.layer.digest))?.size, s.layer.size);
  }
  const ranges = s.proxy.requests.filter((r) => r.includes('range='));
  assert.deepEqual(ranges, [`GET /v2/faults/app/blobs/${s.layer.digest} range=bytes=20000-`, `GET /v2/faults/app/blobs/${s.layer.digest} range=bytes=50000-`]);
});

test('a blob that stays truncated fails after the retries, naming the blob, and stores nothing', async (t) => {
  const s = await setup(t);
  if (!s) return;
  s.proxy.fault = (req) => (isBlob(req.url, s.layer.digest) ? { kind: 'truncate', bytes: 1000 } : { kind: 'pass' });
  const { store, root } = await s.emptyStore();
  await assert.rejects(pull(store, `${s.proxy.host}/faults/app:1`, { ...OPTIONS, retries: 2 }), new RegExp(`^BerthError: blob ${s.layer.digest} from ${s.proxy.host}/faults/app was truncated: got 3000 of ${s.layer.size} bytes after 3 attempts$`));
  await assertNothingStored(store, root, s.layer);
});

test('429 and 503 are retried (Retry-After honoured); persistent 429, 401, 403 and 404 fail with docker-like messages', async (t) => {
  const s = await setup(t);
  if (!s) return;
  let answered = 0;
  s.proxy.fault = (req) => {
    if (!req.url?.includes('/manifests/') || answered >= 3) return { kind: 'pass' };
    answered++;
    return answered === 1 ? { kind: 'status', status: 429, headers: { 'retry-after': '0' } } : { kind: 'status', status: 503 };
  };
  const { store } = await s.emptyStore();
  assert.equal((await pull(store, `${s.proxy.host}/faults/app:1`, OPTIONS)).digest, s.image.digest);
  assert.equal(answered, 3);

  const cases: Array<[number, RegExp, string]> = [
    [429, /^toomanyrequests: manifest for .*faults\/app:1: too many requests; gave up after 2 attempts$/, '{"errors":[{"code":"TOOMANYREQUESTS","message":"too many requests"}]}'],
    [401, new RegExp(`^unauthorized: manifest for .*: authentication required: run 'berth login ${s.proxy.host}'$`), ''],
    [403, /^denied: manifest for .*faults\/app:1: requested access to the resource is denied$/, '{"errors":[{"code":"DENIED","message":"requested access to the resource is denied"}]}'],
  ];
  for (const [status, message, body] of cases) {
    s.proxy.fault = (req) => (req.url?.includes('/manifests/') ? { kind: 'status', status, body } : { kind: 'pass' });
    const empty = await s.emptyStore();
    await assert.rejects(pull(empty.store, `${s.proxy.host}/faults/app:1`, { ...OPTIONS, retries: 1 }), (err: Error) => {
      assert.match(err.message, message);
      return true;
    });
    assert.deepEqual(await empty.store.images.list(), []);
  }
  s.proxy.fault = (req) => (isBlob(req.url, s.layer.digest) ? { kind: 'status', status: 404, body: '{"errors":[{"code":"BLOB_UNKNOWN","message":"blob unknown to registry"}]}' } : { kind: 'pass' });
  const empty = await s.emptyStore();
  await assert.rejects(pull(empty.store, `${s.proxy.host}/faults/app:1`, OPTIONS), new RegExp(`blob ${s.layer.digest} of ${s.proxy.host}/faults/app not found: blob unknown: blob unknown to registry`));
  await assertNothingStored(empty.store, empty.root, s.layer);
});

test('large blobs go up in PATCH chunks; chunks lost to a reset connection or a 500 are resumed from the registry\'s Range', async (t) => {
  const s = await setup(t);
  if (!s) return;
  const target = `${s.proxy.host}/chunked/app:1`;
  await s.source.images.tag(target, s.image);
  let patches = 0;
  s.proxy.fault = (req) => {
    if (req.method !== 'PATCH') return { kind: 'pass' };
    patches++;
    return patches === 2 ? { kind: 'reset' } : patches === 4 ? { kind: 'status', status: 500 } : { kind: 'pass' };
  };
  const results = await push(s.source, target, { ...OPTIONS, chunkSize: 16 * 1024 });
  assert.deepEqual(results, [{ tag: '1', digest: s.image.digest, size: s.image.size }]);
  const patchCount = s.proxy.requests.filter((r) => r.startsWith('PATCH /v2/chunked/app/blobs/uploads/')).length;
  assert.equal(patchCount, Math.ceil(s.layer.size / (16 * 1024)) + 2, 'every chunk once, plus the two that failed');
  assert.equal(s.proxy.requests.filter((r) => r.startsWith('GET /v2/chunked/app/blobs/uploads/')).length, 2, 'the upload status was asked after each failure');
  s.proxy.fault = () => ({ kind: 'pass' });
  const { store } = await s.emptyStore();
  await pull(store, target, OPTIONS);
  assert.equal((await store.blobs.stat(s.layer.digest))?.size, s.layer.size);
});
