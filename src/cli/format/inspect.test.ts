import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { isBerthError } from '../../core/errors.js';
import { formatInspect } from './index.js';

// Recorded from docker 20.10.24 (`docker image inspect --format T`) for the same inspect object;
// test/e2e/format-docker.test.ts re-checks a subset live against dockerd.
const oracle = JSON.parse(readFileSync(fileURLToPath(new URL('../../../../src/cli/format/testdata/inspect-oracle.json', import.meta.url)), 'utf8')) as {
  objects: { kind: 'image' | 'container'; ref: string; inspect: object; cases: { template: string; stdout: string; stderr: string; status: number }[] }[];
};

test('inspect --format matches docker output and errors for every recorded template (images and a container)', () => {
  const mismatches: string[] = [];
  for (const object of oracle.objects)
  for (const c of object.cases) {
    let stdout = '';
    let stderr = '';
    let status = 0;
    try {
      const result = formatInspect(c.template, [object.inspect], { kind: object.kind });
      stdout = result.output;
      stderr = result.errors.join('\n');
      status = result.errors.length ? 1 : 0;
    } catch (e) {
      if (!isBerthError(e)) throw e;
      stderr = e.message;
      status = e.exitCode;
    }
    if (stdout !== c.stdout || stderr !== c.stderr || status !== c.status) {
      mismatches.push(`${object.ref} ${c.template}\n  docker: ${JSON.stringify(c.stdout)} ${JSON.stringify(c.stderr)} ${c.status}\n  berth:  ${JSON.stringify(stdout)} ${JSON.stringify(stderr)} ${status}`);
    }
  }
  assert.ok(oracle.objects.filter((o) => o.kind === 'image').every((o) => o.cases.length > 100));
  assert.ok(oracle.objects.some((o) => o.kind === 'container' && o.cases.length > 20));
  assert.deepEqual(mismatches, []);
});

test('inspect without a format prints docker-indented JSON, maps sorted, HTML unescaped', () => {
  const item = { Id: 'sha256:1', RepoTags: [], Config: { Labels: { z: '1', 'a<b': 'x&y' }, Cmd: null } };
  const { output, errors } = formatInspect(undefined, [item], { kind: 'image' });
  assert.deepEqual(errors, []);
  assert.equal(output, '[\n    {\n        "Id": "sha256:1",\n        "RepoTags": [],\n        "Config": {\n            "Labels": {\n                "a<b": "x&y",\n                "z": "1"\n            },\n            "Cmd": null\n        }\n    }\n]\n');
  assert.equal(formatInspect('json', []).output, '[]\n');
});

test('inspect prints one line per object and keeps going after a failing object', () => {
  const { output, errors } = formatInspect('{{.Config.Labels.a}}', [{ Config: { Labels: { a: 'x' } } }, { Config: null }, { Config: { Labels: { a: 'y' } } }], { kind: 'image' });
  assert.equal(output, 'x\ny\n');
  // Go: the typed view fails on the nil *container.Config, the raw view on the nil interface.
  assert.deepEqual(errors, ['template parsing error: template: :1:9: executing "" at <.Config.Labels.a>: nil pointer evaluating interface {}.Labels']);
  const failing = formatInspect('{{.Nope}}', [{ Id: '1' }], { kind: 'image' });
  assert.equal(failing.output, '\n');
  assert.deepEqual(failing.errors, ['template parsing error: template: :1:2: executing "" at <.Nope>: map has no entry for key "Nope"']);
});

test('inspect types each object by its own kind when given one per object', () => {
  const image = { Id: 'sha256:1', Config: { Cmd: null } };
  const container = { Id: 'c1', HostConfig: { Binds: null }, Config: { Cmd: null } };
  assert.deepEqual(formatInspect('{{.Config.Cmd}}', [image, container], { kind: ['image', 'container'] }), { output: '[]\n[]\n', errors: [] });
  assert.deepEqual(formatInspect('{{.HostConfig.Binds}}', [image, container], { kind: ['image', 'container'] }), {
    output: '[]\n',
    errors: ['template parsing error: template: :1:13: executing "" at <.HostConfig.Binds>: map has no entry for key "HostConfig"'],
  });
});
