import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { requireRoot } from '../../../test/helpers/tools.js';
import { imageLowers } from '../../container/rootfs.js';
import { createSnapshot, LayerCache } from '../../snapshot/index.js';
import { withTempStore, writeTestImage } from '../../store/testing.js';
import { removeUnusedLayers } from './unpacked-layers.js';

test('removeUnusedLayers deletes the unpacked layers no image, cache record or snapshot uses', async (t) => {
  if (!requireRoot(t)) return;
  await withTempStore(async (store) => {
    await writeTestImage(store, { name: 'kept:1', layers: [{ 'kept.txt': 'kept\n' }] });
    const gone = await writeTestImage(store, { name: 'gone:1', layers: [{ 'gone.txt': 'gone\n' }] });
    const stacked = await writeTestImage(store, { name: 'stacked:1', layers: [{ 'stacked.txt': 'stacked\n' }] });
    const [keptDir] = await imageLowers(store, await store.findImage('kept:1'));
    await imageLowers(store, await store.findImage('gone:1'));
    const [stackedDir] = await imageLowers(store, await store.findImage('stacked:1'));
    const cache = new LayerCache(join(store.root, 'layers'));
    const diffIdOf = async (name: string) => (await store.findImage(name)).config.rootfs.diff_ids[0];
    const [keptId, goneId, stackedId] = [await diffIdOf('kept:1'), await diffIdOf('gone:1'), await diffIdOf('stacked:1')];
    // A container-like snapshot still stacks on the layer of an image that is removed below.
    const snapshot = await createSnapshot({ root: join(store.root, 'snapshots'), lowers: [stackedDir], persistent: true });
    t.after(() => snapshot.remove());

    assert.deepEqual(await removeUnusedLayers(store, { graceMs: 0 }), []);
    await store.images.removeTarget(gone.digest);
    await store.images.removeTarget(stacked.digest);
    // Made just now: within the default grace a build may be about to stack on them.
    assert.deepEqual(await removeUnusedLayers(store), []);
    assert.deepEqual(await removeUnusedLayers(store, { graceMs: 0 }), [goneId]);
    assert.deepEqual(await cache.list(), [keptId, stackedId].sort());
    assert.equal(keptDir, cache.path(keptId));

    await snapshot.remove();
    assert.deepEqual(await removeUnusedLayers(store, { graceMs: 0 }), [stackedId]);
    assert.deepEqual(await cache.list(), [keptId]);
  });
});
