// The OCI distribution-spec conformance suite's four workflows (pull, push, content discovery,
// content management), re-done request by request with the same data shapes and the same
// assertions. conformanceSuite() registers them against a registry that `start` provides, so
// they run on every storage driver.
import { test, before, after, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { bytes, errorCode, sha256, type RegistryProcess } from './registry-fixtures.js';

const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';
const NAME = 'conformance/repo';
const CROSSMOUNT = 'conformance/crossmount';
// The suite's layer: a tar.gz holding test.txt.
const LAYER = Buffer.from(
  'H4sIAAAAAAAAA+3OQQrCMBCF4a49xXgBSUnaHMCTRBptQRNpp6i3t0UEV7oqIv7fYgbmzeJpHHSjVy0WZCa1c/MufWVe94N3RWlrZ72x3k/30nhbFWKWLPU0Dhp6keJ8im//PuU/6pZH2WVtYx8b0Sz7LjWSR5VLG6YRBumSzOlGtjkd+qDjMWiX07Befbs7AAAAAAAAAAAAAAAAAPyzO34MnqoAKAAA',
  'base64',
);
const DUMMY_DIGEST = sha256('hello world');

/** A registry with deletes enabled, and how to clean up after it. */
export interface ConformanceTarget {
  registry: RegistryProcess;
  cleanup: () => Promise<void>;
}

/**
 * Registers the four workflows as tests titled `<label>: <workflow>` against the registry
 * `startTarget` starts (once, before them). `skip` returns a reason
 * when the target cannot run here (a missing peer server).
 */
export function conformanceSuite(label: string, startTarget: () => Promise<ConformanceTarget>, skip?: () => Promise<string | undefined>): void {
  let registry: RegistryProcess;
  let cleanup: () => Promise<void> = async () => {};
  const workflow = (title: string, body: (t: TestContext) => Promise<void>) =>
    test(`${label}: ${title}`, async (t) => {
      const reason = await skip?.();
      if (reason) t.skip(reason);
      else await body(t);
    });

  /** One config per workflow, unique through a random author (as the suite does). */
  function makeConfig(): Buffer {
    return Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [] }, author: randomBytes(8).toString('hex') }, null, '\t'));
  }

  function makeManifest(config: Buffer): Buffer {
    return Buffer.from(JSON.stringify({
      schemaVersion: 2,
      mediaType: OCI_MANIFEST,
      // The suite adds inline data and an unknown field to the config descriptor: both must be accepted.
      config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: sha256(config), size: config.length, data: config.toString('base64'), newUnspecifiedField: 'aGVsbG8gd29ybGQ=' },
      layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: sha256(LAYER), size: LAYER.length }],
    }, null, '\t'));
  }

  const configs = Array.from({ length: 5 }, makeConfig);
  const manifests = configs.map(makeManifest);

  function req(method: string, path: string, init: { body?: Buffer; headers?: Record<string, string> } = {}): Promise<Response> {
    const url = path.startsWith('http') ? path : `${registry.url}${path}`;
    return fetch(url, { method, headers: init.headers, body: init.body === undefined ? undefined : bytes(init.body), redirect: 'manual' });
  }

  async function upload(name: string, blob: Buffer): Promise<Response> {
    const start = await req('POST', `/v2/${name}/blobs/uploads/`);
    assert.equal(start.status, 202);
    const location = new URL(start.headers.get('location')!, registry.url);
    location.searchParams.set('digest', sha256(blob));
    return req('PUT', location.toString(), { body: blob, headers: { 'Content-Type': 'application/octet-stream', 'Content-Length': String(blob.length) } });
  }

  function putManifest(name: string, reference: string, body: Buffer, type = OCI_MANIFEST): Promise<Response> {
    return req('PUT', `/v2/${name}/manifests/${reference}`, { body, headers: { 'Content-Type': type } });
  }

  function ok(response: Response): void {
    assert.ok(response.status >= 200 && response.status < 300, `expected 2xx, got ${response.status}`);
  }

  before(async () => {
    if (await skip?.()) return;
    ({ registry, cleanup } = await startTarget());
  });

  after(async () => {
    await registry?.stop();
    await cleanup();
  });

  workflow('pull workflow', async (t) => {
    await t.test('setup: blobs and manifests (by tag and by digest)', async () => {
      ok(await upload(NAME, configs[0]));
      ok(await upload(NAME, configs[1]));
      ok(await upload(NAME, LAYER));
      ok(await putManifest(NAME, 'tagtest0', manifests[0]));
      ok(await putManifest(NAME, sha256(manifests[1]), manifests[1]));
    });
    await t.test('blobs: HEAD/GET of missing 404, of existing 200 with Docker-Content-Digest', async () => {
      assert.equal((await req('HEAD', `/v2/${NAME}/blobs/${DUMMY_DIGEST}`)).status, 404);
      const head = await req('HEAD', `/v2/${NAME}/blobs/${sha256(configs[0])}`);
      assert.equal(head.status, 200);
      assert.equal(head.headers.get('docker-content-digest'), sha256(configs[0]));
      assert.equal(head.headers.get('content-length'), String(configs[0].length));
      assert.equal((await req('GET', `/v2/${NAME}/blobs/${DUMMY_DIGEST}`)).status, 404);
      const get = await req('GET', `/v2/${NAME}/blobs/${sha256(configs[0])}`);
      assert.equal(get.status, 200);
      assert.deepEqual(Buffer.from(await get.arrayBuffer()), configs[0]);
    });
    await t.test('manifests: HEAD/GET by digest and tag, 404 for a nonexistent one', async () => {
      const accept = { Accept: OCI_MANIFEST };
      assert.equal((await req('HEAD', `/v2/${NAME}/manifests/.INVALID_MANIFEST_NAME`)).status, 404);
      for (const manifest of [manifests[0], manifests[1]]) {
        const head = await req('HEAD', `/v2/${NAME}/manifests/${sha256(manifest)}`, { headers: accept });
        assert.equal(head.status, 200);
        assert.equal(head.headers.get('docker-content-digest'), sha256(manifest));
        const get = await req('GET', `/v2/${NAME}/manifests/${sha256(manifest)}`, { headers: accept });
        assert.equal(get.status, 200);
        assert.deepEqual(Buffer.from(await get.arrayBuffer()), manifest);
      }
      const byTag = await req('HEAD', `/v2/${NAME}/manifests/tagtest0`, { headers: accept });
      assert.equal(byTag.status, 200);
      assert.equal(byTag.headers.get('docker-content-digest'), sha256(manifests[0]));
      assert.equal((await req('GET', `/v2/${NAME}/manifests/tagtest0`, { headers: accept })).status, 200);
      assert.equal((await req('GET', `/v2/${NAME}/manifests/.INVALID_MANIFEST_NAME`)).status, 404);
    });
    await t.test('error codes: a malformed digest reference gives 400 with a spec code', async () => {
      const response = await req('GET', `/v2/${NAME}/manifests/sha256:totallywrong`);
      assert.equal(response.status, 400);
      assert.equal(await errorCode(response), 'DIGEST_INVALID');
    });
    await t.test('teardown: deletes answer 2xx', async () => {
      ok(await req('DELETE', `/v2/${NAME}/manifests/${sha256(manifests[0])}`));
      ok(await req('DELETE', `/v2/${NAME}/manifests/${sha256(manifests[1])}`));
      ok(await req('DELETE', `/v2/${NAME}/blobs/${sha256(configs[0])}`));
      ok(await req('DELETE', `/v2/${NAME}/blobs/${sha256(configs[1])}`));
      ok(await req('DELETE', `/v2/${NAME}/blobs/${sha256(LAYER)}`));
    });
  });

  workflow('push workflow', async (t) => {
    const blobA = randomBytes(42);
    const blobB = randomBytes(42);
    const chunk1 = blobB.subarray(0, 22);
    const chunk2 = blobB.subarray(22);
    const range1 = `0-${chunk1.length - 1}`;
    const range2 = `${chunk1.length}-${blobB.length - 1}`;
    await t.test('streamed: PATCH with the blob gives 202, PUT ?digest= gives 201 with Location', async () => {
      const start = await req('POST', `/v2/${NAME}/blobs/uploads/`);
      assert.ok(start.headers.get('location'));
      const patch = await req('PATCH', start.headers.get('location')!, { body: blobA, headers: { 'Content-Type': 'application/octet-stream' } });
      assert.equal(patch.status, 202);
      const done = new URL(patch.headers.get('location')!, registry.url);
      done.searchParams.set('digest', sha256(blobA));
      const put = await req('PUT', done.toString(), { headers: { 'Content-Type': 'application/octet-stream', 'Content-Length': '0' } });
      assert.equal(put.status, 201);
      assert.ok(put.headers.get('location'));
    });
    await t.test('monolithic: POST ?digest= with the blob gives 201, then GET 200', async () => {
      assert.equal((await req('GET', `/v2/${NAME}/blobs/${DUMMY_DIGEST}`)).status, 404);
      const post = await req('POST', `/v2/${NAME}/blobs/uploads/?digest=${sha256(configs[1])}`, { body: configs[1], headers: { 'Content-Type': 'application/octet-stream', 'Content-Length': String(configs[1].length) } });
      assert.equal(post.status, 201);
      assert.ok(post.headers.get('location'));
      assert.equal((await req('GET', `/v2/${NAME}/blobs/${sha256(configs[1])}`)).status, 200);
      const session = await req('POST', `/v2/${NAME}/blobs/uploads/`);
      assert.equal(session.status, 202);
      assert.equal((await upload(NAME, configs[1])).status, 201);
      const layer = await upload(NAME, LAYER);
      assert.equal(layer.status, 201);
      assert.ok(layer.headers.get('location'));
      assert.equal((await req('GET', `/v2/${NAME}/blobs/${sha256(LAYER)}`)).status, 200);
    });
    await t.test('chunked: out of order 416, in order 202 with Range, retry 416, status 204, PUT 201', async () => {
      const first = await req('POST', `/v2/${NAME}/blobs/uploads/`, { headers: { 'Content-Length': '0' } });
      const outOfOrder = await req('PATCH', first.headers.get('location')!, { body: chunk2, headers: { 'Content-Type': 'application/octet-stream', 'Content-Range': range2 } });
      assert.equal(outOfOrder.status, 416);
      const second = await req('POST', `/v2/${NAME}/blobs/uploads/`, { headers: { 'Content-Length': '0' } });
      const sessionUrl = second.headers.get('location')!;
      const patch1 = await req('PATCH', sessionUrl, { body: chunk1, headers: { 'Content-Type': 'application/octet-stream', 'Content-Range': range1 } });
      assert.equal(patch1.status, 202);
      assert.equal(patch1.headers.get('range'), range1);
      const retry = await req('PATCH', sessionUrl, { body: chunk1, headers: { 'Content-Type': 'application/octet-stream', 'Content-Range': range1 } });
      assert.equal(retry.status, 416);
      const status = await req('GET', sessionUrl);
      assert.equal(status.status, 204);
      assert.ok(status.headers.get('location'));
      assert.equal(status.headers.get('range'), range1);
      const patch2 = await req('PATCH', status.headers.get('location')!, { body: chunk2, headers: { 'Content-Type': 'application/octet-stream', 'Content-Range': range2 } });
      assert.equal(patch2.status, 202);
      assert.ok(patch2.headers.get('location'));
      const done = new URL(patch2.headers.get('location')!, registry.url);
      done.searchParams.set('digest', sha256(blobB));
      const put = await req('PUT', done.toString(), { headers: { 'Content-Length': '0', 'Content-Type': 'application/octet-stream' } });
      assert.equal(put.status, 201);
      assert.ok(put.headers.get('location'));
    });
    await t.test('cross-repository mount: without from 202, with from 201 at the new repository', async () => {
      const noFrom = await req('POST', `/v2/${CROSSMOUNT}/blobs/uploads/?mount=${DUMMY_DIGEST}`);
      assert.equal(noFrom.status, 202);
      assert.ok(noFrom.headers.get('location'));
      const mount = await req('POST', `/v2/${CROSSMOUNT}/blobs/uploads/?mount=${sha256(blobA)}&from=${NAME}`);
      assert.equal(mount.status, 201);
      assert.equal(mount.headers.get('location'), `/v2/${CROSSMOUNT}/blobs/${sha256(blobA)}`);
      assert.equal((await req('GET', mount.headers.get('location')!)).status, 200);
      const automatic = await req('POST', `/v2/${CROSSMOUNT}/blobs/uploads/?mount=${sha256(blobA)}`);
      assert.equal(automatic.status, 202);
    });
    await t.test('manifests: PUT under 4 tags 201 with Location; no layers accepted; GET by digest 200', async () => {
      assert.equal((await req('GET', `/v2/${NAME}/manifests/.INVALID_MANIFEST_NAME`)).status, 404);
      for (let i = 0; i < 4; i++) {
        const put = await putManifest(NAME, `test${i}`, manifests[1]);
        assert.equal(put.status, 201);
        assert.ok(put.headers.get('location'));
      }
      const emptyLayers = Buffer.from(JSON.stringify({
        schemaVersion: 2,
        config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: sha256(configs[1]), size: configs[1].length },
        layers: [],
      }, null, '\t'));
      const empty = await putManifest(NAME, 'emptylayer', emptyLayers);
      assert.equal(empty.status, 201);
      assert.ok(empty.headers.get('location'));
      assert.equal((await req('GET', `/v2/${NAME}/manifests/${sha256(manifests[1])}`, { headers: { Accept: OCI_MANIFEST } })).status, 200);
      ok(await req('DELETE', `/v2/${NAME}/manifests/${sha256(emptyLayers)}`));
    });
    await t.test('teardown: deletes answer 2xx', async () => {
      ok(await req('DELETE', `/v2/${NAME}/manifests/${sha256(manifests[1])}`));
      ok(await req('DELETE', `/v2/${NAME}/blobs/${sha256(configs[1])}`));
      ok(await req('DELETE', `/v2/${NAME}/blobs/${sha256(blobA)}`));
      ok(await req('DELETE', `/v2/${NAME}/blobs/${sha256(blobB)}`));
      ok(await req('DELETE', `/v2/${NAME}/blobs/${sha256(LAYER)}`));
    });
  });

  workflow('content discovery workflow', async (t) => {
    const name = 'conformance/discovery';
    const empty = Buffer.from('{}');
    const refBlobA = Buffer.from('NHL Peanut Butter on my NHL bagel');
    const refBlobB = Buffer.from('NBA Strawberry Jam on my NBA croissant');
    const typeA = 'application/vnd.nhl.peanut.butter.bagel';
    const typeB = 'application/vnd.nba.strawberry.jam.croissant';
    const emptyDescriptor = { mediaType: 'application/vnd.oci.empty.v1+json', size: 2, digest: sha256(empty) };
    const subject = (m: Buffer) => ({ mediaType: OCI_MANIFEST, size: m.length, digest: sha256(m) });
    const json = (value: unknown) => Buffer.from(JSON.stringify(value, null, '\t'));
    const annotation = 'org.opencontainers.conformance.test';
    const configArtifact = (blob: Buffer, type: string, note: string) => json({
      schemaVersion: 2, mediaType: OCI_MANIFEST, config: { mediaType: type, size: blob.length, digest: sha256(blob) }, subject: subject(manifests[4]), layers: [emptyDescriptor], annotations: { [annotation]: note },
    });
    const layerArtifact = (blob: Buffer, type: string, on: Buffer, note?: string) => json({
      schemaVersion: 2, mediaType: OCI_MANIFEST, artifactType: type, config: emptyDescriptor, subject: subject(on), layers: [{ mediaType: type, size: blob.length, digest: sha256(blob) }],
      ...(note ? { annotations: { [annotation]: note } } : {}),
    });
    const aConfig = configArtifact(refBlobA, typeA, 'test config a');
    const aLayer = layerArtifact(refBlobA, typeA, manifests[4], 'test layer a');
    const bConfig = configArtifact(refBlobB, typeB, 'test config b');
    const bLayer = layerArtifact(refBlobB, typeB, manifests[4], 'test layer b');
    const cLayer = layerArtifact(refBlobB, typeB, manifests[3]);
    const index = json({
      schemaVersion: 2, mediaType: OCI_INDEX, artifactType: 'application/vnd.food.stand',
      manifests: [subject(aConfig), subject(aLayer)], subject: subject(manifests[4]), annotations: { [annotation]: 'test index' },
    });
    const notes: Record<string, string> = {
      [sha256(aConfig)]: 'test config a', [sha256(aLayer)]: 'test layer a', [sha256(bConfig)]: 'test config b', [sha256(bLayer)]: 'test layer b', [sha256(index)]: 'test index',
    };
    let tags: string[] = [];

    await t.test('setup: tags, referrers before and after their subject, a referrer of a missing subject', async () => {
      ok(await upload(name, configs[2]));
      ok(await upload(name, LAYER));
      for (let i = 0; i < 4; i++) ok(await putManifest(name, `test${i}`, manifests[2]));
      ok(await upload(name, empty));
      ok(await upload(name, refBlobA));
      for (const [body, type] of [[aConfig, OCI_MANIFEST], [aLayer, OCI_MANIFEST], [index, OCI_INDEX]] as const) {
        const put = await putManifest(name, sha256(body), body, type);
        ok(put);
        assert.equal(put.headers.get('oci-subject'), sha256(manifests[4]));
      }
      ok(await upload(name, configs[4]));
      ok(await putManifest(name, 'tagtest0', manifests[4]));
      ok(await upload(name, refBlobB));
      for (const body of [bConfig, bLayer]) {
        const put = await putManifest(name, sha256(body), body);
        ok(put);
        assert.equal(put.headers.get('oci-subject'), sha256(manifests[4]));
      }
      const c = await putManifest(name, sha256(cLayer), cLayer);
      ok(c);
      assert.equal(c.headers.get('oci-subject'), sha256(manifests[3]));
    });
    await t.test('tags list: all, limited by n, continued after last with a Link header', async () => {
      const all = await req('GET', `/v2/${name}/tags/list`);
      assert.equal(all.status, 200);
      tags = ((await all.json()) as { tags: string[] }).tags;
      assert.deepEqual(tags, ['tagtest0', 'test0', 'test1', 'test2', 'test3']);
      const half = Math.floor(tags.length / 2);
      const page = await req('GET', `/v2/${name}/tags/list?n=${half}`);
      assert.equal(page.status, 200);
      const first = ((await page.json()) as { tags: string[] }).tags;
      assert.equal(first.length, half);
      assert.equal(page.headers.get('link'), `</v2/${name}/tags/list?n=${half}&last=${first[half - 1]}>; rel="next"`);
      const next = await req('GET', `/v2/${name}/tags/list?n=${half}&last=${first[half - 1]}`);
      const second = ((await next.json()) as { tags: string[] }).tags;
      assert.ok(second.length <= half);
      assert.ok(!second.includes(first[half - 1]));
      assert.deepEqual(second, tags.slice(half, half * 2));
    });
    await t.test('referrers: empty index for an unknown digest, all five with annotations, filtered by artifactType', async () => {
      const none = await req('GET', `/v2/${name}/referrers/${DUMMY_DIGEST}`);
      assert.equal(none.status, 200);
      assert.equal(none.headers.get('content-type'), OCI_INDEX);
      assert.deepEqual(((await none.json()) as { manifests: unknown[] }).manifests, []);
      type Index = { manifests: { digest: string; artifactType?: string; annotations: Record<string, string> }[] };
      const all = await req('GET', `/v2/${name}/referrers/${sha256(manifests[4])}`);
      assert.equal(all.status, 200);
      assert.equal(all.headers.get('content-type'), OCI_INDEX);
      const listed = ((await all.json()) as Index).manifests;
      assert.equal(listed.length, 5);
      for (const entry of listed) assert.deepEqual(entry.annotations, { [annotation]: notes[entry.digest] });
      const filtered = await req('GET', `/v2/${name}/referrers/${sha256(manifests[4])}?artifactType=${typeA}`);
      assert.equal(filtered.headers.get('oci-filters-applied'), 'artifactType');
      const onlyA = ((await filtered.json()) as Index).manifests;
      assert.deepEqual(onlyA.map((e) => e.digest).sort(), [sha256(aConfig), sha256(aLayer)].sort());
      const missingSubject = await req('GET', `/v2/${name}/referrers/${sha256(manifests[3])}`);
      assert.deepEqual(((await missingSubject.json()) as Index).manifests.map((e) => e.digest), [sha256(cLayer)]);
    });
    await t.test('teardown: manifests and tags deleted', async () => {
      for (const body of [aConfig, aLayer, index, bConfig, bLayer, cLayer, manifests[4], manifests[2]]) ok(await req('DELETE', `/v2/${name}/manifests/${sha256(body)}`));
      const left = await req('GET', `/v2/${name}/tags/list`);
      assert.deepEqual(((await left.json()) as { tags: string[] }).tags, []);
      const referrers = await req('GET', `/v2/${name}/referrers/${sha256(manifests[4])}`);
      assert.deepEqual(((await referrers.json()) as { manifests: unknown[] }).manifests, []);
    });
  });

  workflow('content management workflow', async (t) => {
    const name = 'conformance/management';
    let tagCount = 0;
    await t.test('setup', async () => {
      ok(await upload(name, configs[3]));
      ok(await upload(name, LAYER));
      ok(await putManifest(name, 'tagtest0', manifests[3]));
      ok(await putManifest(name, 'other', manifests[3]));
      tagCount = ((await (await req('GET', `/v2/${name}/tags/list`)).json()) as { tags: string[] }).tags.length;
      assert.equal(tagCount, 2);
    });
    await t.test('manifest delete: tag 202, digest 202, then GET 404 and fewer tags', async () => {
      assert.equal((await req('DELETE', `/v2/${name}/manifests/tagtest0`)).status, 202);
      assert.equal((await req('GET', `/v2/${name}/manifests/${sha256(manifests[3])}`)).status, 200);
      assert.equal((await req('DELETE', `/v2/${name}/manifests/${sha256(manifests[3])}`)).status, 202);
      const gone = await req('GET', `/v2/${name}/manifests/${sha256(manifests[3])}`);
      assert.equal(gone.status, 404);
      assert.equal(await errorCode(gone), 'MANIFEST_UNKNOWN');
      const tags = ((await (await req('GET', `/v2/${name}/tags/list`)).json()) as { tags: string[] }).tags;
      assert.ok(tags.length < tagCount);
      assert.deepEqual(tags, []);
    });
    await t.test('blob delete: 202, then GET 404 BLOB_UNKNOWN', async () => {
      assert.equal((await req('DELETE', `/v2/${name}/blobs/${sha256(configs[3])}`)).status, 202);
      assert.equal((await req('DELETE', `/v2/${name}/blobs/${sha256(LAYER)}`)).status, 202);
      const gone = await req('GET', `/v2/${name}/blobs/${sha256(configs[3])}`);
      assert.equal(gone.status, 404);
      assert.equal(await errorCode(gone), 'BLOB_UNKNOWN');
    });
  });
}
