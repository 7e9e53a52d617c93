import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isBerthError, parsePlatform } from '../../core/index.js';
import type { BuildEvent } from '../progress/index.js';
import { checkPlatformOutputs, platformDirectory } from './export.js';
import { platformProgress, platformStepName } from './progress.js';

const ARM = parsePlatform('linux/arm/v7');
const ARM64 = parsePlatform('linux/arm64');

test('step names carry the platform like buildx', () => {
  assert.equal(platformStepName('[build 2/4] RUN make', ARM), '[linux/arm/v7 build 2/4] RUN make');
  assert.equal(platformStepName('[2/2] RUN echo', ARM64), '[linux/arm64 2/2] RUN echo');
  assert.equal(platformStepName('[internal] load metadata for docker.io/library/busybox:multiarch', ARM), '[linux/arm/v7 internal] load metadata for docker.io/library/busybox:multiarch');
  assert.equal(platformStepName('exporting to image', ARM), '[linux/arm/v7] exporting to image');
});

test('platformProgress renames starts and cache hits only', () => {
  const seen: BuildEvent[] = [];
  const sink = platformProgress((e) => seen.push(e), ARM);
  sink({ type: 'vertex-start', id: 'v1', name: '[1/2] FROM x', time: 1 });
  sink({ type: 'vertex-cached', id: 'v2', name: '[2/2] RUN y', time: 2 });
  sink({ type: 'vertex-log', id: 'v1', time: 3, stream: 'stdout', data: 'hi' });
  assert.deepEqual(seen.map((e) => ('name' in e ? e.name : e.type)), ['[linux/arm/v7 1/2] FROM x', '[linux/arm/v7 2/2] RUN y', 'vertex-log']);
});

test('local output folders are named like buildx', () => {
  assert.equal(platformDirectory(ARM), 'linux_arm_v7');
  assert.equal(platformDirectory(ARM64), 'linux_arm64');
});

test('outputs holding one platform are refused before building several', () => {
  checkPlatformOutputs([{ type: 'docker', dest: 'x.tar' }], [ARM]);
  checkPlatformOutputs([{ type: 'oci', dest: 'x.tar' }, { type: 'local', dest: 'out' }], [ARM, ARM64]);
  assert.throws(() => checkPlatformOutputs([{ type: 'docker', dest: 'x.tar' }], [ARM, ARM64]), (err) => {
    assert.ok(isBerthError(err, 'OUTPUT_INVALID'));
    assert.match(err.message, /^docker exporter does not currently support exporting manifest lists \(building for linux\/arm\/v7,linux\/arm64\)$/);
    return true;
  });
  assert.throws(() => checkPlatformOutputs([{ type: 'tar', dest: 'x.tar' }], [ARM, ARM64]), /type=tar holds one platform/);
});
