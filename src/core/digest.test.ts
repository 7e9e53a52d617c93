import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isDigest, parseDigest } from './digest.js';

test('parseDigest accepts sha256 and sha512 and splits them', () => {
  const hex = 'a'.repeat(64);
  assert.deepEqual(parseDigest(`sha256:${hex}`), { algorithm: 'sha256', hex, digest: `sha256:${hex}` });
  assert.equal(isDigest(`sha512:${'0'.repeat(128)}`), true);
});

test('parseDigest names what is wrong', () => {
  assert.throws(() => parseDigest('sha256:ABC'), /needs 64 lowercase hex/);
  assert.throws(() => parseDigest('md5:abc'), /unsupported algorithm "md5"/);
  assert.throws(() => parseDigest('nocolon'), /expected ALGORITHM:HEX/);
});
