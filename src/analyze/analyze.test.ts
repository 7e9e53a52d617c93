import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmod, writeFile } from 'node:fs/promises';
import { withTempStore, writeTestImage } from '../store/index.js';
import { analyzeImage } from './analyze.js';
import { storeSource } from './source/store.js';

test('analyzeImage: the same result in worker threads and on the main thread, for gzip, zstd and plain layers', async () => {
  await withTempStore(async (store) => {
    const layers: Array<Record<string, string>> = [{ 'a.txt': 'a'.repeat(3000), 'dir/b.txt': 'b' }, { 'a.txt': 'changed', 'dir/.wh.b.txt': '' }, { 'c.txt': 'a'.repeat(3000) }];
    for (const compression of ['gzip', 'zstd', 'none'] as const) {
      await writeTestImage(store, { layers, compression, name: `img-${compression}` });
      const source = await storeSource(store, `img-${compression}`);
      const inWorkers = await analyzeImage(source, { concurrency: 2 });
      const onMain = await analyzeImage({ ...source, layers: source.layers.map(({ location: _, ...layer }) => layer) }, { concurrency: 2 });
      assert.deepEqual(inWorkers, onMain);
      assert.deepEqual(inWorkers.layers[1].changes.map((c) => [c.path, c.kind]), [['/dir/b.txt', 'removed'], ['/a.txt', 'modified']]);
      assert.equal(inWorkers.dive.wastedBytes, 3000 + 7 + 1); // both versions of a.txt, and b.txt (its whiteout counts 0)
      assert.equal(inWorkers.findings.find((f) => f.kind === 'overwritten')?.bytes, 3000);
    }
  });
});

test('analyzeImage: a layer whose content does not match its diff_id fails with LAYER_CORRUPT naming it', async () => {
  await withTempStore(async (store) => {
    await writeTestImage(store, { layers: [{ 'f.txt': 'original content' }], compression: 'none', name: 'bad' });
    const source = await storeSource(store, 'bad');
    const path = store.blobs.path(source.layers[0].digest);
    await chmod(path, 0o644);
    const { readFile } = await import('node:fs/promises');
    await writeFile(path, (await readFile(path)).toString('latin1').replace('original', 'tampered'), 'latin1');
    for (const concurrency of [1, 2]) {
      await assert.rejects(analyzeImage(source, { concurrency }), (err: Error & { code?: string }) => {
        assert.equal(err.code, 'LAYER_CORRUPT');
        assert.match(err.message, new RegExp(`layer ${source.layers[0].digest}: content digest sha256:[0-9a-f]{64} does not match the config's diff_id`));
        return true;
      });
    }
  });
});
