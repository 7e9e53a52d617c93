import { test } from 'node:test';
import assert from 'node:assert/strict';
import { acceptedTypes, parseByteRange, parseContentRange } from './http-util.js';

test('parseByteRange: closed, open, suffix, clamped, unsatisfiable, ignored', () => {
  assert.deepEqual(parseByteRange('bytes=0-9', 100), { start: 0, end: 9 });
  assert.deepEqual(parseByteRange('bytes=90-', 100), { start: 90, end: 99 });
  assert.deepEqual(parseByteRange('bytes=-10', 100), { start: 90, end: 99 });
  assert.deepEqual(parseByteRange('bytes=50-500', 100), { start: 50, end: 99 });
  assert.equal(parseByteRange('bytes=100-', 100), 'unsatisfiable');
  assert.equal(parseByteRange('bytes=5-2', 100), 'unsatisfiable');
  assert.equal(parseByteRange('bytes=0-1,5-6', 100), undefined);
  assert.equal(parseByteRange(undefined, 100), undefined);
});

test('parseContentRange accepts the forms clients send and refuses the rest with 416', () => {
  assert.deepEqual(parseContentRange('0-21'), { start: 0, end: 21 });
  assert.deepEqual(parseContentRange('bytes 22-41/42'), { start: 22, end: 41 });
  assert.deepEqual(parseContentRange('bytes=0-9'), { start: 0, end: 9 });
  assert.equal(parseContentRange(undefined), undefined);
  for (const bad of ['x', '5-2', '-3']) assert.throws(() => parseContentRange(bad), (err: { status?: number }) => err.status === 416, bad);
});

test('acceptedTypes drops parameters and splits lists', () => {
  assert.deepEqual(acceptedTypes('application/A;q=0.5, application/b'), ['application/a', 'application/b']);
  assert.deepEqual(acceptedTypes(undefined), []);
});
