// The image commands against docker itself: the same tarball imported into berth and into a
// throwaway dockerd must list, inspect and show history the same way.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { busyboxRootfs, tempStore, type BerthStore } from '../helpers/busybox.js';
import { startDockerd, DOCKER, DOCKERD, type Dockerd } from '../helpers/dockerd.js';
import { requireRoot, requireTools } from '../helpers/tools.js';

const CHANGES = ['-c', 'CMD ["sh"]', '-c', 'LABEL version=0.1', '-c', 'ENV A=1 B=two', '-c', 'WORKDIR /tmp', '-c', 'EXPOSE 8080/tcp'];
let store: BerthStore;
let dockerd: Dockerd | undefined;

before(async () => {
  store = await tempStore();
  const rootfs = busyboxRootfs();
  await store.berthOk(['import', ...CHANGES, rootfs, 'busybox:local']);
});

after(async () => {
  await store.cleanup();
  await dockerd?.stop();
});

async function withDocker(t: import('node:test').TestContext): Promise<Dockerd | undefined> {
  if (!requireRoot(t) || !requireTools(t, DOCKERD, DOCKER)) return undefined;
  if (dockerd === undefined) {
    dockerd = await startDockerd();
    await dockerd.dockerOk(['import', ...CHANGES, busyboxRootfs(), 'busybox:local']);
  }
  return dockerd;
}

test('images lists name, tag, short ID and docker-compatible size', async (t) => {
  const docker = await withDocker(t);
  const berthOut = (await store.berthOk(['images', '--format', '{{.Repository}} {{.Tag}} {{.Size}}'])).stdout;
  assert.match((await store.berthOk(['images', '-q'])).stdout, /^[a-f0-9]{12}\n$/);
  if (docker === undefined) return;
  const dockerOut = (await docker.dockerOk(['images', '--format', '{{.Repository}} {{.Tag}} {{.Size}}'])).stdout;
  assert.equal(berthOut, dockerOut);
  // Column widths follow the CREATED text ("3 seconds ago"), which depends on timing: compare labels.
  const labels = (out: string) => out.split('\n')[0].split(/ {2,}/);
  assert.deepEqual(labels((await store.berthOk(['images'])).stdout), labels((await docker.dockerOk(['images'])).stdout));
});

test('image inspect prints the same Config, RootFS, Os and Architecture as docker', async (t) => {
  const docker = await withDocker(t);
  const fields = ['{{json .Config}}', '{{json .RootFS}}', '{{.Os}}/{{.Architecture}}', '{{json .RepoTags}}', '{{.Comment}}', '{{.Size}}'];
  for (const format of fields) {
    const ours = (await store.berthOk(['image', 'inspect', '--format', format, 'busybox:local'])).stdout;
    assert.notEqual(ours.trim(), '');
    if (docker) assert.equal(ours, (await docker.dockerOk(['image', 'inspect', '--format', format, 'busybox:local'])).stdout, format);
  }
  const all = JSON.parse((await store.berthOk(['inspect', 'busybox:local'])).stdout) as Array<Record<string, unknown>>;
  assert.equal(all.length, 1);
  assert.match(String(all[0].Id), /^sha256:[a-f0-9]{64}$/);
});

test('history shows the import entry like docker', async (t) => {
  const docker = await withDocker(t);
  const format = '{{.CreatedBy}}|{{.Size}}|{{.Comment}}';
  const ours = (await store.berthOk(['history', '--format', format, 'busybox:local'])).stdout;
  assert.match(ours, /\|Imported from /);
  if (docker) assert.equal(ours, (await docker.dockerOk(['history', '--format', format, 'busybox:local'])).stdout);
});

test('tag and rmi follow docker: untag while other tags remain, refuse an ID with several repositories', async () => {
  await store.berthOk(['tag', 'busybox:local', 'other:1']);
  const id = (await store.berthOk(['images', '-q', 'busybox:local'])).stdout.trim();
  const refused = await store.berth(['rmi', id]);
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /unable to delete [a-f0-9]{12} \(must be forced\) - image is referenced in multiple repositories/);
  assert.equal((await store.berthOk(['rmi', 'other:1'])).stdout, 'Untagged: other:1\n');
  const listed = (await store.berthOk(['images', '--format', '{{.Repository}}:{{.Tag}}'])).stdout;
  assert.equal(listed, 'busybox:local\n');
  const missing = await store.berth(['rmi', 'nothere:1']);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /No such image: nothere:1/);
});

test('re-importing under the same tag leaves a dangling image that image prune removes', async () => {
  const scratch = await tempStore();
  try {
    const rootfs = busyboxRootfs();
    await scratch.berthOk(['import', '-c', 'CMD ["a"]', rootfs, 'x:1']);
    await scratch.berthOk(['import', '-c', 'CMD ["b"]', rootfs, 'x:1']);
    const dangling = (await scratch.berthOk(['images', '--filter', 'dangling=true', '--format', '{{.Repository}}:{{.Tag}}'])).stdout;
    assert.equal(dangling, '<none>:<none>\n');
    const pruned = (await scratch.berthOk(['image', 'prune', '-f'])).stdout;
    assert.match(pruned, /^Deleted Images:\ndeleted: sha256:[a-f0-9]{64}\n\nTotal reclaimed space: /);
    assert.equal((await scratch.berthOk(['images', '-q'])).stdout.split('\n').filter(Boolean).length, 1);
  } finally {
    await scratch.cleanup();
  }
});

test('system df counts images and shared layers once', async () => {
  const out = (await store.berthOk(['system', 'df', '--format', '{{.Type}} {{.TotalCount}}'])).stdout;
  assert.match(out, /^Images 1\n/);
});
