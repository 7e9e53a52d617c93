import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveStoreRoot } from './root.js';

test('store root: --root, then BERTH_ROOT, then /var/lib/berth for root, then XDG_DATA_HOME', () => {
  assert.equal(resolveStoreRoot({ root: '/tmp/x', env: { BERTH_ROOT: '/tmp/y' }, uid: 0 }), '/tmp/x');
  assert.equal(resolveStoreRoot({ env: { BERTH_ROOT: '/tmp/y' }, uid: 0 }), '/tmp/y');
  assert.equal(resolveStoreRoot({ env: {}, uid: 0 }), '/var/lib/berth');
  assert.equal(resolveStoreRoot({ env: { XDG_DATA_HOME: '/data', HOME: '/home/u' }, uid: 1000 }), '/data/berth');
  assert.equal(resolveStoreRoot({ env: { HOME: '/home/u' }, uid: 1000 }), '/home/u/.local/share/berth');
});
