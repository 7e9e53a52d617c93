import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ImageConfig } from '../../core/index.js';
import { normalizeHistoryTimes } from './history-times.js';

const FALLBACK = '2030-01-01T00:00:00.000Z';

function normalized(history: NonNullable<ImageConfig['history']>): ImageConfig {
  const config: ImageConfig = { architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [] }, history };
  normalizeHistoryTimes(config, FALLBACK);
  return config;
}

test('untimed steps take the first layer time after them, then the time of the layer before them (BuildKit)', () => {
  const config = normalized([
    { created: 't0', created_by: 'base' },
    { created_by: 'ENV a=1', empty_layer: true },
    { created: 't5', created_by: 'RUN make' },
    { created_by: 'CMD ["app"]', empty_layer: true },
  ]);
  assert.deepEqual(config.history?.map((h) => h.created), ['t0', 't5', 't5', 't5']);
  assert.equal(config.created, 't5');
  assert.deepEqual(Object.keys(config.history![1]), ['created', 'created_by', 'empty_layer']);
});

test('metadata on top of a base image takes the base image time; no time at all takes the fallback', () => {
  assert.equal(normalized([{ created: 't0', created_by: 'base' }, { created_by: 'CMD ["sh"]', empty_layer: true }]).created, 't0');
  const scratch = normalized([{ created_by: 'LABEL a=b', empty_layer: true }]);
  assert.equal(scratch.created, FALLBACK);
  assert.equal(scratch.history?.[0].created, FALLBACK);
});
