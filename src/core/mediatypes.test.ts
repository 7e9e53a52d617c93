import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DOCKER_CONFIG,
  DOCKER_LAYER_FOREIGN_TAR_GZIP,
  DOCKER_LAYER_TAR_GZIP,
  DOCKER_MANIFEST,
  DOCKER_MANIFEST_LIST,
  isConfigMediaType,
  isIndexMediaType,
  isLayerMediaType,
  isManifestMediaType,
  isNonDistributable,
  layerCompression,
  layerMediaType,
  mediaTypeFamily,
  OCI_CONFIG,
  OCI_INDEX,
  OCI_LAYER_NONDIST_TAR_ZSTD,
  OCI_LAYER_TAR,
  OCI_LAYER_TAR_GZIP,
  OCI_LAYER_TAR_ZSTD,
  OCI_MANIFEST,
} from './mediatypes.js';
import { canonicalJson } from './json.js';
import { descriptorFor, jsonBlob, sameContent } from './descriptor.js';

test('manifest, index and config media types of both families are recognised', () => {
  assert.ok(isManifestMediaType(OCI_MANIFEST) && isManifestMediaType(DOCKER_MANIFEST));
  assert.ok(isIndexMediaType(OCI_INDEX) && isIndexMediaType(DOCKER_MANIFEST_LIST));
  assert.ok(isConfigMediaType(OCI_CONFIG) && isConfigMediaType(DOCKER_CONFIG));
  assert.ok(!isManifestMediaType(OCI_INDEX) && !isIndexMediaType(undefined) && !isConfigMediaType(OCI_MANIFEST));
  assert.equal(mediaTypeFamily(DOCKER_MANIFEST), 'docker');
  assert.equal(mediaTypeFamily(OCI_LAYER_TAR), 'oci');
  assert.equal(mediaTypeFamily('application/json'), undefined);
});

test('layer compression from media type, including non-distributable and +suffix types', () => {
  assert.equal(layerCompression(OCI_LAYER_TAR), 'none');
  assert.equal(layerCompression(OCI_LAYER_TAR_GZIP), 'gzip');
  assert.equal(layerCompression(OCI_LAYER_TAR_ZSTD), 'zstd');
  assert.equal(layerCompression(DOCKER_LAYER_TAR_GZIP), 'gzip');
  assert.equal(layerCompression(DOCKER_LAYER_FOREIGN_TAR_GZIP), 'gzip');
  assert.equal(layerCompression('application/vnd.example.layer.v1.tar+zstd'), 'zstd');
  assert.equal(layerCompression('application/octet-stream'), undefined);
  assert.ok(isLayerMediaType(OCI_LAYER_NONDIST_TAR_ZSTD) && !isLayerMediaType(OCI_CONFIG));
  assert.ok(isNonDistributable(DOCKER_LAYER_FOREIGN_TAR_GZIP) && isNonDistributable(OCI_LAYER_NONDIST_TAR_ZSTD) && !isNonDistributable(OCI_LAYER_TAR_GZIP));
  assert.equal(layerMediaType('gzip'), OCI_LAYER_TAR_GZIP);
  assert.equal(layerMediaType('gzip', 'docker'), DOCKER_LAYER_TAR_GZIP);
  assert.equal(layerMediaType('none', 'docker'), 'application/vnd.docker.image.rootfs.diff.tar');
});

test('canonicalJson is compact UTF-8 in key order', () => {
  assert.equal(canonicalJson({ b: 'é', a: [1, { c: null }] }).toString('utf8'), '{"b":"é","a":[1,{"c":null}]}');
});

test('descriptorFor, jsonBlob and sameContent', () => {
  const { bytes, descriptor } = jsonBlob({ a: 1 }, OCI_CONFIG);
  assert.equal(bytes.toString(), '{"a":1}');
  assert.deepEqual(descriptor, { mediaType: OCI_CONFIG, digest: 'sha256:015abd7f5cc57a2dd94b7590f04ad8084273905ee33ec5cebeae62276a97f862', size: 7 });
  assert.deepEqual(descriptorFor(bytes, OCI_CONFIG), descriptor);
  assert.ok(sameContent(descriptor, { ...descriptor, mediaType: DOCKER_CONFIG }));
  assert.ok(!sameContent(descriptor, { ...descriptor, size: 8 }));
  assert.equal(descriptorFor(bytes, OCI_CONFIG, 'sha512').digest.length, 'sha512:'.length + 128);
});
