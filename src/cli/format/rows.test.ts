import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isBerthError } from '../../core/errors.js';
import { checkRowsFormat, formatRows } from './index.js';

const headers = { ID: 'IMAGE ID', Repository: 'REPOSITORY', Tag: 'TAG', CreatedSince: 'CREATED', Size: 'SIZE', Digest: 'DIGEST' };
const options = { defaultFormat: 'table {{.Repository}}\t{{.Tag}}\t{{.ID}}\t{{.CreatedSince}}\t{{.Size}}', headers, typeName: '*formatter.imageContext' };
const rows = [
  { ID: '5208dcdf7558', Repository: 'tiny', Tag: '1', Digest: '<none>', CreatedSince: '7 seconds ago', Size: '1.98MB' },
  { ID: '80026675aa20', Repository: 'example.com/a-much-longer-repository-name/x', Tag: 'with-a-long-tag', Digest: '<none>', CreatedSince: '7 seconds ago', Size: '1.98MB' },
];

test('default and `table` formats print docker images columns (outputs recorded from docker 20.10)', () => {
  const expected =
    'REPOSITORY                                    TAG               IMAGE ID       CREATED         SIZE\n' +
    'tiny                                          1                 5208dcdf7558   7 seconds ago   1.98MB\n' +
    'example.com/a-much-longer-repository-name/x   with-a-long-tag   80026675aa20   7 seconds ago   1.98MB\n';
  assert.equal(formatRows(undefined, rows, options), expected);
  assert.equal(formatRows('table', rows, options), expected);
  assert.equal(formatRows('', [], options), 'REPOSITORY   TAG       IMAGE ID   CREATED   SIZE\n');
});

test('table header uses the header map and docker header functions; pad is kept', () => {
  const out = formatRows('table {{.Repository}} {{upper .Tag}} {{json .ID}} {{pad .Tag 1 2}}|{{truncate .Repository 2}}|{{split .Tag "o"}}', rows.slice(0, 1), options);
  assert.equal(out, 'REPOSITORY TAG IMAGE ID  TAG  |REPOSITORY|TAG\ntiny 1 "5208dcdf7558"  1  |ti|[1]\n');
  const labelled = formatRows('table {{.ID}}\t{{.Label "com.example.my-label"}}', [{ ID: 'x', Label: (k: string) => (k === 'com.example.my-label' ? 'v' : '') }], { ...options, typeName: '*formatter.ContainerContext' });
  assert.equal(labelled, 'IMAGE ID   my label\nx          v\n');
  assert.equal(formatRows('table {{.Nope}}', [], options), '<no value>\n');
});

test('--format json and {{json .}} print rows as sorted, HTML-escaped JSON objects', () => {
  const line = '{"CreatedSince":"7 seconds ago","Digest":"\\u003cnone\\u003e","ID":"5208dcdf7558","Repository":"tiny","Size":"1.98MB","Tag":"1"}\n';
  assert.equal(formatRows('json', rows.slice(0, 1), options), line);
  assert.equal(formatRows('{{json .}}', rows.slice(0, 1), options), line);
});

test('plain templates: \\t and \\n escapes, spaces trimmed, one line per row', () => {
  assert.equal(formatRows('  {{.ID}}\\t{{.Tag}}\\n  ', rows, options), '5208dcdf7558\t1\n\n80026675aa20\twith-a-long-tag\n\n');
});

test('template errors carry docker messages and print nothing', () => {
  const failure = (format: string): string => {
    try {
      formatRows(format, rows, options);
    } catch (e) {
      assert.ok(isBerthError(e));
      return e.message;
    }
    return assert.fail('no error');
  };
  assert.equal(failure('{{.Foo}}'), 'template parsing error: template: :1:2: executing "" at <.Foo>: can\'t evaluate field Foo in type *formatter.imageContext');
  assert.equal(failure('table {{.Repository}}\\t{{.Tag}}\\t{{.Foo}}'), 'template parsing error: template: :1:27: executing "" at <.Foo>: can\'t evaluate field Foo in type *formatter.imageContext');
  assert.equal(failure('{{foo}}'), 'template parsing error: template: :1: function "foo" not defined');
});

test('checkRowsFormat mirrors docker ps: whole format parsed and run on an empty row', () => {
  const empty = { ID: '', Names: '', Label: (_k: string) => '' };
  assert.doesNotThrow(() => checkRowsFormat('table {{.ID}}\t{{.Label "x"}}', empty, '*formatter.ContainerContext'));
  assert.throws(() => checkRowsFormat('table {{.Foo}}', empty, '*formatter.ContainerContext'), {
    message: 'failed to execute template: template: :1:8: executing "" at <.Foo>: can\'t evaluate field Foo in type *formatter.ContainerContext',
  });
  assert.throws(() => checkRowsFormat('{{.Label}}', empty, '*formatter.ContainerContext'), {
    message: 'failed to execute template: template: :1:2: executing "" at <.Label>: wrong number of args for Label: want 1 got 0',
  });
  assert.throws(() => checkRowsFormat('{{foo}}', empty, '*formatter.ContainerContext'), { message: 'failed to parse template: template: :1: function "foo" not defined' });
});
