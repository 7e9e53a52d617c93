// berth import / save / load on their own: formats, names, determinism, and bad input leaving
// the store unchanged.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { OCI_INDEX } from '../../src/core/index.js';
import { openStore } from '../../src/store/index.js';
import { BERTH_BIN, busyboxRootfs, tempStore, type BerthStore } from '../helpers/busybox.js';
import { runProcess } from '../helpers/process.js';
import { editTarFile, readTarFile } from '../helpers/tar-fixtures.js';
import { storeSnapshot } from '../helpers/store-snapshot.js';

async function withStores<T>(work: (a: BerthStore, b: BerthStore, dir: string) => Promise<T>): Promise<T> {
  const a = await tempStore();
  const b = await tempStore();
  const dir = await mkdtemp(join(tmpdir(), 'berth-archive-test-'));
  try {
    return await work(a, b, dir);
  } finally {
    await Promise.all([a.cleanup(), b.cleanup(), rm(dir, { recursive: true, force: true })]);
  }
}

async function imageOf(root: string, name: string) {
  const store = await openStore({ root });
  return store.findImage(name);
}

test('import: prints sha256:<id>; config, history and --change like docker import', async () => {
  await withStores(async (a) => {
    const rootfs = busyboxRootfs();
    const out = await a.berthOk(['import', '-m', 'msg here', '-c', 'CMD ["echo","hi"]', '-c', 'ENV A=1 B="x y"', '-c', 'EXPOSE 80 90/udp',
      '-c', 'WORKDIR app', '-c', 'ONBUILD RUN echo', '-c', 'VOLUME /data /x', '-c', 'STOPSIGNAL SIGINT', '-c', 'LABEL a=b', '-c', 'USER nobody', rootfs, 'bb:imp2']);
    const image = await imageOf(a.root, 'bb:imp2');
    assert.equal(out.stdout, `${image.id}\n`);
    const { config } = image;
    assert.equal((config as { comment?: string }).comment, 'msg here');
    assert.deepEqual(config.history, [{ created: config.created, comment: 'msg here' }]);
    assert.equal(config.os, 'linux');
    assert.deepEqual(config.config?.Cmd, ['echo', 'hi']);
    assert.deepEqual(config.config?.Env, ['A=1', 'B=x y']);
    assert.deepEqual(config.config?.ExposedPorts, { '80/tcp': {}, '90/udp': {} });
    assert.equal(config.config?.WorkingDir, '/app');
    assert.deepEqual(config.config?.OnBuild, ['RUN echo']);
    assert.deepEqual(config.config?.Volumes, { '/data': {}, '/x': {} });
    assert.equal(config.config?.StopSignal, 'SIGINT');
    assert.deepEqual(config.config?.Labels, { a: 'b' });
    assert.equal(config.config?.User, 'nobody');
    const diffId = `sha256:${createHash('sha256').update(await readFile(rootfs)).digest('hex')}`;
    assert.deepEqual(config.rootfs.diff_ids, [diffId]);
  });
});

test('import: gzip, zstd and stdin give the same layer; history says "Imported from -"; bad --change is refused', async () => {
  await withStores(async (a, _b, dir) => {
    const rootfs = busyboxRootfs();
    execFileSync('sh', ['-c', `gzip -c ${rootfs} > ${dir}/r.tgz && zstd -q -c ${rootfs} > ${dir}/r.tzst`]);
    await a.berthOk(['import', `${dir}/r.tgz`, 'bb:gz']);
    await a.berthOk(['import', '-', 'bb:zst'], { input: { file: `${dir}/r.tzst` } });
    await a.berthOk(['import', '--platform', 'linux/arm64', rootfs, 'bb:arm']);
    const gz = await imageOf(a.root, 'bb:gz');
    const zst = await imageOf(a.root, 'bb:zst');
    assert.deepEqual(gz.config.rootfs, zst.config.rootfs);
    assert.equal(gz.config.history?.[0].comment, 'Imported from -');
    assert.equal((await imageOf(a.root, 'bb:arm')).config.architecture, 'arm64');
    const bad = await a.berth(['import', '-c', 'RUN echo', rootfs]);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /^Error: run is not a valid change command/);
    const notTar = await a.berth(['import', '-', 'bb:bad'], { input: 'this is not a tarball, only text that is long enough '.repeat(20) });
    assert.equal(notTar.code, 1);
    assert.match(notTar.stderr, /not a valid tar archive/);
  });
});

test('import from an http:// URL: history says "Imported from URL"', async () => {
  await withStores(async (a, _b, dir) => {
    execFileSync('sh', ['-c', `gzip -c ${busyboxRootfs()} > ${dir}/r.tgz`]);
    const body = await readFile(`${dir}/r.tgz`);
    const server = createServer((req, res) => {
      if (req.url === '/r.tgz') res.end(body);
      else res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/r.tgz`;
      await a.berthOk(['import', url, 'bb:url']);
      assert.equal((await imageOf(a.root, 'bb:url')).config.history?.[0].comment, `Imported from ${url}`);
      const missing = await a.berth(['import', url.replace('r.tgz', 'nope.tgz')]);
      assert.equal(missing.code, 1);
      assert.match(missing.stderr, /HTTP 404/);
    } finally {
      server.close();
    }
  });
});

test('save → load: same manifest and config digests and names in a fresh store; docker\'s output lines', async () => {
  await withStores(async (a, b, dir) => {
    const rootfs = busyboxRootfs();
    await a.berthOk(['import', rootfs, 'bb:one']);
    await a.berthOk(['tag', 'bb:one', 'bb:two']).catch(() => a.berthOk(['import', rootfs, 'bb:two']));
    const untagged = (await a.berthOk(['import', '-c', 'CMD ["sh"]', rootfs])).stdout.trim();
    await a.berthOk(['save', '-o', `${dir}/all.tar`, 'bb', untagged]);
    const loaded = await b.berthOk(['load', '-i', `${dir}/all.tar`]);
    const lines = loaded.stdout.trim().split('\n');
    assert.ok(lines.includes('Loaded image: bb:one') && lines.includes('Loaded image: bb:two'), loaded.stdout);
    assert.ok(lines.includes(`Loaded image ID: ${untagged}`), loaded.stdout);
    for (const name of ['bb:one', 'bb:two']) {
      const [before, after] = [await imageOf(a.root, name), await imageOf(b.root, name)];
      assert.equal(after.id, before.id);
      assert.equal(after.manifestDescriptor.digest, before.manifestDescriptor.digest);
    }
    assert.equal((await imageOf(b.root, untagged)).id, untagged);
    await b.berthOk(['import', '-c', 'CMD ["other"]', rootfs, 'bb:one']);
    const moved = (await imageOf(b.root, 'bb:one')).id;
    const again = await b.berthOk(['load', '-i', `${dir}/all.tar`]);
    assert.match(again.stdout, new RegExp(`^The image bb:one already exists, renaming the old one with ID ${moved} to empty string\nLoaded image: bb:one$`, 'm'));
  });
});

test('save: docker 25 layout, deterministic bytes and entry order; gzip and zstd archives load', async () => {
  await withStores(async (a, b, dir) => {
    await a.berthOk(['import', busyboxRootfs(), 'bb:det']);
    await a.berthOk(['save', '-o', `${dir}/1.tar`, 'bb:det']);
    await a.berthOk(['save', 'bb:det'], { stdoutFile: `${dir}/2.tar` });
    assert.deepEqual(await readFile(`${dir}/1.tar`), await readFile(`${dir}/2.tar`));
    const names = (await readTarFile(`${dir}/1.tar`)).map((e) => e.header.name);
    assert.deepEqual(names.slice(0, 2), ['blobs/', 'blobs/sha256/']);
    assert.deepEqual(names.slice(-4), ['index.json', 'manifest.json', 'oci-layout', 'repositories']);
    assert.equal(names.length, 2 + 3 + 4);
    const entries = await readTarFile(`${dir}/1.tar`);
    const index = JSON.parse(entries.find((e) => e.header.name === 'index.json')!.body.toString());
    assert.deepEqual(index.manifests[0].annotations, { 'io.containerd.image.name': 'docker.io/library/bb:det', 'org.opencontainers.image.ref.name': 'det' });
    const manifest = JSON.parse(entries.find((e) => e.header.name === 'manifest.json')!.body.toString());
    assert.deepEqual(manifest[0].RepoTags, ['bb:det']);
    assert.ok(entries.every((e) => e.header.mtime.getTime() === 0 && e.header.uid === 0));
    const badDir = await a.berth(['save', '-o', `${dir}/missing/x.tar`, 'bb:det']);
    assert.equal(badDir.code, 1);
    assert.equal(badDir.stderr, `Error: failed to save image: invalid output path: directory "${dir}/missing" does not exist\n`);
    const closed = await runProcess('sh', ['-c', `"${process.execPath}" "${BERTH_BIN}" --root "${a.root}" save bb:det | head -c 10 >/dev/null; echo "\${PIPESTATUS:-}"`]);
    assert.doesNotMatch(closed.stderr, /triggerUncaughtException|Unhandled/, 'a closed pipe is an error line, not a crash');
    execFileSync('sh', ['-c', `gzip -c ${dir}/1.tar > ${dir}/1.tgz && zstd -q -c ${dir}/1.tar > ${dir}/1.tzst`]);
    assert.equal((await b.berthOk(['load', '-q', '-i', `${dir}/1.tgz`])).stdout, 'Loaded image: bb:det\n');
    assert.equal((await b.berthOk(['load'], { input: { file: `${dir}/1.tzst` } })).stdout, 'Loaded image: bb:det\n');
  });
});

test('save → load of a multi-platform image keeps the whole index; manifest.json holds the host platform', async () => {
  await withStores(async (a, b, dir) => {
    const rootfs = busyboxRootfs();
    await a.berthOk(['import', '--platform', 'linux/amd64', rootfs, 'multi:amd64']);
    await a.berthOk(['import', '--platform', 'linux/arm64', '-c', 'CMD ["arm"]', rootfs, 'multi:arm64']);
    const store = await openStore({ root: a.root });
    const platforms = [['amd64', 'multi:amd64'], ['arm64', 'multi:arm64']] as const;
    const manifests = [];
    for (const [architecture, name] of platforms) manifests.push({ ...(await store.findImage(name)).manifestDescriptor, platform: { architecture, os: 'linux' } });
    const index = await store.blobs.writeJson({ schemaVersion: 2, mediaType: OCI_INDEX, manifests }, OCI_INDEX);
    await store.images.tag('docker.io/library/multi:1', index);
    const host = await store.findImage('multi:1');
    await a.berthOk(['save', '-o', `${dir}/multi.tar`, 'multi:1']);
    const entries = await readTarFile(`${dir}/multi.tar`);
    const saved = JSON.parse(entries.find((e) => e.header.name === 'index.json')!.body.toString());
    assert.equal(saved.manifests[0].digest, index.digest);
    const manifestJson = JSON.parse(entries.find((e) => e.header.name === 'manifest.json')!.body.toString());
    assert.equal(manifestJson[0].Config, `blobs/sha256/${host.id.slice(7)}`);
    assert.equal((await b.berthOk(['load', '-i', `${dir}/multi.tar`])).stdout, 'Loaded image: multi:1\n');
    const loaded = await imageOf(b.root, 'multi:1');
    assert.equal(loaded.target.digest, index.digest);
    assert.equal(loaded.id, host.id);
    const arm = await (await openStore({ root: b.root })).findImage('multi:1', { platform: 'linux/arm64' });
    assert.deepEqual(arm.config.config?.Cmd, ['arm']);
  });
});

/** Each bad archive: exit 1, one line on stderr naming the culprit, the store unchanged. */
test('load: bad input gives a one-line error naming the entry, exit 1, store unchanged', async () => {
  await withStores(async (a, b, dir) => {
    await a.berthOk(['import', busyboxRootfs(), 'bb:ok']);
    await a.berthOk(['save', '-o', `${dir}/ok.tar`, 'bb:ok']);
    await b.berthOk(['import', '-c', 'CMD ["true"]', busyboxRootfs(), 'other:1']);
    const image = await imageOf(a.root, 'bb:ok');
    const layerPath = `blobs/sha256/${image.manifest.layers[0].digest.slice(7)}`;
    const configPath = `blobs/sha256/${image.id.slice(7)}`;
    const cases: Array<[string, string, RegExp]> = [];
    const add = async (name: string, expected: RegExp, make: (file: string) => Promise<void>) => {
      await make(`${dir}/${name}`);
      cases.push([name, `${dir}/${name}`, expected]);
    };
    await add('truncated.tgz', /invalid archive: (after )?entry .*(unexpected end|truncated|incomplete)/i, async (file) => {
      const gz = execFileSync('gzip', ['-c', `${dir}/ok.tar`]);
      await writeFile(file, gz.subarray(0, Math.floor(gz.length * 0.8)));
    });
    await add('wrong-digest.tar', new RegExp(`entry ${layerPath}: .*digest`), (file) => editTarFile(`${dir}/ok.tar`, file, (entries) =>
      entries.map((e) => (e.header.name === layerPath ? { ...e, body: Buffer.concat([e.body.subarray(0, 1000), Buffer.from('X'), e.body.subarray(1001)]) } : e))));
    await add('missing-blob.tar', new RegExp(`entry ${layerPath} referenced by manifest.json\\[0\\] is missing`), (file) => editTarFile(`${dir}/ok.tar`, file, (entries) =>
      entries.filter((e) => e.header.name !== layerPath)));
    await add('bad-json.tar', /entry manifest.json: invalid JSON/, (file) => editTarFile(`${dir}/ok.tar`, file, (entries) =>
      entries.map((e) => (e.header.name === 'manifest.json' ? { ...e, body: Buffer.from('[{"Config": ') } : e))));
    await add('bad-config.tar', new RegExp(`entry ${configPath}: .*digest`), (file) => editTarFile(`${dir}/ok.tar`, file, (entries) =>
      entries.map((e) => (e.header.name === configPath ? { ...e, body: Buffer.from('{"not":"json"') } : e))));
    await add('unknown-entry.tar', /entry \.\.\/escape\.txt: unknown entry/, (file) => editTarFile(`${dir}/ok.tar`, file, (entries) =>
      [...entries.slice(0, 3), { header: { ...entries[3].header, name: '../escape.txt' }, body: Buffer.from('x') }, ...entries.slice(3)]));
    const before = await storeSnapshot(b.root);
    for (const [name, file, expected] of cases) {
      const result = await b.berth(['load', '-i', file]);
      assert.equal(result.code, 1, `${name}: exit status`);
      assert.equal(result.stderr.trim().split('\n').length, 1, `${name}: one line, got ${result.stderr}`);
      assert.match(result.stderr, expected, name);
      assert.deepEqual(await storeSnapshot(b.root), before, `${name}: store changed`);
    }
  });
});
