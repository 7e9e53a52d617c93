// Crashes and concurrency: SIGKILL during 20 concurrent pushes (completed pushes intact, no
// partial blob ever stored or served), resuming an interrupted upload after a restart, the
// same blob pushed by many clients at once, and a full disk.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { runOk, runProcess } from '../helpers/process.js';
import { requireRoot } from '../helpers/tools.js';
import { bytes, errorCode, makeImage, pushBlob, pushImage, sha256, startRegistryProcess, tempDir, type TestImage } from './registry-fixtures.js';

/** Every file under blobs/ holds exactly the content its name promises. */
async function assertBlobsVerified(storage: string): Promise<number> {
  let count = 0;
  const root = join(storage, 'blobs', 'sha256');
  for (const prefix of await readdir(root).catch(() => [])) {
    for (const hex of await readdir(join(root, prefix))) {
      assert.ok(!hex.startsWith('.'), `temp file left among blobs: ${prefix}/${hex}`);
      const digest = createHash('sha256').update(await readFile(join(root, prefix, hex))).digest('hex');
      assert.equal(digest, hex, `blob file ${hex} holds other content`);
      count++;
    }
  }
  return count;
}

async function assertImageServed(url: string, name: string, tag: string, image: TestImage): Promise<void> {
  const manifest = await fetch(`${url}/v2/${name}/manifests/${tag}`);
  assert.equal(manifest.status, 200, `${name}:${tag}`);
  assert.deepEqual(Buffer.from(await manifest.arrayBuffer()), image.manifest);
  for (const blob of [image.config, ...image.layers]) {
    const response = await fetch(`${url}/v2/${name}/blobs/${sha256(blob)}`);
    assert.equal(response.status, 200);
    assert.equal(sha256(Buffer.from(await response.arrayBuffer())), sha256(blob));
  }
}

test('SIGKILL at random moments during 20 concurrent pushes: completed pushes intact, no partial blob', async () => {
  const { dir, cleanup } = await tempDir('berth-registry-crash-');
  const storage = join(dir, 'storage');
  const completed: { name: string; image: TestImage }[] = [];
  try {
    for (let round = 0; round < 3; round++) {
      const registry = await startRegistryProcess(storage);
      const images = await Promise.all(Array.from({ length: 20 }, () => makeImage(2, 300_000)));
      const pushes = images.map(async (image, i) => {
        const name = `crash/r${round}-i${i}`;
        try {
          const response = await pushImage(registry.url, name, image, 'v1');
          if (response.status === 201) completed.push({ name, image });
        } catch {
          // The server died mid-push: this push did not complete.
        }
      });
      await sleep(50 + Math.floor(Math.random() * 400));
      registry.child.kill('SIGKILL');
      await Promise.all(pushes);
      await registry.stop();
    }
    const registry = await startRegistryProcess(storage);
    try {
      // What the killed servers were writing is gone once a server starts again.
      assert.deepEqual(await readdir(join(storage, '.tmp')).catch(() => []), []);
      for (const { name, image } of completed) await assertImageServed(registry.url, name, 'v1', image);
      assert.ok((await assertBlobsVerified(storage)) >= completed.length * 3);
      // A push that was cut can simply be done again.
      const again = await makeImage(2, 300_000);
      assert.equal((await pushImage(registry.url, 'crash/r0-i0', again, 'retry')).status, 201);
      await assertImageServed(registry.url, 'crash/r0-i0', 'retry', again);
    } finally {
      await registry.stop();
    }
  } finally {
    await cleanup();
  }
});

test('an upload interrupted by a crash resumes after restart from the size the server reports', async () => {
  const { dir, cleanup } = await tempDir('berth-registry-resume-');
  const storage = join(dir, 'storage');
  const blob = randomBytes(256 * 1024);
  try {
    let registry = await startRegistryProcess(storage);
    const start = await fetch(`${registry.url}/v2/resume/me/blobs/uploads/`, { method: 'POST' });
    const location = start.headers.get('location')!;
    const first = await fetch(new URL(location, registry.url), { method: 'PATCH', body: bytes(blob.subarray(0, 100_000)), headers: { 'Content-Range': '0-99999' } });
    assert.equal(first.status, 202);
    registry.child.kill('SIGKILL');
    await registry.stop();
    registry = await startRegistryProcess(storage);
    try {
      const status = await fetch(new URL(location, registry.url));
      assert.equal(status.status, 204);
      assert.equal(status.headers.get('range'), '0-99999');
      const rest = await fetch(new URL(location, registry.url), { method: 'PATCH', body: bytes(blob.subarray(100_000)), headers: { 'Content-Range': `100000-${blob.length - 1}` } });
      assert.equal(rest.status, 202);
      const done = new URL(location, registry.url);
      done.searchParams.set('digest', sha256(blob));
      assert.equal((await fetch(done, { method: 'PUT' })).status, 201);
      const served = await fetch(`${registry.url}/v2/resume/me/blobs/${sha256(blob)}`);
      assert.deepEqual(Buffer.from(await served.arrayBuffer()), blob);
    } finally {
      await registry.stop();
    }
  } finally {
    await cleanup();
  }
});

test('the same blob pushed by 10 clients at once is stored once, intact', async () => {
  const { dir, cleanup } = await tempDir('berth-registry-same-blob-');
  const storage = join(dir, 'storage');
  const registry = await startRegistryProcess(storage);
  try {
    const blob = randomBytes(2 * 1024 * 1024);
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => pushBlob(registry.url, `same/repo${i % 3}`, blob)));
    assert.deepEqual(results.map((r) => r.status), Array(10).fill(201));
    for (let i = 0; i < 3; i++) {
      const served = await fetch(`${registry.url}/v2/same/repo${i}/blobs/${sha256(blob)}`);
      assert.equal(sha256(Buffer.from(await served.arrayBuffer())), sha256(blob));
    }
    assert.equal(await assertBlobsVerified(storage), 1);
    assert.deepEqual(await readdir(join(storage, 'uploads')), []);
  } finally {
    await registry.stop();
    await cleanup();
  }
});

test('a full disk gives a 5xx and a clear log line, never a corrupt blob', async (t) => {
  if (!requireRoot(t)) return;
  const { dir, cleanup } = await tempDir('berth-registry-full-');
  const storage = join(dir, 'storage');
  await mkdir(storage);
  await runOk('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', storage]);
  try {
    const registry = await startRegistryProcess(storage);
    try {
      const small = await makeImage(1, 1000);
      assert.equal((await pushImage(registry.url, 'full/disk', small, 'v1')).status, 201);
      const big = randomBytes(3 * 1024 * 1024);
      const refused = await pushBlob(registry.url, 'full/disk', big).catch(() => undefined);
      if (refused) {
        assert.equal(refused.status, 507);
        assert.equal(await errorCode(refused).catch(() => 'UNKNOWN'), 'UNKNOWN');
      }
      assert.match(await registry.logsWhen((logs) => /storage is full/.test(logs)), /storage is full/);
      assert.equal((await fetch(`${registry.url}/v2/full/disk/blobs/${sha256(big)}`, { method: 'HEAD' })).status, 404);
      await assertImageServed(registry.url, 'full/disk', 'v1', small);
      await assertBlobsVerified(storage);
    } finally {
      await registry.stop();
    }
  } finally {
    await runProcess('umount', [storage]);
    await cleanup();
  }
});
