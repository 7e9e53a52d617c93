import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ChunkPool } from './chunk-pool.js';

test('ChunkPool reuses the buffers given back, at most maxFree of them, and ignores chunks it did not lend', () => {
  const pool = new ChunkPool(1024, 2);
  const [a, b, c] = [pool.take(), pool.take(), pool.take()];
  assert.equal(a.length, 1024);
  assert.notEqual(a.buffer, b.buffer);

  pool.giveBack(a.subarray(0, 10));
  pool.giveBack(a);
  pool.giveBack(Buffer.alloc(1024));
  const again = pool.take();
  assert.equal(again.buffer, a.buffer);
  assert.equal(again.length, 1024);
  assert.notEqual(pool.take().buffer, a.buffer);

  for (const buffer of [again, b, c]) pool.giveBack(buffer);
  assert.equal(pool.take().buffer, b.buffer);
  assert.equal(pool.take().buffer, again.buffer);
  assert.ok(![again.buffer, b.buffer, c.buffer].includes(pool.take().buffer));
});
