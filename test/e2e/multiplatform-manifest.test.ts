// `manifest create/annotate/rm` on local images: busybox:multiarch assembled from three
// `import --platform` images, stored as one index under its tag.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatPlatform, OCI_INDEX, type Index } from '../../src/core/index.js';
import { openStore } from '../../src/store/index.js';
import { busyboxRootfs } from '../helpers/busybox.js';
import { BASE_PLATFORMS, multiarchStore } from './multiplatform-helpers.js';

const store = multiarchStore();

async function listIndex(name: string): Promise<Index> {
  const s = await openStore({ root: store.root });
  const record = await s.images.get(name);
  assert.ok(record, `no record ${name}`);
  return s.blobs.readJson<Index>(record.target.digest);
}

test('manifest create stores one index with each image platform from its config', async () => {
  const index = await listIndex('docker.io/library/busybox:multiarch');
  assert.equal(index.mediaType, OCI_INDEX);
  assert.deepEqual(index.manifests.map((m) => formatPlatform(m.platform!)), BASE_PLATFORMS.map((b) => b.platform));
  for (const base of BASE_PLATFORMS) {
    const single = (await store.berthOk(['image', 'inspect', '--format', '{{.Id}}', base.tag])).stdout;
    const picked = (await store.berthOk(['image', 'inspect', '--platform', base.platform, '--format', '{{.Id}}', 'busybox:multiarch'])).stdout;
    assert.equal(picked, single, base.platform);
  }
  const arm = JSON.parse((await store.berthOk(['image', 'inspect', '--platform', 'linux/arm/v7', 'busybox:multiarch'])).stdout) as Array<Record<string, string>>;
  assert.deepEqual([arm[0].Os, arm[0].Architecture, arm[0].Variant], ['linux', 'arm', 'v7']);
  // One row for the list, beside the three single-platform images.
  const rows = (await store.berthOk(['images', '--format', '{{.Repository}}:{{.Tag}}'])).stdout.trim().split('\n');
  assert.equal(rows.filter((r) => r === 'busybox:multiarch').length, 1);
  assert.equal(rows.length, 4);
});

test('manifest create refuses an existing list without --amend; --amend replaces the same platform', async () => {
  const refused = await store.berth(['manifest', 'create', 'busybox:multiarch', 'busybox:linux-amd64']);
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /refusing to amend an existing manifest list with no --amend flag: busybox:multiarch/);
  const nested = await store.berth(['manifest', 'create', 'other:list', 'busybox:multiarch']);
  assert.match(nested.stderr, /busybox:multiarch is a manifest list/);
  const missing = await store.berth(['manifest', 'create', 'other:list', 'nothere:1']);
  assert.match(missing.stderr, /No such image: nothere:1/);

  await store.berthOk(['manifest', 'create', 'busybox:amended', 'busybox:linux-amd64', 'busybox:linux-arm64']);
  await store.berthOk(['import', '--platform', 'linux/arm64', '-c', 'CMD ["true"]', busyboxRootfs('arm64'), 'busybox:arm64-new']);
  const out = await store.berthOk(['manifest', 'create', '--amend', 'busybox:amended', 'busybox:arm64-new', 'busybox:linux-arm-v7']);
  assert.equal(out.stdout, 'Created manifest list docker.io/library/busybox:amended\n');
  const index = await listIndex('docker.io/library/busybox:amended');
  assert.deepEqual(index.manifests.map((m) => formatPlatform(m.platform!)), ['linux/amd64', 'linux/arm64', 'linux/arm/v7']);
  const newId = (await store.berthOk(['image', 'inspect', '--format', '{{.Id}}', 'busybox:arm64-new'])).stdout;
  assert.equal((await store.berthOk(['image', 'inspect', '--platform', 'linux/arm64', '--format', '{{.Id}}', 'busybox:amended'])).stdout, newId);
});

test('manifest annotate sets the platform of one entry, normalized', async () => {
  await store.berthOk(['manifest', 'create', 'busybox:annotated', 'busybox:linux-amd64', 'busybox:linux-arm-v7']);
  await store.berthOk(['manifest', 'annotate', '--arch', 'armhf', '--os-version', '1.0', 'busybox:annotated', 'busybox:linux-arm-v7']);
  const entry = (await listIndex('docker.io/library/busybox:annotated')).manifests[1];
  assert.deepEqual(entry.platform, { os: 'linux', architecture: 'arm', variant: 'v7', 'os.version': '1.0' });
  await store.berthOk(['manifest', 'annotate', '--variant', 'v6', 'busybox:annotated', 'busybox:linux-arm-v7']);
  assert.equal((await listIndex('docker.io/library/busybox:annotated')).manifests[1].platform?.variant, 'v6');
  const absent = await store.berth(['manifest', 'annotate', '--os', 'linux', 'busybox:annotated', 'busybox:linux-arm64']);
  assert.match(absent.stderr, /manifest for image busybox:linux-arm64 does not exist in busybox:annotated/);
});

test('manifest rm removes lists only, keeping their images', async () => {
  await store.berthOk(['manifest', 'create', 'busybox:gone', 'busybox:linux-amd64']);
  await store.berthOk(['manifest', 'rm', 'busybox:gone']);
  assert.equal((await store.berth(['image', 'inspect', 'busybox:gone'])).code, 1);
  await store.berthOk(['image', 'inspect', 'busybox:linux-amd64']);
  const notList = await store.berth(['manifest', 'rm', 'busybox:linux-amd64']);
  assert.equal(notList.code, 1);
  assert.match(notList.stderr, /No such manifest: busybox:linux-amd64/);
});
