import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join, resolve } from 'node:path';
import { documentKind, documentProblems, validateConfig, validateDocument, validateIndex, validateManifest, type DocumentKind } from './validate.js';
import { DOCKER_CONFIG, DOCKER_LAYER_TAR_GZIP, DOCKER_MANIFEST, DOCKER_MANIFEST_LIST, OCI_DESCRIPTOR } from './mediatypes.js';

// The upstream examples live in the shared corpus beside the repository (../shared), or where
// BERTH_OCI_EXAMPLES points. CI must have them; a local checkout without them skips.
const REPO = resolve(fileURLToPath(new URL('../../..', import.meta.url)));
const EXAMPLES = process.env.BERTH_OCI_EXAMPLES ?? join(REPO, '..', 'shared', 'conformance', 'oci-image-spec', 'examples');
const missing = !existsSync(join(EXAMPLES, 'index.tsv'));
if (missing && process.env.CI) throw new Error(`OCI examples not found at ${EXAMPLES} (set BERTH_OCI_EXAMPLES)`);

function examples(): Array<{ file: string; kind: DocumentKind; document: unknown }> {
  const lines = readFileSync(join(EXAMPLES, 'index.tsv'), 'utf8').trim().split('\n').slice(1);
  return lines.map((line) => {
    const [file, mediaType] = line.split('\t');
    const kind = documentKind(mediaType);
    assert.ok(kind, `${file}: no schema for ${mediaType}`);
    return { file, kind, document: JSON.parse(readFileSync(join(EXAMPLES, file), 'utf8')) };
  });
}

test('every upstream example listed in index.tsv validates', { skip: missing && 'no OCI examples here' }, () => {
  const all = examples();
  assert.equal(all.length, 13);
  for (const { file, kind, document } of all) assert.deepEqual(documentProblems(kind, document), [], file);
});

/** One invalid mutation per kind, with the message it must produce. */
const MUTATIONS: Record<DocumentKind, Array<[string, (doc: Record<string, any>) => void, RegExp]>> = {
  descriptor: [
    ['size missing', (d) => delete d.size, /\(root\) must have required property 'size'/],
    ['sha256 digest too short', (d) => (d.digest = 'sha256:abc'), /\/digest "sha256:abc" is not a valid sha256 digest \(64 lowercase hex/],
    ['bad media type', (d) => (d.mediaType = 'not a media type'), /\/mediaType "not a media type" must match pattern/],
  ],
  manifest: [
    ['schemaVersion 1', (d) => (d.schemaVersion = 1), /\/schemaVersion must be >= 2/],
    ['config missing', (d) => delete d.config, /must have required property 'config'/],
    ['uppercase layer digest', (d) => (d.layers[0].digest = d.layers[0].digest.toUpperCase().replace('SHA256', 'sha256')), /\/layers\/0\/digest ".*" is not a valid sha256 digest/],
    ['negative layer size', (d) => (d.layers[0].size = -1), /\/layers\/0\/size must be >= 0/],
  ],
  index: [
    ['manifests not an array', (d) => (d.manifests = {}), /\/manifests must be array/],
    ['platform without os', (d) => (d.manifests[0].platform = { architecture: 'amd64' }), /\/manifests\/0\/platform must have required property 'os'/],
  ],
  config: [
    ['created not a date', (d) => (d.created = 'yesterday'), /\/created must match format "date-time"/],
    ['Env entry without =', (d) => (d.config.Env = ['NOVALUE']), /\/config\/Env\/0 "NOVALUE" is not KEY=value/],
    ['rootfs type wrong', (d) => (d.rootfs.type = 'tarballs'), /\/rootfs\/type must be equal to one of the allowed values: "layers"/],
  ],
  layout: [['version missing', (d) => delete d.imageLayoutVersion, /must have required property 'imageLayoutVersion'/]],
};

test('invalid mutations of the examples fail with a message naming the field', { skip: missing && 'no OCI examples here' }, () => {
  const seen = new Set<DocumentKind>();
  for (const { file, kind, document } of examples()) {
    if (seen.has(kind)) continue;
    seen.add(kind);
    for (const [what, mutate, message] of MUTATIONS[kind]) {
      const copy = structuredClone(document) as Record<string, any>;
      mutate(copy);
      assert.throws(() => validateDocument(kind, copy, file), (err: Error & { code?: string }) => {
        assert.equal(err.code, 'OCI_INVALID');
        assert.match(err.message, new RegExp(`^invalid .* ${file}: `), what);
        assert.match(err.message, message, what);
        return true;
      });
    }
  }
  assert.equal(seen.size, 5);
});

test('Docker schema 2 manifests, manifest lists and configs validate with the same schemas', () => {
  const digest = `sha256:${'1'.repeat(64)}`;
  validateManifest({
    schemaVersion: 2,
    mediaType: DOCKER_MANIFEST,
    config: { mediaType: DOCKER_CONFIG, size: 10, digest },
    layers: [{ mediaType: DOCKER_LAYER_TAR_GZIP, size: 20, digest }],
  });
  validateIndex({ schemaVersion: 2, mediaType: DOCKER_MANIFEST_LIST, manifests: [{ mediaType: DOCKER_MANIFEST, size: 1, digest, platform: { os: 'linux', architecture: 'arm', variant: 'v7' } }] });
  validateConfig({ architecture: 'amd64', os: 'linux', config: { Env: ['A=1'], Healthcheck: { Test: ['NONE'] }, Shell: ['/bin/sh', '-c'] }, rootfs: { type: 'layers', diff_ids: [] } });
  assert.equal(documentKind(DOCKER_MANIFEST_LIST), 'index');
  assert.equal(documentKind(OCI_DESCRIPTOR), 'descriptor');
  assert.equal(documentKind('application/vnd.oci.image.layer.v1.tar'), undefined);
  assert.throws(() => validateManifest(null), /invalid image manifest: \(root\) must be object/);
});
