import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatFieldRows } from './field-rows.js';

const options = { defaultFormat: 'table {{.Repository}}\t{{.Tag}}\t{{.ID}}', headers: { ID: 'IMAGE ID', Repository: 'REPOSITORY', Tag: 'TAG' } };
const rows = [
  { ID: '5208dcdf7558', Repository: 'tiny', Tag: '1' },
  { ID: '80026675aa20', Repository: 'example.com/longer', Tag: 'v2' },
];

test('field-only formats print without the template engine, docker table alignment included', () => {
  assert.equal(
    formatFieldRows(undefined, rows, options),
    'REPOSITORY           TAG       IMAGE ID\ntiny                 1         5208dcdf7558\nexample.com/longer   v2        80026675aa20\n',
  );
  assert.equal(formatFieldRows('{{.ID}}', rows, options), '5208dcdf7558\n80026675aa20\n');
  assert.equal(formatFieldRows('  {{ .Tag }}={{.ID}}\\t}}x  ', rows, options), '1=5208dcdf7558\t}}x\nv2=80026675aa20\t}}x\n');
  assert.equal(formatFieldRows('table', [], options), 'REPOSITORY   TAG       IMAGE ID\n');
});

test('formats needing the engine are left to it (undefined)', () => {
  for (const format of ['json', '{{json .}}', '{{.ID | printf "%s"}}', '{{- .ID}}', '{{.ID -}}', '{{.Missing}}', '{{/* c */}}{{.ID}}', '{{.ID}} {{', 'table {{.Tag}}\t{{.Label "x"}}']) {
    assert.equal(formatFieldRows(format, rows, options), undefined, format);
  }
  assert.equal(formatFieldRows('table {{.Other}}', [{ Other: 'x' }], options), undefined, 'a field without a header label');
  assert.equal(formatFieldRows('{{.ID}}', [{ ID: 7 }], options), undefined, 'a field that is not a string');
});
