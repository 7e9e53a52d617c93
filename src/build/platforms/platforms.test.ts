import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isBerthError, parsePlatform } from '../../core/index.js';
import { parseDockerfile, planBuild } from '../../dockerfile/index.js';
import { platformStepName, StageNamer } from '../solver/stage-name.js';
import { checkPlatformOutputs, platformDirectory } from './export.js';

const ARM = parsePlatform('linux/arm/v7');
const ARM64 = parsePlatform('linux/arm64');
const AMD64 = parsePlatform('linux/amd64');

test('step names carry the platform like buildx', () => {
  assert.equal(platformStepName('[build 2/4] RUN make', ARM), '[linux/arm/v7 build 2/4] RUN make');
  assert.equal(platformStepName('[2/2] RUN echo', ARM64), '[linux/arm64 2/2] RUN echo');
  assert.equal(platformStepName('[internal] load metadata for docker.io/library/busybox:multiarch', ARM), '[linux/arm/v7 internal] load metadata for docker.io/library/busybox:multiarch');
});

// BuildKit's prefixCommand: the stage's own platform, then `->arch` when the TARGET* args in the
// step's scope name another architecture (a build-platform stage cross-compiling for the target).
test('a stage names its steps with its own platform, and ->target for steps cross-compiling', () => {
  const plan = planBuild(parseDockerfile('FROM --platform=$BUILDPLATFORM busybox AS build\nARG TARGETARCH\nRUN make\nCOPY a b\nFROM busybox\nCOPY --from=build b b'), { buildPlatform: 'linux/amd64', targetPlatform: 'linux/arm/v7' });
  const build = plan.stages.find((p) => p.stage.name === 'build')!;
  const namer = new StageNamer(build, 2, build.stage.instructions, AMD64);
  assert.equal(namer.next('FROM docker.io/library/busybox:latest'), '[linux/amd64 build 1/3] FROM docker.io/library/busybox:latest');
  assert.equal(namer.next('RUN make', { TARGETARCH: 'arm', TARGETVARIANT: 'v7' }), '[linux/amd64->arm/v7 build 2/3] RUN make');
  assert.equal(namer.next('COPY a b', { TARGETPLATFORM: 'linux/arm64' }), '[linux/amd64->arm64 build 3/3] COPY a b');
  const same = new StageNamer(build, 2, build.stage.instructions, AMD64);
  assert.equal(same.next('RUN make', { TARGETARCH: 'amd64' }), '[linux/amd64 build 1/3] RUN make', 'no arrow for the same architecture');
  assert.equal(new StageNamer(build, 2, build.stage.instructions).next('RUN make', { TARGETARCH: 'arm' }), '[build 1/3] RUN make', 'no platform in a single-platform build');
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
