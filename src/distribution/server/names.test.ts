import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkRepositoryName, isTag, parseReference } from './names.js';

test('repository names follow the spec grammar', () => {
  for (const ok of ['a', 'library/busybox', 'a.b_c__d-e/f--g', 'x/y/z/0']) assert.doesNotThrow(() => checkRepositoryName(ok), ok);
  for (const bad of ['A', 'a//b', '/a', 'a/', 'a/../b', '..', 'a_', '_a', 'a/.b', 'a b', 'x'.repeat(256)]) {
    assert.throws(() => checkRepositoryName(bad), (err: { code?: string }) => err.code === 'NAME_INVALID', bad);
  }
});

test('references: digests must be valid, malformed tags are not references', () => {
  assert.deepEqual(parseReference('v1.0'), { kind: 'tag', tag: 'v1.0' });
  const digest = `sha256:${'a'.repeat(64)}`;
  assert.deepEqual(parseReference(digest), { kind: 'digest', digest });
  assert.equal(parseReference('.hidden'), undefined);
  assert.equal(parseReference('-x'), undefined);
  assert.throws(() => parseReference('sha256:totallywrong'), (err: { code?: string; status?: number }) => err.code === 'DIGEST_INVALID' && err.status === 400);
  assert.equal(isTag('x'.repeat(128)), true);
  assert.equal(isTag('x'.repeat(129)), false);
});
