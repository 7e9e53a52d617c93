import { test } from 'node:test';
import assert from 'node:assert/strict';
import { paginate } from './pagination.js';

const list = ['a', 'b', 'c', 'd'];
const page = (query: string) => paginate(list, new URL(`http://r/x${query}`), '/v2/x/tags/list');

test('n limits and announces the next page; last continues after an entry (present or not)', () => {
  assert.deepEqual(page(''), { items: list, headers: {} });
  assert.deepEqual(page('?n=2'), { items: ['a', 'b'], headers: { Link: '</v2/x/tags/list?n=2&last=b>; rel="next"' } });
  assert.deepEqual(page('?n=2&last=b'), { items: ['c', 'd'], headers: {} });
  assert.deepEqual(page('?last=bb'), { items: ['c', 'd'], headers: {} });
  assert.deepEqual(page('?last=z'), { items: [], headers: {} });
  assert.deepEqual(page('?n=0'), { items: [], headers: {} });
  assert.deepEqual(page('?n=junk'), { items: list, headers: {} });
});
