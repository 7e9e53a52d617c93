// Interop with skopeo and umoci: our archives read as docker-archive: and oci-archive:, our
// layout unpacks with umoci, and OCI archives written by skopeo load into berth.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../../src/store/index.js';
import { busyboxRootfs, tempStore, type BerthStore } from '../helpers/busybox.js';
import { runOk } from '../helpers/process.js';
import { requireTools } from '../helpers/tools.js';

const SKOPEO = '/usr/bin/skopeo';
const UMOCI = '/usr/bin/umoci';

async function withSaved(work: (store: BerthStore, archive: string, dir: string) => Promise<void>): Promise<void> {
  const store = await tempStore();
  const dir = await mkdtemp(join(tmpdir(), 'berth-archive-peers-'));
  try {
    await store.berthOk(['import', '-c', 'CMD ["sh"]', '-c', 'ENV GREETING=hi', busyboxRootfs(), 'bb:peer']);
    await store.berthOk(['save', '-o', join(dir, 'bb.tar'), 'bb:peer']);
    await work(store, join(dir, 'bb.tar'), dir);
  } finally {
    await Promise.all([store.cleanup(), rm(dir, { recursive: true, force: true })]);
  }
}

test('skopeo inspect reads berth save as docker-archive: and oci-archive: with our digests', async (t) => {
  if (!requireTools(t, SKOPEO)) return;
  await withSaved(async (store, archive) => {
    const image = await (await openStore({ root: store.root })).findImage('bb:peer');
    const asDocker = JSON.parse((await runOk(SKOPEO, ['inspect', `docker-archive:${archive}`])).stdout);
    assert.deepEqual(asDocker.Layers, image.config.rootfs.diff_ids);
    assert.deepEqual(asDocker.Env, ['GREETING=hi']);
    const asOci = JSON.parse((await runOk(SKOPEO, ['inspect', `oci-archive:${archive}`])).stdout);
    assert.equal(asOci.Digest, image.manifestDescriptor.digest);
    assert.deepEqual(asOci.Layers, image.manifest.layers.map((l) => l.digest));
    const config = JSON.parse((await runOk(SKOPEO, ['inspect', '--config', '--raw', `oci-archive:${archive}`])).stdout);
    assert.deepEqual(config.rootfs.diff_ids, image.config.rootfs.diff_ids);
  });
});

test('umoci unpack of the OCI layout inside berth save', async (t) => {
  if (!requireTools(t, UMOCI)) return;
  await withSaved(async (_store, archive, dir) => {
    const layout = join(dir, 'layout');
    await mkdir(layout);
    await runOk('tar', ['-xf', archive, '-C', layout]);
    await runOk(UMOCI, ['unpack', '--image', `${layout}:peer`, join(dir, 'bundle')]);
    assert.ok(existsSync(join(dir, 'bundle/rootfs/bin/busybox')));
    const spec = JSON.parse(await readFile(join(dir, 'bundle/config.json'), 'utf8'));
    assert.deepEqual(spec.process.args, ['sh']);
    assert.ok(spec.process.env.includes('GREETING=hi'));
  });
});

test('OCI archives with gzip and zstd layers load (diffIDs verified) and save again for skopeo', async (t) => {
  if (!requireTools(t, SKOPEO)) return;
  await withSaved(async (store, archive, dir) => {
    const source = await (await openStore({ root: store.root })).findImage('bb:peer');
    await runOk(SKOPEO, ['copy', '-q', '--dest-compress', `docker-archive:${archive}`, `oci-archive:${dir}/gz.tar:example.com/gz:1`]);
    await runOk(SKOPEO, ['copy', '-q', '--dest-compress', '--dest-compress-format', 'zstd', `docker-archive:${archive}`, `oci-archive:${dir}/zst.tar:example.com/zst:1`]);
    const target = await tempStore();
    try {
      await target.berthOk(['load', '-i', `${dir}/gz.tar`]);
      await target.berthOk(['load', '-i', `${dir}/zst.tar`]);
      const loaded = await openStore({ root: target.root });
      for (const [name, mediaType] of [['example.com/gz:1', /tar\+gzip$/], ['example.com/zst:1', /tar\+zstd$/]] as const) {
        const image = await loaded.findImage(name);
        assert.match(image.manifest.layers[0].mediaType, mediaType);
        assert.deepEqual(image.config.rootfs.diff_ids, source.config.rootfs.diff_ids);
      }
      await target.berthOk(['save', '-o', `${dir}/again.tar`, 'example.com/gz:1']);
      const inspected = JSON.parse((await runOk(SKOPEO, ['inspect', `docker-archive:${dir}/again.tar`])).stdout);
      assert.deepEqual(inspected.Layers, source.config.rootfs.diff_ids);
    } finally {
      await target.cleanup();
    }
  });
});

test('OCI archives from skopeo load: name from ref.name, or "Loaded image ID" without one', async (t) => {
  if (!requireTools(t, SKOPEO)) return;
  await withSaved(async (_store, archive, dir) => {
    await runOk(SKOPEO, ['copy', '-q', `docker-archive:${archive}`, `oci-archive:${dir}/named.tar:example.com/team/bb:v2`]);
    await runOk(SKOPEO, ['copy', '-q', `docker-archive:${archive}`, `oci-archive:${dir}/nameless.tar`]);
    // skopeo rewrites the config when converting to OCI, so the expected ID is the one in its manifest.
    const manifest = JSON.parse((await runOk(SKOPEO, ['inspect', '--raw', `oci-archive:${dir}/nameless.tar`])).stdout);
    const id: string = manifest.config.digest;
    const target = await tempStore();
    try {
      assert.equal((await target.berthOk(['load', '-i', `${dir}/named.tar`])).stdout, 'Loaded image: example.com/team/bb:v2\n');
      assert.equal((await target.berthOk(['load', '-i', `${dir}/nameless.tar`])).stdout, `Loaded image ID: ${id}\n`);
      const loaded = await (await openStore({ root: target.root })).findImage('example.com/team/bb:v2');
      assert.equal(loaded.id, id);
    } finally {
      await target.cleanup();
    }
  });
});
