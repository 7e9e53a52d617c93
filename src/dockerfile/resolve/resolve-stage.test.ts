import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDockerfile } from '../parse.js';
import { planBuild } from '../plan/plan.js';
import { resolveStage } from './resolve-stage.js';
import type { PlanOptions } from '../types.js';

function resolve(text: string, options: PlanOptions = {}, env: string[] = ['PATH=/bin'], onBuild: string[] = []) {
  const p = planBuild(parseDockerfile(text), { buildPlatform: 'linux/amd64', ...options });
  return { plan: p, stage: resolveStage(p, p.target, { env, onBuild }) };
}

test('ARG scope: not visible before declaration, defaults, build-arg override, global value inherited by name', () => {
  const { stage } = resolve('ARG V=global\nARG ONLYGLOBAL=g\nFROM a\nWORKDIR /$V\nARG V\nWORKDIR /$V\nARG D=def\nARG O=def\nUSER $D:$O:$ONLYGLOBAL', { buildArgs: { O: 'over' } });
  const words = stage.steps.map((s) => (s.instruction.kind === 'WORKDIR' ? s.instruction.path : s.instruction.kind === 'USER' ? s.instruction.user : undefined)).filter(Boolean);
  assert.deepEqual(words, ['/', '/global', 'def:over:']);
  assert.deepEqual(stage.args, { V: 'global', D: 'def', O: 'over' });
  assert.ok(stage.warnings.some((w) => w.rule === 'UndefinedVar' && /'\$ONLYGLOBAL'/.test(w.message)));
});

test('ENV shadows an earlier ARG; ENV expands with the values before the instruction; image env comes from the base', () => {
  const { stage } = resolve('FROM a\nARG X=arg\nENV X=env Y=$X\nENV Z=$X:$HOME\nRUN echo', {}, ['HOME=/root']);
  assert.deepEqual(stage.env, ['HOME=/root', 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', 'X=env', 'Y=arg', 'Z=env:/root']);
  const run = stage.steps[3];
  assert.ok(run.runEnv.includes('X=env'));
  assert.deepEqual(run.args, { X: 'arg' });
});

test('platform ARGs need a declaration inside a stage; proxies reach RUN without one', () => {
  const { stage } = resolve('FROM a\nRUN a\nARG TARGETARCH\nRUN b', { targetPlatform: 'linux/arm64', buildArgs: { https_proxy: 'http://p' } });
  assert.deepEqual(stage.steps[0].args, { https_proxy: 'http://p' });
  assert.deepEqual(stage.steps[2].args, { TARGETARCH: 'arm64', https_proxy: 'http://p' });
  assert.ok(stage.steps[2].runEnv.includes('https_proxy=http://p'));
});

test('expansion per instruction: EXPOSE splits, COPY paths/flags and heredocs, quoted heredoc untouched, mounts', () => {
  const text = 'FROM a\nARG P="80 443/udp" U=1000 D=/dst\nEXPOSE $P\nCOPY --chown=$U:$U src/${D#/}.txt <<A <<"B" $D/\n$U\nA\n$U\nB\nRUN --mount=type=cache,target=$D/cache,uid=$U make\nCMD echo $U';
  const steps = resolve(text).stage.steps;
  const [, expose, copy, run, cmd] = steps.map((s) => s.instruction);
  assert.deepEqual(expose.kind === 'EXPOSE' && expose.ports, ['80', '443/udp']);
  assert.ok(copy.kind === 'COPY');
  assert.deepEqual([copy.chown, copy.dest], ['1000:1000', '/dst/']);
  assert.deepEqual(copy.sources.map((s) => (s.kind === 'path' ? s.path : s.heredoc.content)), ['src/dst.txt', '1000\n', '$U\n']);
  assert.deepEqual(run.kind === 'RUN' && [run.mounts[0].target, run.mounts[0].uid], ['/dst/cache', 1000]);
  assert.deepEqual(cmd.kind === 'CMD' && cmd.command, { form: 'shell', command: 'echo $U' });
});

test('ONBUILD triggers: from the base image config first, and from a parent stage', () => {
  const { stage } = resolve('FROM a\nRUN mine', {}, ['PATH=/bin'], ['RUN echo trigger', 'ENV FROM_BASE=1']);
  assert.deepEqual(stage.steps.map((s) => [s.instruction.kind, s.fromOnbuild]), [['RUN', true], ['ENV', true], ['RUN', false]]);
  const p = planBuild(parseDockerfile('FROM a AS base\nARG V=1\nONBUILD RUN echo $V\nFROM base\nRUN child'), { buildPlatform: 'linux/amd64' });
  const parent = resolveStage(p, 0, { env: [] });
  assert.deepEqual(parent.onBuild, ['RUN echo $V']);
  const child = resolveStage(p, 1, parent);
  assert.deepEqual(child.steps.map((s) => [s.instruction.kind, s.fromOnbuild]), [['RUN', true], ['RUN', false]]);
  assert.deepEqual(child.args, { V: '1' });
});

test('expansion errors are located', () => {
  assert.throws(() => resolve('FROM a\nARG X\nWORKDIR ${X:?must be set}'), (e: unknown) => e instanceof Error && /Dockerfile:3:1: .*X: must be set/.test(e.message));
  assert.throws(() => resolve('FROM a\nARG M=badtype\nRUN --mount=type=$M x'), /unsupported mount type "badtype"/);
});
