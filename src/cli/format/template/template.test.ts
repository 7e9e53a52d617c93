import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isBerthError } from '../../../core/errors.js';
import { goMap, goNil, goSprint, goSprintf, goStruct, goJson, parseTemplate, renderTemplate } from '../index.js';

const data = {
  Id: 'sha256:abc',
  RepoTags: ['a:1', 'b:2'],
  Size: 1982256,
  Config: { Env: ['A=1', 'B=2'], Labels: { 'com.x': 'y', a: '<b>' }, Cmd: goNil('slice'), Volumes: goNil('map'), Healthcheck: goNil('pointer') },
  Ratio: 0.25,
  Empty: '',
  Nested: [{ Name: 'n1' }, { Name: 'n2' }],
};

test('Go template semantics over plain JS objects', () => {
  const cases: [string, string][] = [
    ['{{.Id}} {{.RepoTags}} {{.Size}} {{.Ratio}}', 'sha256:abc [a:1 b:2] 1982256 0.25'],
    ['{{.Config.Env}}|{{.Config.Labels}}|{{.Config.Cmd}}|{{.Config.Volumes}}|{{.Config.Healthcheck}}', '[A=1 B=2]|map[a:<b> com.x:y]|[]|map[]|<nil>'],
    ['{{json .Config.Labels}} {{json .Config.Cmd}} {{json .Nested}}', '{"a":"<b>","com.x":"y"} null [{"Name":"n1"},{"Name":"n2"}]'],
    ['{{range $i, $t := .RepoTags}}{{if $i}},{{end}}{{$i}}={{$t}}{{end}}', '0=a:1,1=b:2'],
    ['{{range .Config.Cmd}}x{{else}}empty{{end}} {{range $k, $v := .Config.Labels}}{{$k}}{{end}}', 'empty acom.x'],
    ['{{range .Nested}}{{.Name}}{{$.Id}} {{end}}', 'n1sha256:abc n2sha256:abc '],
    ['{{with .Empty}}x{{else}}none{{end}} {{with .Config}}{{len .Env}}{{end}}', 'none 2'],
    ['{{if and .Id (not .Empty)}}yes{{end}} {{or .Empty "dflt"}} {{if not .Config.Volumes}}nil-map-false{{end}}', 'yes dflt nil-map-false'],
    ['{{index .RepoTags 1}} {{index .Config.Labels "com.x"}} {{index .Config.Labels "missing"}}|{{(index .Nested 1).Name}}', 'b:2 y |n2'],
    ['{{.Config.Labels.missing}} {{.Config.Labels.missing.deeper}}', '<no value> <no value>'],
    ['{{printf "%-6s|%6.2f|%05d|%x|%q" "ab" .Ratio 42 255 .RepoTags}}', 'ab    |  0.25|00042|ff|["a:1" "b:2"]'],
    ['{{join .RepoTags ", "}} {{split "a:b" ":"}} {{upper "x"}}{{lower "Y"}} {{title "go west"}} [{{pad "x" 1 2}}] {{truncate "abcdef" 3}}', 'a:1, b:2 [a b] Xy Go West [ x  ] abc'],
    ['{{- "a" }}  \n  {{- "b" -}}  \n {{"c"}}{{/* comment */}}', 'abc'],
    ['{{$x := "v"}}{{$x}}{{$x = "w"}}{{$x}}{{if true}}{{$x := "inner"}}{{$x}}{{end}}{{$x}}', 'vwinnerw'],
    ['{{if eq .Size 1}}one{{else if gt .Size 1000}}big{{else}}small{{end}}', 'big'],
    ['{{eq "a" "b" "a"}} {{ne 1 2}} {{lt "a" "b"}} {{le 2 2}} {{ge 1.5 2.5}} {{len "héllo"}}', 'true true true true false 6'],
    ['{{print "a" 1 2 "b" nil}}|{{println "x" 1}}|{{printf "%v %s" 1.5e6 .Id}}', 'a1 2b<nil>|x 1\n|1.5e+06 sha256:abc'],
    ['{{range .RepoTags}}{{if eq . "a:1"}}{{continue}}{{end}}{{.}}{{break}}{{end}}', 'b:2'],
    ['{{define "t"}}<{{.}}>{{end}}{{template "t" .Id}}{{block "b" .Size}}[{{.}}]{{end}}', '<sha256:abc>[1982256]'],
    ['{{.Id | printf "%s!" | upper}} {{"abc" | len}}', 'SHA256:ABC! 3'],
    ['{{1.0}} {{1e6}} {{0x10}} {{\'a\'}} {{-5}} {{`raw\\n`}}', '1 1e+06 16 97 -5 raw\\n'],
  ];
  for (const [template, expected] of cases) assert.equal(renderTemplate(template, data), expected, template);
});

function errorOf(template: string, value: unknown = data, options = {}): string {
  try {
    renderTemplate(template, value, options);
  } catch (e) {
    assert.ok(isBerthError(e), String(e));
    return `${e.code}: ${e.message}`;
  }
  return assert.fail(`no error for ${template}`);
}

test('errors carry Go texts, lines and byte columns', () => {
  assert.equal(errorOf('{{.Nope}}', data, { typeName: '*formatter.imageContext' }), 'TEMPLATE_EXEC: template: :1:2: executing "" at <.Nope>: can\'t evaluate field Nope in type *formatter.imageContext');
  assert.equal(errorOf('x\n  é{{.Config.Nope}}'), 'TEMPLATE_EXEC: template: :2:13: executing "" at <.Config.Nope>: can\'t evaluate field Nope in type struct {}');
  assert.equal(errorOf('{{.Size.X}}'), 'TEMPLATE_EXEC: template: :1:7: executing "" at <.Size.X>: can\'t evaluate field X in type int');
  assert.equal(errorOf('{{.Config.Healthcheck.Test}}', goStruct({ Config: goStruct({ Healthcheck: goNil('pointer') }, '*container.Config') }, 'T')), 'TEMPLATE_EXEC: template: :1:9: executing "" at <.Config.Healthcheck.Test>: nil pointer evaluating *struct {}.Test');
  assert.equal(errorOf('{{upper .Size}}'), 'TEMPLATE_EXEC: template: :1:8: executing "" at <.Size>: wrong type for value; expected string; got int');
  assert.equal(errorOf('{{join .Nested ","}}'), 'TEMPLATE_EXEC: template: :1:7: executing "" at <.Nested>: wrong type for value; expected []string; got []interface {}');
  assert.equal(errorOf('{{index .RepoTags 9}}'), 'TEMPLATE_EXEC: template: :1:2: executing "" at <index .RepoTags 9>: error calling index: index out of range: 9');
  assert.equal(errorOf('{{len}}'), 'TEMPLATE_EXEC: template: :1:2: executing "" at <len>: wrong number of args for len: want 1 got 0');
  assert.equal(errorOf('{{range .Id}}{{end}}'), 'TEMPLATE_EXEC: template: :1:8: executing "" at <.Id>: range can\'t iterate over sha256:abc');
  assert.equal(errorOf('{{if}}'), 'TEMPLATE_PARSE: template: :1: missing value for if');
  assert.equal(errorOf('{{nope}}'), 'TEMPLATE_PARSE: template: :1: function "nope" not defined');
  assert.equal(errorOf('a\n{{.X'), 'TEMPLATE_PARSE: template: :2: unclosed action');
  assert.equal(errorOf('{{range .X}}'), 'TEMPLATE_PARSE: template: :1: unexpected EOF');
  assert.equal(errorOf('{{end}}'), 'TEMPLATE_PARSE: template: :1: unexpected {{end}}');
  assert.equal(errorOf('{{$u}}'), 'TEMPLATE_PARSE: template: :1: undefined variable "$u"');
  assert.equal(errorOf('{{.X | 3}}'), 'TEMPLATE_PARSE: template: :1: non executable command in pipeline stage 2');
  assert.equal(errorOf('{{"abc}}'), 'TEMPLATE_PARSE: template: :1: unterminated quoted string');
  // Both recorded from docker 20.10 (Go 1.19 lexer).
  assert.equal(errorOf('{{.X}'), "TEMPLATE_PARSE: template: :1: bad character U+007D '}'");
  assert.equal(errorOf('{{$x := 1}}{{$x=2}}'), "TEMPLATE_PARSE: template: :1: bad character U+003D '='");
  assert.equal(errorOf('{{.X }'), 'TEMPLATE_PARSE: template: :1: unexpected "}" in operand');
  assert.equal(errorOf('{{3x}}'), 'TEMPLATE_PARSE: template: :1: bad number syntax: "3x"');
  assert.equal(errorOf('{{break}}'), 'TEMPLATE_PARSE: template: :1: {{break}} outside {{range}}');
});

test('struct/map guess and the goMap/goStruct overrides', () => {
  const labels = { Maintainer: 'me', Version: '1' };
  assert.equal(renderTemplate('{{.L}}', { L: labels }), '{me 1}');
  assert.equal(renderTemplate('{{.L}} {{json .L}} {{.L.Nope}}', { L: goMap({ Version: '1', Maintainer: 'me' }) }), 'map[Maintainer:me Version:1] {"Maintainer":"me","Version":"1"} <no value>');
  assert.equal(errorOf('{{.Nope}}', goStruct({ A: 1 }, 'main.T')), 'TEMPLATE_EXEC: template: :1:2: executing "" at <.Nope>: can\'t evaluate field Nope in type main.T');
  assert.equal(renderTemplate('{{.Label "k"}}|{{.Label "z"}}', { Label: (k: string) => (k === 'k' ? 'v' : '') }), 'v|');
  assert.equal(renderTemplate('{{.}}', null), '<no value>');
});

test('parseTemplate reuses a parsed template and accepts extra functions', () => {
  const t = parseTemplate('{{twice .}}', { funcs: { twice: (s: unknown) => `${s}${s}` } });
  assert.equal(t.source, '{{twice .}}');
  assert.equal(renderTemplate('{{twice .}}', 'ab', { funcs: { twice: (s: unknown) => `${s}${s}` } }), 'abab');
});

test('goSprintf, goSprint and goJson follow fmt and encoding/json', () => {
  assert.equal(goSprintf('%d %s %v %t %5.1f%% %-4s| %+d %x %X %o %b %c %U %e %g %q', 7, 'x', [1, 2], true, 99.44, 'ab', 3, 'hi', 255, 8, 5, 65, 0x1f600, 123456.789, 1e-7, 'a"b'),
    '7 x [1 2] true  99.4% ab  | +3 6869 FF 10 101 A U+1F600 1.234568e+05 1e-07 "a\\"b"');
  assert.equal(goSprintf('%d %s', 'x'), '%!d(string=x) %!s(MISSING)');
  assert.equal(goSprintf('%d', 1, 'extra'), '1%!(EXTRA string=extra)');
  assert.equal(goSprint({ A: [1, 'b'], B: goMap({ z: 1, a: null }) }), '{[1 b] map[a:<nil> z:1]}');
  assert.equal(goJson({ S: '<&>\u2028\u0001\n', M: goMap({ b: 1, a: [true, null] }), N: goNil('slice'), F: 1e21 }), '{"S":"\\u003c\\u0026\\u003e\\u2028\\u0001\\n","M":{"a":[true,null],"b":1},"N":null,"F":1e+21}');
  assert.equal(goJson('<&>', false), '"<&>"');
});

test('printf argument indexes, %#v, %+q, hex floats and zero padding (outputs recorded from docker 20.10)', () => {
  const cases: [string, unknown[], string][] = [
    ['%[2]s-%[1]s', ['a', 'b'], 'b-a'],
    ['%[3]d %d', [1, 2], '%!d(BADINDEX) 1'],
    ['%[1]d %[1]x %v', [255, 7], '255 ff 7'],
    ['%[2]*[1]d|', [12, 5], '   12|'],
    ['%[0]d', [1], '%!d(BADINDEX)'],
    ['%+q %q', ['héllo', 'héllo'], '"h\\u00e9llo" "héllo"'],
    ['%#v|%#v|%#v|%#v', ['a', 5, true, ['tiny:1']], '"a"|5|true|[]string{"tiny:1"}'],
    ['%#v', [goMap({ zeta: '1', Alpha: '2' })], 'map[string]string{"Alpha":"2", "zeta":"1"}'],
    ['%x %X', [-255, 3.5], '-ff 0X1.CP+01'],
    ['%05s|%.0d|%+.1e', ['ab', 0, 12345.678], '000ab||+1.2e+04'],
    ['%-05d|%08.3f', [3, -3.14159], '3    |-003.142'],
  ];
  for (const [format, args, expected] of cases) assert.equal(goSprintf(format, ...args), expected, format);
});

