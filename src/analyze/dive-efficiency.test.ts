import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diveMetrics } from './dive-efficiency.js';
import { dir, file, layer, whiteout } from './test-entries.js';

test('dive metrics: replaced and deleted files, a deleted directory counted by its lower subtree', () => {
  const metrics = diveMetrics([
    layer(file('/a', 100), dir('/d'), file('/d/x', 50), file('/d/y', 30)),
    layer(file('/a', 120), whiteout('/d')),
    layer(whiteout('/a')),
  ]);
  assert.equal(metrics.wastedBytes, 220);
  assert.equal(metrics.efficiency, 160 / 380);
  assert.equal(metrics.sizeBytes, 300);
  assert.equal(metrics.userSizeBytes, 120);
  assert.equal(metrics.wastedUserPercent, 220 / 120);
  assert.deepEqual(metrics.inefficiencies, [{ path: '/a', count: 3, wastedBytes: 220 }]);
});

test("dive metrics: a whiteout of a path the lower layers lack stops that layer's walk (as dive)", () => {
  const metrics = diveMetrics([layer(file('/c', 10)), layer(whiteout('/b'), file('/c', 10))]);
  assert.equal(metrics.wastedBytes, 0);
  assert.equal(metrics.efficiency, 1);
});

test('dive metrics: an implied parent directory replaces the lower payload, so its later whiteout counts 0', () => {
  const metrics = diveMetrics([layer(dir('/p'), file('/p/f', 5)), layer(file('/p/g', 7)), layer(whiteout('/p')), layer(dir('/p'))]);
  assert.equal(metrics.wastedBytes, 0);
  assert.equal(metrics.efficiency, 1);
  assert.deepEqual(metrics.inefficiencies, [{ path: '/p', count: 2, wastedBytes: 0 }]);
});

test('dive metrics: opaque markers are ignored but create their directory; no layers scores 1', () => {
  const metrics = diveMetrics([layer(dir('/o'), file('/o/f', 4)), layer({ ...file('/o/.wh..wh..opq', 0), hash: 'x' })]);
  assert.deepEqual(metrics.inefficiencies, []);
  assert.equal(metrics.efficiency, 1);
  assert.equal(diveMetrics([]).efficiency, 1);
});
