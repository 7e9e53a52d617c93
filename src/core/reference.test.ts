import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  familiarString,
  formatReference,
  normalizeReference,
  parseAnyReference,
  parseDockerRef,
  parseNormalizedReference,
  parseReference,
  referenceName,
} from './reference.js';

const HEX = 'a'.repeat(64);
const DIGEST = `sha256:${HEX}`;

test('normalizes familiar names like docker (distribution normalize_test examples)', () => {
  const cases: Array<[string, string, string]> = [
    ['nginx', 'docker.io/library/nginx:latest', 'nginx:latest'],
    ['docker.io/nginx', 'docker.io/library/nginx:latest', 'nginx:latest'],
    ['index.docker.io/library/nginx:1.25', 'docker.io/library/nginx:1.25', 'nginx:1.25'],
    ['library/ubuntu', 'docker.io/library/ubuntu:latest', 'ubuntu:latest'],
    ['dmcgowan/myapp', 'docker.io/dmcgowan/myapp:latest', 'dmcgowan/myapp:latest'],
    ['dmcgowan/myapp/mysubapp', 'docker.io/dmcgowan/myapp/mysubapp:latest', 'dmcgowan/myapp/mysubapp:latest'],
    ['docker.io/library/foo/bar', 'docker.io/library/foo/bar:latest', 'library/foo/bar:latest'],
    ['localhost/hello', 'localhost/hello:latest', 'localhost/hello:latest'],
    ['localhost:5000/hello', 'localhost:5000/hello:latest', 'localhost:5000/hello:latest'],
    ['localhost:5000/x:y', 'localhost:5000/x:y', 'localhost:5000/x:y'],
    ['busybox:local', 'docker.io/library/busybox:local', 'busybox:local'],
    ['example.com/foo', 'example.com/foo:latest', 'example.com/foo:latest'],
    ['[::1]:5000/foo/bar:v1', '[::1]:5000/foo/bar:v1', '[::1]:5000/foo/bar:v1'],
    ['Uppercase/lowercase:Tag', 'Uppercase/lowercase:Tag', 'Uppercase/lowercase:Tag'],
    ['a__b/c---d.e_f:1.0-rc_1', 'docker.io/a__b/c---d.e_f:1.0-rc_1', 'a__b/c---d.e_f:1.0-rc_1'],
  ];
  for (const [input, full, familiar] of cases) {
    const reference = normalizeReference(input);
    assert.equal(formatReference(reference), full, input);
    assert.equal(familiarString(reference), familiar, input);
  }
});

test('splits host:port/a/b:tag@digest into its parts', () => {
  const reference = normalizeReference(`host:5000/a/b:tag@${DIGEST}`);
  assert.deepEqual(reference, { domain: 'host:5000', path: 'a/b', tag: 'tag', digest: DIGEST });
  assert.equal(referenceName(reference), 'host:5000/a/b');
  assert.equal(formatReference(parseDockerRef(`host:5000/a/b:tag@${DIGEST}`)), `host:5000/a/b@${DIGEST}`);
});

test('digest-only references get no default tag', () => {
  const reference = normalizeReference(`busybox@${DIGEST}`);
  assert.equal(reference.tag, undefined);
  assert.equal(formatReference(reference), `docker.io/library/busybox@${DIGEST}`);
  assert.equal(familiarString(reference), `busybox@${DIGEST}`);
  assert.equal(normalizeReference(`busybox@sha512:${'b'.repeat(128)}`).digest, `sha512:${'b'.repeat(128)}`);
});

test('parseReference keeps names as written (no docker.io defaults)', () => {
  assert.deepEqual(parseReference('nginx:1'), { domain: '', path: 'nginx', tag: '1' });
  assert.deepEqual(parseReference('localhost:5000/hello'), { domain: 'localhost:5000', path: 'hello' });
  assert.deepEqual(parseNormalizedReference('nginx'), { domain: 'docker.io', path: 'library/nginx' });
});

test('rejects bad references with docker messages', () => {
  const cases: Array<[string, RegExp]> = [
    ['NGINX', /^invalid reference format: repository name must be lowercase$/],
    ['docker.io/Library/nginx', /^invalid reference format: repository name must be lowercase$/],
    ['localhost:5000/Hello', /^invalid reference format: repository name must be lowercase$/],
    ['busybox:', /^invalid reference format$/],
    ['busybox:-bad', /^invalid reference format$/],
    [`busybox:${'t'.repeat(129)}`, /^invalid reference format$/],
    ['busybox@sha256:abc', /^invalid reference format$/],
    [`busybox@sha256:${'a'.repeat(40)}`, /^invalid checksum digest length$/],
    [`busybox@md5:${'a'.repeat(32)}`, /^unsupported digest algorithm$/],
    [`busybox@sha256:${'A'.repeat(64)}`, /^invalid checksum digest format$/],
    [`busybox@sha256:${'A'.repeat(40)}`, /^invalid checksum digest length$/],
    [HEX, /cannot specify 64-byte hexadecimal strings/],
    ['a..b', /^invalid reference format$/],
    ['-abc', /^invalid reference format$/],
    ['abc/', /^invalid reference format$/],
    ['', /^invalid reference format$/],
    [`${'a'.repeat(250)}/${'b'.repeat(10)}`, /^repository name must not be more than 255 characters$/],
  ];
  for (const [input, message] of cases) {
    assert.throws(() => normalizeReference(input), (err: Error & { code?: string }) => {
      assert.equal(err.code, 'REFERENCE_INVALID', input);
      assert.match(err.message, message, input);
      return true;
    });
  }
  assert.throws(() => parseReference(''), /must have at least one component/);
});

test('errors name the culprit in their hint', () => {
  assert.throws(() => normalizeReference('busybox:-bad'), (err: Error & { hint?: string }) => /"-bad" is not a valid tag/.test(err.hint ?? ''));
  assert.throws(() => normalizeReference('busybox@sha256:xyz'), (err: Error & { hint?: string }) => /"sha256:xyz" is not a digest/.test(err.hint ?? ''));
  assert.throws(() => normalizeReference('NGINX'), (err: Error & { hint?: string }) => /"library\/nginx"/.test(err.hint ?? ''));
});

test('parseAnyReference treats IDs and digests as digest-only references, anything else as a name', () => {
  assert.deepEqual(parseAnyReference(HEX), { digest: DIGEST });
  assert.deepEqual(parseAnyReference(DIGEST), { digest: DIGEST });
  assert.deepEqual(parseAnyReference('sha256:abc'), { domain: 'docker.io', path: 'library/sha256', tag: 'abc' });
  assert.deepEqual(parseAnyReference('busybox'), { domain: 'docker.io', path: 'library/busybox' });
  assert.deepEqual(parseAnyReference(`sha256:${'a'.repeat(40)}`), { domain: 'docker.io', path: 'library/sha256', tag: 'a'.repeat(40) });
});
