// The copy-based snapshot fallback (for kernels without overlayfs): the same Dockerfile built with
// forced copies and with overlayfs must give the same root filesystem, deletions and opaque
// directories included.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from '../../src/build/index.js';
import { openStore } from '../../src/store/index.js';
import type { BerthStore } from '../helpers/busybox.js';
import { requireRoot, requireTools } from '../helpers/tools.js';
import { storeWithBusybox } from './build-helpers.js';
import { diffTrees, readTree } from './build-parity-compare.js';

let store: BerthStore;
let dir: string;

before(async () => {
  if (process.getuid?.() !== 0) return;
  store = await storeWithBusybox();
  dir = await mkdtemp(join(tmpdir(), 'berth-copy-fallback-'));
});
after(async () => {
  await store?.cleanup();
  if (dir) await rm(dir, { recursive: true, force: true });
});

test('copy-based snapshots give the same tree as overlayfs', async (t) => {
  if (!requireRoot(t) || !requireTools(t, '/usr/sbin/runc')) return;
  await writeFile(join(dir, 'Dockerfile'), [
    'FROM busybox:local',
    'RUN mkdir -p /w/opaque /w/keep && echo 1 > /w/opaque/old && echo gone > /w/gone && echo k > /w/keep/k',
    'RUN rm /w/gone && rm -rf /w/opaque && mkdir /w/opaque && echo new > /w/opaque/new && rm /bin/vi && chmod 700 /w/keep',
    'COPY Dockerfile /w/keep/Dockerfile',
    '',
  ].join('\n'));
  const berthStore = await openStore({ root: store.root });
  const trees = [];
  for (const snapshotMode of ['copy', 'auto'] as const) {
    const dest = join(dir, `${snapshotMode}.tar`);
    await build(berthStore, {
      contextPath: dir,
      noCache: true,
      snapshotMode,
      outputs: [{ type: 'tar', dest }],
    });
    trees.push(await readTree(dest));
  }
  assert.deepEqual(diffTrees(trees[1], trees[0]), []);
  assert.equal(trees[0].has('w/gone'), false);
  assert.equal(trees[0].has('w/opaque/old'), false);
  assert.equal(trees[0].has('bin/vi'), false);
  assert.equal(trees[0].get('w/keep')?.mode, '700');
});
