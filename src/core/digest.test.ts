import { test } from 'node:test';
import assert from 'node:assert/strict';
import { computeDigest, DigestHasher, digestAlgorithm, digestHex, isDigest, parseDigest, shortId } from './digest.js';

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

test('DigestHasher over chunks equals computeDigest of the whole, for sha256 and sha512', () => {
  const chunks = ['hello ', 'world', '', '!'].map((s) => Buffer.from(s));
  for (const algorithm of ['sha256', 'sha512'] as const) {
    const hasher = new DigestHasher(algorithm);
    for (const chunk of chunks) hasher.update(chunk);
    assert.equal(hasher.size, 12);
    assert.equal(hasher.digest(), computeDigest('hello world!', algorithm));
  }
  assert.equal(computeDigest(''), 'sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
});

test('shortId, digestHex and digestAlgorithm split digests like docker shows them', () => {
  const digest = computeDigest('x');
  assert.equal(shortId(digest), digestHex(digest).slice(0, 12));
  assert.equal(shortId(digest).length, 12);
  assert.equal(digestAlgorithm(digest), 'sha256');
});
