import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ManifestCache } from './manifest-cache.js';

test('the cache evicts the least recently used entries beyond its byte limit', () => {
  const cache = new ManifestCache(400);
  const entry = (n: number) => ({ content: Buffer.alloc(n), mediaType: 'x' });
  cache.set('a', entry(100));
  cache.set('b', entry(100));
  cache.set('c', entry(100));
  assert.ok(cache.get('a'));
  cache.set('d', entry(100));
  cache.set('e', entry(100));
  assert.equal(cache.get('b'), undefined);
  assert.ok(cache.get('a') && cache.get('e'));
  cache.set('huge', entry(300));
  assert.equal(cache.get('huge'), undefined, 'entries above a quarter of the limit are not cached');
});
