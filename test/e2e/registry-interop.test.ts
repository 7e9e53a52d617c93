// Real clients against `berth registry serve`: skopeo both directions, docker push/pull
// ("Layer already exists" on the second push), podman push/pull.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { busyboxRootfs } from '../helpers/busybox.js';
import { startDockerd, DOCKER, DOCKERD } from '../helpers/dockerd.js';
import { runOk, runProcess } from '../helpers/process.js';
import { requireRoot, requireTools } from '../helpers/tools.js';
import { makeImage, sha256, startRegistryProcess, tempDir, writeOciLayout } from './registry-fixtures.js';

const SKOPEO = '/usr/bin/skopeo';
const PODMAN = '/usr/bin/podman';

test('skopeo copies an OCI image into the registry and back, byte for byte', async (t) => {
  if (!requireTools(t, SKOPEO)) return;
  const { dir, cleanup } = await tempDir('berth-registry-skopeo-');
  const registry = await startRegistryProcess(join(dir, 'storage'));
  try {
    const image = await makeImage(3, 200_000);
    await writeOciLayout(join(dir, 'src'), image, 'v1');
    const first = await runOk(SKOPEO, ['copy', '--dest-tls-verify=false', `oci:${join(dir, 'src')}:v1`, `docker://${registry.host}/skopeo/image:v1`]);
    assert.match(first.stderr + first.stdout, /Writing manifest to image destination/);
    // The uploads logged before a marker request made after the copy: the server logs each
    // request once its response is sent, so every request of the copy comes first.
    const uploadsThrough = async (marker: string): Promise<number> => {
      await fetch(`${registry.url}/v2/`, { headers: { 'X-Request-Id': marker } });
      const logs = await registry.logsWhen((text) => text.includes(`"requestId":"${marker}"`));
      return logs.split('\n').filter((line) => line.includes('"route":"upload"')).length;
    };
    const uploadsBefore = await uploadsThrough('after-first-copy');
    assert.ok(uploadsBefore >= 6, 'the first copy uploaded config and layers');
    await runOk(SKOPEO, ['copy', '--dest-tls-verify=false', `oci:${join(dir, 'src')}:v1`, `docker://${registry.host}/skopeo/image:v2`]);
    assert.equal(await uploadsThrough('after-second-copy'), uploadsBefore, 'the second copy found every blob present and uploaded none');
    await runOk(SKOPEO, ['copy', '--src-tls-verify=false', `docker://${registry.host}/skopeo/image:v2`, `oci:${join(dir, 'back')}:v2`]);
    for (const blob of [image.manifest, image.config, ...image.layers]) {
      assert.deepEqual(await readFile(join(dir, 'back', 'blobs', 'sha256', sha256(blob).slice(7))), blob);
    }
    const inspect = JSON.parse((await runOk(SKOPEO, ['inspect', '--tls-verify=false', `docker://${registry.host}/skopeo/image:v1`])).stdout) as { Digest: string; RepoTags: string[] };
    assert.equal(inspect.Digest, image.digest);
    assert.deepEqual(inspect.RepoTags, ['v1', 'v2']);
  } finally {
    await registry.stop();
    await cleanup();
  }
});

test('docker pushes to and pulls from the registry; a second push says "Layer already exists"', async (t) => {
  if (!requireRoot(t) || !requireTools(t, DOCKERD, DOCKER)) return;
  const { dir, cleanup } = await tempDir('berth-registry-docker-');
  const registry = await startRegistryProcess(join(dir, 'storage'));
  const dockerd = await startDockerd();
  try {
    const ref = `${registry.host}/library/busybox:local`;
    await dockerd.dockerOk(['import', '-c', 'CMD ["sh"]', busyboxRootfs(), ref]);
    const id = (await dockerd.dockerOk(['image', 'inspect', '--format', '{{.Id}}', ref])).stdout.trim();
    const push = await dockerd.dockerOk(['push', ref]);
    assert.match(push.stdout, /Pushed/);
    const digest = /digest: (sha256:[0-9a-f]{64})/.exec(push.stdout)?.[1];
    assert.ok(digest, push.stdout);
    const second = await dockerd.dockerOk(['push', ref]);
    assert.match(second.stdout, /Layer already exists/);
    await dockerd.dockerOk(['rmi', ref]);
    const pull = await dockerd.dockerOk(['pull', ref]);
    assert.match(pull.stdout, new RegExp(`Digest: ${digest}`));
    assert.equal((await dockerd.dockerOk(['image', 'inspect', '--format', '{{.Id}}', ref])).stdout.trim(), id);
    const manifest = await fetch(`${registry.url}/v2/library/busybox/manifests/local`, { headers: { Accept: 'application/vnd.docker.distribution.manifest.v2+json' } });
    assert.equal(manifest.status, 200);
    assert.equal(manifest.headers.get('docker-content-digest'), digest);
  } finally {
    await dockerd.stop();
    await registry.stop();
    await cleanup();
  }
});

test('podman pushes to and pulls from the registry', async (t) => {
  if (!requireRoot(t) || !requireTools(t, PODMAN)) return;
  const { dir, cleanup } = await tempDir('berth-registry-podman-');
  const registry = await startRegistryProcess(join(dir, 'storage'));
  const podman = (args: string[]) => runOk(PODMAN, ['--root', join(dir, 'root'), '--runroot', join(dir, 'run'), '--storage-driver', 'vfs', ...args]);
  try {
    const ref = `${registry.host}/podman/busybox:v1`;
    await podman(['import', busyboxRootfs(), ref]);
    await podman(['push', '--tls-verify=false', ref]);
    const tags = (await (await fetch(`${registry.url}/v2/podman/busybox/tags/list`)).json()) as { tags: string[] };
    assert.deepEqual(tags.tags, ['v1']);
    await podman(['rmi', ref]);
    await podman(['pull', '--tls-verify=false', ref]);
    const listed = (await podman(['images', '--format', '{{.Repository}}:{{.Tag}}'])).stdout;
    assert.match(listed, new RegExp(`${registry.host}/podman/busybox:v1`));
  } finally {
    await runProcess(PODMAN, ['--root', join(dir, 'root'), '--runroot', join(dir, 'run'), '--storage-driver', 'vfs', 'system', 'reset', '--force']);
    await registry.stop();
    await cleanup();
  }
});
