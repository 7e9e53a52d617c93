// `berth images` over a store of 200 images against `node -e 0` (Node's own start-up): the
// target is a ratio of at most 1.5.
//   node dist/bench/images.js [--runs 10] [--count 200]
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BERTH_BIN } from '../test/helpers/busybox.js';
import { storeWithImages } from './fixtures.js';
import { flag, runCases } from './harness.js';

const runs = Number(flag('runs', '10'));
const count = Number(flag('count', '200'));
const root = await mkdtemp(join(tmpdir(), 'berth-bench-images-'));
try {
  await storeWithImages(root, count);
  const [result] = await runCases([{
    name: `images (${count} images)`,
    berth: { label: 'berth images', command: { command: process.execPath, args: [BERTH_BIN, '--root', root, 'images'] } },
    peer: { label: 'node -e 0', command: { command: process.execPath, args: ['-e', '0'] } },
  }], { runs });
  console.log(`target ratio <= 1.5: ${result.ratio <= 1.5 ? 'met' : 'NOT met'} (${result.ratio.toFixed(2)}x)`);
} finally {
  await rm(root, { recursive: true, force: true });
}
