import { test } from 'node:test';
import assert from 'node:assert/strict';
import { StackedFilesystem } from './filesystem.js';
import { dir, file, whiteout } from './test-entries.js';

test('stacked filesystem: added, modified, unchanged, removed, and what each later layer hid', () => {
  const fs = new StackedFilesystem();
  fs.apply(0, [dir('/d'), file('/d/x', 50), file('/a', 10, 'same')]);
  const second = fs.apply(1, [whiteout('/d'), file('/a', 10, 'same'), { ...file('/b', 3), mode: 0o600 }]);
  assert.deepEqual(second.map((c) => [c.path, c.kind, c.size]), [['/d', 'removed', 50], ['/a', 'unchanged', 10], ['/b', 'added', 3]]);
  const third = fs.apply(2, [{ ...file('/a', 10, 'same'), mode: 0o755 }, file('/b', 4, 'other'), { ...dir('/o'), path: '/o' }]);
  assert.deepEqual(third.map((c) => c.kind), ['modified', 'modified', 'added']);
  assert.deepEqual(
    fs.hidden.map((h) => [h.path, h.fromLayer, h.byLayer, h.reason, h.sameContent]),
    [['/d/x', 0, 1, 'removed', false], ['/a', 0, 1, 'overwritten', true], ['/a', 1, 2, 'overwritten', true], ['/b', 1, 2, 'overwritten', false]],
  );
  assert.deepEqual(fs.visibleFiles().map((f) => [f.path, f.layer]).sort(), [['/a', 2], ['/b', 2]]);
});

test('stacked filesystem: an opaque directory hides everything below it from lower layers', () => {
  const fs = new StackedFilesystem();
  fs.apply(0, [dir('/o'), file('/o/f', 7), file('/o/g', 1)]);
  const changes = fs.apply(1, [dir('/o'), { ...file('/o/.wh..wh..opq', 0), hash: 'x' }, file('/o/new', 2)]);
  assert.deepEqual(changes.filter((c) => c.kind === 'removed').map((c) => c.path), ['/o/f', '/o/g']);
  assert.deepEqual(fs.visibleFiles().map((f) => f.path), ['/o/new']);
});
