import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDockerfile } from '../parse.js';
import { planBuild } from '../plan/plan.js';
import type { PlanOptions } from '../types.js';
import { formatDiagnostic } from './reporter.js';

const findings = (text: string, options: PlanOptions = {}) => {
  const p = planBuild(parseDockerfile(text), { buildPlatform: 'linux/amd64', ...options });
  return { rules: p.warnings.map((w) => w.rule), plan: p };
};

test('LegacyKeyValueFormat reports rule, location and the one-line explanation', () => {
  const { plan } = findings('FROM a\nENV key value');
  const w = plan.warnings[0];
  assert.equal(formatDiagnostic(w), 'Dockerfile:2:1: LegacyKeyValueFormat: "ENV key=value" should be used instead of legacy "ENV key value" format (https://docs.docker.com/go/dockerfile/rule/legacy-key-value-format/)');
  assert.equal(w.location?.lineText, 'ENV key value');
  assert.equal(w.level, 'warning');
});

test('each BuildKit rule fires on its case', () => {
  const cases: Array<[string, string, PlanOptions?]> = [
    ['StageNameCasing', 'FROM a AS Build'],
    ['FromAsCasing', 'FROM a as b'],
    ['NoEmptyContinuation', 'FROM a\nRUN a \\\n\nb'],
    ['ConsistentInstructionCasing', 'FROM a\nRUN x\nRUN y\nrun z'],
    ['DuplicateStageName', 'FROM a AS x\nFROM b AS x'],
    ['ReservedStageName', 'FROM a AS context'],
    ['JSONArgsRecommended', 'FROM a\nCMD run me'],
    ['MaintainerDeprecated', 'FROM a\nMAINTAINER me'],
    ['UndefinedArgInFrom', 'ARG TAG=1\nFROM alpine$TAGG'],
    ['WorkdirRelativePath', 'FROM a\nWORKDIR rel'],
    ['MultipleInstructionsDisallowed', 'FROM a\nENTRYPOINT ["a"]\nENTRYPOINT ["b"]'],
    ['RedundantTargetPlatform', 'FROM --platform=$TARGETPLATFORM a'],
    ['SecretsUsedInArgOrEnv', 'FROM a\nARG DB_PASSWORD'],
    ['InvalidDefaultArgInFrom', 'ARG V\nFROM alpine:$V', { buildArgs: { V: '3' } }],
    ['FromPlatformFlagConstDisallowed', 'FROM --platform=linux/amd64 a'],
    ['ExposeProtoCasing', 'FROM a\nEXPOSE 53/UDP'],
    ['ExposeInvalidFormat', 'FROM a\nEXPOSE 8080:80'],
  ];
  for (const [rule, text, options] of cases) assert.ok(findings(text, options).rules.includes(rule), `${rule} not reported for ${JSON.stringify(text)}`);
  assert.deepEqual(findings('FROM a AS b\nENV k=v\nCMD ["x"]\nWORKDIR /abs\nWORKDIR rel\nEXPOSE 80/tcp').rules, []);
  assert.ok(!findings('FROM --platform=linux/arm64 a AS build-linux-arm64').rules.includes('FromPlatformFlagConstDisallowed'));
  assert.ok(!findings('ARG PUBLIC_KEY\nFROM a').rules.includes('SecretsUsedInArgOrEnv'));
  assert.ok(!findings('FROM a AS base\nSHELL ["/bin/bash", "-c"]\nFROM base\nCMD run me').rules.includes('JSONArgsRecommended'), 'a custom SHELL makes shell form deliberate');
});

test('CopyIgnoredFile uses the matcher the build engine supplies, only for context sources', () => {
  const isIgnored = (p: string) => p === 'secrets.env' || p.startsWith('node_modules');
  const { plan } = findings('FROM a AS b\nCOPY ./secrets.env src /app/\nADD node_modules/x /y\nFROM c\nCOPY --from=b secrets.env /', { isIgnored });
  assert.deepEqual(plan.warnings.filter((w) => w.rule === 'CopyIgnoredFile').map((w) => w.message), [
    'Attempting to Copy file "./secrets.env" that is excluded by .dockerignore',
    'Attempting to Add file "node_modules/x" that is excluded by .dockerignore',
  ]);
});

test("berth's own checks: shell form probably meant as JSON, secret-looking values", () => {
  const { plan } = findings("FROM a\nCMD ['a', 'b']\nENTRYPOINT [\"a\" \"b\"]\nENV URL=https://user:hunter2@example.com/x\nARG K=AKIAABCDEFGHIJKLMNOP");
  const msgs = plan.warnings.filter((w) => w.rule === 'JSONArgsMalformed' || w.rule === 'SecretValueInArgOrEnv').map((w) => w.message);
  assert.deepEqual(msgs, [
    'CMD looks like a JSON array but JSON needs double quotes, not single quotes, so it runs as a shell command: write CMD ["executable", "arg"]',
    'ENTRYPOINT looks like a JSON array but a comma is missing between elements, so it runs as a shell command: write ENTRYPOINT ["executable", "arg"]',
    'ENV "URL" holds what looks like a URL with a password; it would be saved in the image, pass it with RUN --mount=type=secret instead',
    'ARG "K" holds what looks like an AWS access key id; it would be saved in the image, pass it with RUN --mount=type=secret instead',
  ]);
});

test('# check=skip=…;error=true is honoured; experimental rules are opt-in', () => {
  assert.deepEqual(findings('# check=skip=JSONArgsRecommended,MaintainerDeprecated\nFROM a\nCMD x\nMAINTAINER m').rules, []);
  assert.deepEqual(findings('# check=skip=all\nFROM a as B\nCMD x').rules, []);
  const strict = findings('# check=error=true\nFROM a\nENV a b').plan;
  assert.deepEqual(strict.errors.map((e) => [e.rule, e.level]), [['LegacyKeyValueFormat', 'error']]);
  assert.equal(findings('FROM a\nENV a b').plan.errors.length, 0);
  const desc = '# wrong description\nFROM a AS b';
  assert.ok(!findings(desc).rules.includes('InvalidDefinitionDescription'));
  assert.ok(findings(`# check=experimental=InvalidDefinitionDescription\n\n${desc}`).rules.includes('InvalidDefinitionDescription'));
  assert.throws(() => findings('# check=bogus\nFROM a'), /failed to parse check options/);
});

test('UndefinedVar is reported while resolving, with a suggestion', async () => {
  const { resolveStage } = await import('../resolve/resolve-stage.js');
  const p = planBuild(parseDockerfile('FROM a\nARG VERSION=1\nWORKDIR /app/$VERSIN'), { buildPlatform: 'linux/amd64' });
  const r = resolveStage(p, 0, { env: [] });
  assert.deepEqual(r.warnings.map((w) => w.message), ["Usage of undefined variable '$VERSIN' (did you mean $VERSION?)"]);
});

test('InvalidBaseImagePlatform is available to the build engine once the base is resolved', async () => {
  const { baseImagePlatformFinding } = await import('./base-platform.js');
  const p = planBuild(parseDockerfile('FROM alpine AS a\nFROM a'), { buildPlatform: 'linux/amd64' });
  assert.equal(baseImagePlatformFinding(p, 0, 'linux/amd64'), undefined);
  assert.equal(baseImagePlatformFinding(p, 0, 'linux/arm64')?.message, 'Base image alpine was pulled with platform "linux/arm64", expected "linux/amd64" for current build');
  assert.equal(baseImagePlatformFinding(p, 1, 'linux/arm64'), undefined, 'stage bases are not images');
  const arm = planBuild(parseDockerfile('FROM alpine'), { buildPlatform: 'linux/amd64', targetPlatform: 'linux/arm/v7' });
  assert.equal(baseImagePlatformFinding(arm, 0, { os: 'linux', architecture: 'arm' }), undefined, 'BuildKit compares OS and architecture only');
  assert.equal(baseImagePlatformFinding(arm, 0, 'linux/amd64', { os: 'linux', architecture: 'amd64' }), undefined, 'an expected platform overrides the planned one');
  const skipped = planBuild(parseDockerfile('# check=skip=InvalidBaseImagePlatform\nFROM alpine'), { buildPlatform: 'linux/amd64' });
  assert.equal(baseImagePlatformFinding(skipped, 0, 'linux/arm64'), undefined, 'skipped by the check directive');
});
