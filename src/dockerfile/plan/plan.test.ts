import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isBerthError } from '../../core/index.js';
import { parseDockerfile } from '../parse.js';
import { planBuild } from './plan.js';
import type { PlanOptions } from '../types.js';

const plan = (text: string, options: PlanOptions = {}) => planBuild(parseDockerfile(text), { buildPlatform: 'linux/amd64', ...options });

test('global ARGs feed FROM; build-args override defaults; defaults may use earlier globals', () => {
  const text = 'ARG REG=docker.io\nARG IMG=${REG}/library/alpine\nARG TAG=3.19\nFROM ${IMG}:${TAG}\n';
  assert.equal(plan(text).stages[0].baseName, 'docker.io/library/alpine:3.19');
  assert.equal(plan(text, { buildArgs: { TAG: '3.20', REG: 'quay.io' } }).stages[0].baseName, 'quay.io/library/alpine:3.20');
});

test('platform ARGs are automatic in FROM; --platform is expanded and normalized', () => {
  const p = plan('FROM --platform=$BUILDPLATFORM a AS b\nFROM --platform=${TARGETOS}/${TARGETARCH}${TARGETVARIANT:+/$TARGETVARIANT} a\nFROM a', { targetPlatform: 'linux/arm' });
  assert.deepEqual(p.stages.map((s) => s.platform), ['linux/arm/v7']);
  const all = plan('FROM --platform=$BUILDPLATFORM a AS b\nFROM --platform=linux/arm64/v8 b AS c\nCOPY --from=b / /', { targetPlatform: 'linux/arm/v7' });
  assert.deepEqual(all.stages.map((s) => [s.baseName, s.platform]), [['a', 'linux/amd64'], ['b', 'linux/arm64']]);
  assert.equal(all.globalArgs.TARGETVARIANT, 'v7');
  assert.throws(() => plan('ARG P\nFROM --platform=$P a'), /empty platform value from expression \$P/);
});

test('stage graph: bases and --from by name (case-insensitive) or index; only needed stages, dependencies first', () => {
  const text = 'FROM a AS deps\nFROM b AS unused\nFROM deps AS build\nRUN --mount=type=bind,from=tools,target=/t x\nFROM scratch AS tools\nFROM c\nCOPY --from=BUILD /x /x\nCOPY --from=0 /y /y\nCOPY --from=alpine:3 /z /z';
  assert.throws(() => plan(text), /cannot copy from stage "tools", it needs to be defined before current stage "build"/);
  const fixed = text.replace('RUN --mount=type=bind,from=tools,target=/t x\n', '');
  const p = plan(fixed);
  assert.deepEqual(p.stages.map((s) => [s.stage.index, s.base, s.dependencies]), [
    [0, { kind: 'image', ref: 'a' }, []],
    [2, { kind: 'stage', index: 0 }, [0]],
    [4, { kind: 'image', ref: 'c' }, [0, 2]],
  ]);
  assert.deepEqual(plan(fixed, { target: 'Build' }).stages.map((s) => s.stage.index), [0, 2]);
  assert.deepEqual(plan(fixed, { target: 'tools' }).stages.map((s) => s.base), [{ kind: 'scratch' }]);
});

test('bad references are rejected with a location', () => {
  assert.throws(() => plan('FROM a AS x\nCOPY --from=x / /'), (e: unknown) => isBerthError(e) && /circular dependency detected on stage: x/.test(e.message) && e.location?.line === 2);
  assert.throws(() => plan('FROM a\nCOPY --from=3 / /'), /invalid stage index 3/);
  assert.throws(() => plan('FROM a AS builder\nFROM b\nCOPY --from=Buildr / /'), (e: unknown) => isBerthError(e) && /neither a stage name nor a valid image reference/.test(e.message) && /builder/.test(e.hint ?? ''));
  assert.throws(() => plan('ARG B\nFROM ${B}'), /base name \(\$\{B\}\) should not be blank/);
  assert.throws(() => plan('FROM Not_Valid'), /invalid reference format/);
  assert.throws(() => plan('FROM a AS one\nFROM b AS two', { target: 'tow' }), (e: unknown) => isBerthError(e, 'DOCKERFILE_TARGET') && /target stage "tow" could not be found.*did you mean two/.test(e.message));
});

test('unused build-args warning; proxies and declared ARGs (global or in needed stages) count as consumed', () => {
  const p = plan('ARG G\nFROM a AS x\nARG IN_X\nFROM b\nARG USED', { buildArgs: { G: '1', USED: '1', IN_X: '1', NOBODY: '1', HTTP_PROXY: 'p', AAA: '2' } });
  assert.deepEqual(p.unusedBuildArgs, ['AAA', 'IN_X', 'NOBODY']);
  assert.ok(p.warnings.some((w) => w.message === '[Warning] One or more build-args [AAA IN_X NOBODY] were not consumed'));
});
