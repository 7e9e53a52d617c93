import { test } from 'node:test';
import assert from 'node:assert/strict';
import { StackedFilesystem } from '../filesystem.js';
import { dir, file, whiteout } from '../test-entries.js';
import type { Analysis } from '../types.js';
import { handleKey, initialState, treeRows, type BrowseState } from './state.js';
import { splitKeys } from './terminal.js';

function analysisOf(...layers: Parameters<StackedFilesystem['apply']>[1][]): Analysis {
  const fs = new StackedFilesystem();
  const analyzed = layers.map((entries, index) => ({ index, changes: fs.apply(index, entries) }));
  return { layers: analyzed } as unknown as Analysis;
}

function press(analysis: Analysis, ...keys: string[]): BrowseState {
  let state = initialState();
  for (const key of keys) {
    const next = handleKey(analysis, state, key);
    assert.notEqual(next, 'quit');
    state = next as BrowseState;
  }
  return state;
}

const names = (analysis: Analysis, state: BrowseState) => treeRows(analysis, state).map((r) => `${'  '.repeat(r.depth)}${r.node.name}:${r.kind[0]}`);

test('browser state: layers, collapse, filters and bounds', () => {
  const analysis = analysisOf([dir('/a'), file('/a/x', 5), file('/b', 1)], [file('/a/x', 6, 'other'), whiteout('/b'), file('/a/y', 2)]);
  assert.deepEqual(names(analysis, initialState()), ['a:a', '  x:a', 'b:a']);
  assert.deepEqual(names(analysis, press(analysis, 'down')), ['a:m', '  x:m', '  y:a', 'b:r']);
  assert.deepEqual(names(analysis, press(analysis, 'down', 'down', 'down')), names(analysis, press(analysis, 'down')));
  assert.deepEqual(names(analysis, press(analysis, 'down', 'tab', 'space')), ['a:m', 'b:r']);
  assert.deepEqual(names(analysis, press(analysis, 'down', 'c')), ['a:m', 'b:r']);
  assert.deepEqual(names(analysis, press(analysis, 'down', 'c', 'e')), ['a:m', '  x:m', '  y:a', 'b:r']);
  assert.deepEqual(names(analysis, press(analysis, 'down', 'm', 'r')), ['a:a', '  y:a']);
  assert.equal(press(analysis, 'down', 'tab', 'down', 'down', 'down', 'down').row, 3);
  assert.equal(handleKey(analysis, initialState(), 'q'), 'quit');
});

test('splitKeys separates keys that arrive together', () => {
  assert.deepEqual(splitKeys('\x1b[B\t a\x1b[A\x1b'), ['down', 'tab', 'space', 'a', 'up', 'escape']);
});
