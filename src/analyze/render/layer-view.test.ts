import { test } from 'node:test';
import assert from 'node:assert/strict';
import { StackedFilesystem } from '../filesystem.js';
import { dir, file } from '../test-entries.js';
import type { Analysis } from '../types.js';
import { layerViews, renderLayerViewHtml } from './layer-view.js';

test('layerViews: per-layer trees with sizes, biggest children first, limits; HTML escaped', () => {
  const fs = new StackedFilesystem();
  const changes = fs.apply(0, [dir('/app'), file('/app/small', 1), file('/app/big', 50), file('/app/<script>', 2), file('/top', 7)]);
  const analysis = { layers: [{ index: 0, digest: 'sha256:x', instruction: 'COPY <app> /app', size: 60, compressedSize: 30, stats: {}, changes }] } as unknown as Analysis;
  const [view] = layerViews(analysis, { maxChildren: 2 });
  assert.deepEqual(view.tree.map((n) => [n.name, n.size, n.kind, n.directory]), [['app', 53, 'added', true], ['top', 7, 'added', false]]);
  assert.deepEqual(view.tree[0].children.map((n) => n.name), ['big', '<script>']);
  assert.equal(view.tree[0].omitted, 1);
  const html = renderLayerViewHtml([view]);
  assert.match(html, /COPY &#60;app&#62; \/app/);
  assert.match(html, /&#60;script&#62;/);
  assert.doesNotMatch(html, /<script>/);
});
