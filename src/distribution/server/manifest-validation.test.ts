import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseManifest, referrerDescriptor } from './manifest-validation.js';

const digest = (c: string) => `sha256:${c.repeat(64)}` as const;
const config = { mediaType: 'application/vnd.oci.image.config.v1+json', digest: digest('a'), size: 10 };
const json = (value: unknown) => Buffer.from(JSON.stringify(value));
const invalid = (err: { code?: string }) => err.code === 'MANIFEST_INVALID';

test('an OCI manifest without mediaType is typed by Content-Type or by its shape', () => {
  const body = json({ schemaVersion: 2, config, layers: [] });
  assert.equal(parseManifest(body, 'application/vnd.oci.image.manifest.v1+json').mediaType, 'application/vnd.oci.image.manifest.v1+json');
  assert.equal(parseManifest(body, undefined).mediaType, 'application/vnd.oci.image.manifest.v1+json');
  assert.equal(parseManifest(json({ schemaVersion: 2, manifests: [] }), undefined).mediaType, 'application/vnd.oci.image.index.v1+json');
});

test('config, layers, subject and artifact type are reported for the referrers API', () => {
  const parsed = parseManifest(json({
    schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json', config: { ...config, mediaType: 'application/vnd.example' },
    layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar', digest: digest('b'), size: 3, urls: ['https://example.com/l'] }],
    subject: { mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: digest('c'), size: 5 }, annotations: { k: 'v' },
  }), undefined);
  assert.deepEqual(parsed.blobs.map((b) => [b.digest, b.foreign]), [[digest('a'), false], [digest('b'), true]]);
  assert.equal(parsed.subject?.digest, digest('c'));
  assert.deepEqual(referrerDescriptor(parsed, digest('d'), 99), {
    mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: digest('d'), size: 99, artifactType: 'application/vnd.example', annotations: { k: 'v' },
  });
});

test('malformed manifests are MANIFEST_INVALID with the culprit named', () => {
  assert.throws(() => parseManifest(Buffer.from('{'), undefined), invalid);
  assert.throws(() => parseManifest(json([]), undefined), invalid);
  assert.throws(() => parseManifest(json({ schemaVersion: 1 }), undefined), /schema 1/);
  assert.throws(() => parseManifest(json({ schemaVersion: 2, config: { ...config, digest: 'sha256:nope' }, layers: [] }), undefined), /config\.digest/);
  assert.throws(() => parseManifest(json({ schemaVersion: 2, config, layers: [{ ...config, size: -1 }] }), undefined), /layers\[0\]\.size/);
  assert.throws(() => parseManifest(json({ schemaVersion: 2, config, layers: [] }), 'application/vnd.docker.distribution.manifest.v2+json'), /must carry its mediaType/);
  assert.throws(() => parseManifest(json({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests: [] }), 'application/vnd.oci.image.manifest.v1+json'), /does not match/);
  assert.throws(() => parseManifest(json({ schemaVersion: 2, mediaType: 'text/plain', config, layers: [] }), undefined), /unsupported mediaType/);
});
