// Several berth processes on one store: concurrent tagging, gc racing writers, and writers
// killed mid-write (SIGKILL) — the store must stay loadable with no partial blob visible.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { readdir, readFile, utimes } from 'node:fs/promises';
import { join } from 'node:path';
import { once } from 'node:events';
import { withTempDir } from '../../test/helpers/temp-dir.js';
import { ingestTempFiles, openStore, writeTestImage } from './index.js';

const STORE_MODULE = new URL('./index.js', import.meta.url).href;

/** Starts `node -e SCRIPT` with the store module imported as `s` and `root`, `arg` bound. */
function child(script: string, root: string, arg: string): ChildProcess {
  const source = `import * as s from ${JSON.stringify(STORE_MODULE)};\nconst [root, arg] = process.argv.slice(1);\n${script}`;
  return spawn(process.execPath, ['--input-type=module', '-e', source, root, arg], { stdio: ['ignore', 'pipe', 'inherit'] });
}

async function exitCode(proc: ChildProcess): Promise<number | null> {
  const [code] = (await once(proc, 'exit')) as [number | null];
  return code;
}

function withRoot(run: (root: string) => Promise<void>): Promise<void> {
  return withTempDir('berth-conc-', run);
}

test('four processes tagging at once lose no record; a concurrent gc deletes none of their blobs', () =>
  withRoot(async (root) => {
    const tagger = `
      const store = await s.openStore({ root });
      for (let i = 0; i < 8; i++) await s.writeTestImage(store, { name: 'p' + arg + ':' + i, layers: [{ ['f' + arg + i]: 'x'.repeat(i) }] });`;
    const collector = `
      const store = await s.openStore({ root });
      for (let i = 0; i < 15; i++) await store.gc({ graceMs: 1000 });`;
    const procs = ['0', '1', '2', '3'].map((n) => child(tagger, root, n));
    procs.push(child(collector, root, ''));
    assert.deepEqual(await Promise.all(procs.map(exitCode)), [0, 0, 0, 0, 0]);
    const store = await openStore({ root });
    const records = await store.images.list();
    assert.equal(records.length, 32);
    for (const record of records) {
      const view = await store.findImage(record.name as string);
      for (const layer of view.manifest.layers) assert.equal(await store.blobs.has(layer.digest), true, `${record.name} layer kept`);
    }
  }));

test('a writer killed mid-stream leaves no visible blob and a store that loads; gc sweeps its temp file', () =>
  withRoot(async (root) => {
    const writer = `
      const store = await s.openStore({ root });
      await s.writeTestImage(store, { name: 'before:crash' });
      async function* endless() {
        for (let i = 0; ; i++) {
          yield Buffer.alloc(64 * 1024, i);
          if (i === 20) process.stdout.write('streaming\\n');
          await new Promise((r) => setTimeout(r, 5));
        }
      }
      await store.blobs.writeStream(endless());`;
    const proc = child(writer, root, '');
    await once(proc.stdout!, 'data');
    proc.kill('SIGKILL');
    await exitCode(proc);
    const store = await openStore({ root });
    const ingest = await ingestTempFiles(root);
    assert.equal(ingest.length, 1, 'the partial write stayed in ingest/');
    const view = await store.findImage('before:crash');
    const visible = await store.blobs.list();
    assert.deepEqual(visible.sort(), [view.manifestDescriptor.digest, view.manifest.config.digest, ...view.manifest.layers.map((l) => l.digest)].sort());
    for (const digest of visible) await store.blobs.readBytes(digest);
    await store.gc({ graceMs: 0 });
    assert.deepEqual(await ingestTempFiles(root), []);
    assert.equal((await store.blobs.list()).length, visible.length);
  }));

test('a process killed while holding the lock and rewriting records leaves valid records; others proceed', () =>
  withRoot(async (root) => {
    const tagger = `
      const store = await s.openStore({ root });
      const image = await s.writeTestImage(store);
      for (let i = 0; ; i++) {
        await store.images.tag('loop:' + i, image);
        if (i === 5) process.stdout.write('tagging\\n');
      }`;
    const proc = child(tagger, root, '');
    await once(proc.stdout!, 'data');
    proc.kill('SIGKILL');
    await exitCode(proc);
    const index = JSON.parse(await readFile(join(root, 'index.json'), 'utf8'));
    assert.ok(index.manifests.length >= 6);
    const store = await openStore({ root });
    const image = (await store.images.list())[0].target;
    await store.images.tag('after:crash', image);
    assert.equal((await store.findImage('after:crash')).manifestDescriptor.digest, image.digest);
  }));

test('a lock left by a killed process is taken over once stale', () =>
  withRoot(async (root) => {
    const holder = `
      const store = await s.openStore({ root });
      await store.withLock(async () => {
        process.stdout.write('locked\\n');
        await new Promise(() => setInterval(() => undefined, 1000));
      });`;
    const proc = child(holder, root, '');
    await once(proc.stdout!, 'data');
    proc.kill('SIGKILL');
    await exitCode(proc);
    const store = await openStore({ root });
    assert.deepEqual(await readdir(root).then((names) => names.includes('lock')), true, 'the lock directory was left behind');
    await store.images.tag('after:stale', await writeTestImage(store));
    assert.equal((await store.images.list()).length, 1);
  }));

test('gc keeps blobs a live process has written but not tagged, however old; a dead process loses its lease', () =>
  withRoot(async (root) => {
    const writer = `
      const store = await s.openStore({ root });
      const { digest } = await store.blobs.writeBytes(Buffer.from('layer of a long build'));
      process.stdout.write(digest + '\\n');
      await new Promise(() => setInterval(() => undefined, 1000));`;
    const proc = child(writer, root, '');
    const [line] = (await once(proc.stdout!, 'data')) as [Buffer];
    const digest = line.toString().trim() as `${string}:${string}`;
    const store = await openStore({ root });
    const past = new Date(Date.now() - 3600_000);
    await utimes(store.blobs.path(digest), past, past);
    try {
      assert.deepEqual((await store.gc({ graceMs: 0 })).removed, [], 'leased by a live process');
    } finally {
      proc.kill('SIGKILL');
      await exitCode(proc);
    }
    assert.deepEqual((await store.gc({ graceMs: 0 })).removed, [digest]);
    assert.deepEqual(await readdir(join(root, 'ingest', 'leases')), [], 'the dead lease is gone');
  }));
