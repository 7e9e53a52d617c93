import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseAst } from './ast-parser.js';
import { dumpAst } from './dump.js';
import { isBerthError } from '../../core/index.js';

const dump = (text: string) => dumpAst(parseAst(text).nodes);

test('flags before arguments are kept as written, `--` ends them (BuildKit flags case)', () => {
  const text = 'FROM scratch\nCOPY --user=me --doit=true foo /tmp/\nCOPY --doit=true -- foo /tmp/\nCMD --doit [ "a", "b" ]\nCMD --doit -- [ ]\nRUN make --jobs=4\n';
  assert.equal(
    dump(text),
    '(from "scratch")\n(copy ["--user=me" "--doit=true"] "foo" "/tmp/")\n(copy ["--doit=true"] "foo" "/tmp/")\n(cmd ["--doit"] "a" "b")\n(cmd ["--doit"])\n(run "make --jobs=4")\n',
  );
});

test('JSON arrays decode escapes; a non-string element is an error; other JSON falls back to shell form', () => {
  assert.equal(dump('CMD ["abc 123", "♥", "\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u0000"]'), '(cmd "abc 123" "♥" "\\" \\\\ / \\b \\f \\n \\r \\t \\x00")\n');
  assert.equal(dump('CMD [""]\nCMD {"a":1}\nVOLUME ["/a", "/b c"]'), '(cmd "")\n(cmd "{\\"a\\":1}")\n(volume "/a" "/b c")\n');
  assert.throws(() => parseAst('CMD ["a", 1]'), /arrays must be comprised of strings only/);
});

test('ONBUILD wraps its instruction; unknown instructions keep one empty argument', () => {
  assert.equal(dump('ONBUILD RUN ["echo", "test"]\nONBUILD COPY . /\nFOO bar baz'), '(onbuild (run "echo" "test"))\n(onbuild (copy "." "/"))\n(foo "")\n');
});

test('ENV/LABEL/ARG words keep quotes and escapes; legacy form keeps the rest of the line', () => {
  assert.equal(dump('ENV SCUBA 1 DUBA 3\nENV a="b c" d=e\\ f\nARG x="1 2" y'), '(env "SCUBA" "1 DUBA 3" "")\n(env "a" "\\"b c\\"" "=" "d" "e\\\\ f" "=")\n(arg "x=\\"1 2\\"" "y")\n');
  assert.throws(() => parseAst('LABEL a=b c'), (e: unknown) => isBerthError(e, 'DOCKERFILE_PARSE') && /can't find = in "c"/.test(e.message) && e.hint === 'write c=<value>');
});

test('heredocs: several per instruction, <<- strips tabs, quoted delimiters disable expansion', () => {
  const ast = parseAst('FROM a\nRUN <<EOF cat <<-"END"\nline $X\nEOF\n\tindented\n\tEND\nCOPY <<eot /x\nbody\neot\n');
  const run = ast.nodes[1];
  assert.deepEqual(
    run.heredocs.map((h) => [h.name, h.content, h.expand, h.chomp]),
    [['EOF', 'line $X\n', true, false], ['END', 'indented\n', false, true]],
  );
  assert.equal(run.endLine, 6);
  assert.equal(ast.nodes[2].heredocs[0].content, 'body\n');
  assert.equal(dumpAst(ast.nodes), '(from "a")\n(run "<<EOF cat <<-\\"END\\"")\n(copy "<<eot" "/x")\n');
  assert.throws(() => parseAst('FROM a\nRUN <<EOF\nno end'), (e: unknown) => isBerthError(e) && /unterminated heredoc EOF/.test(e.message) && e.location?.line === 2);
  assert.equal(parseAst('FROM a\nRUN ["<<EOF"]\nX').nodes.length, 3, 'exec form has no heredocs');
});

test('directives: only at the top, once each; escape=` changes continuation', () => {
  const ast = parseAst('# syntax=x\n# escape=`\nFROM a\nRUN dir `\n  c:\\\n# escape=\\\nENV A=1');
  assert.deepEqual(ast.directives.map((d) => [d.name, d.value]), [['syntax', 'x'], ['escape', '`']]);
  assert.equal(ast.escapeChar, '`');
  assert.equal(dumpAst(ast.nodes), '(from "a")\n(run "dir   c:\\\\")\n(env "A" "1" "=")\n');
  assert.throws(() => parseAst('# escape=`\n# escape=\\\nFROM a'), /only one escape parser directive can be used/);
  assert.throws(() => parseAst('# escape=x\nFROM a'), /invalid escape token/);
  assert.equal(parseAst('FROM a\n# escape=`\nRUN a `\nb').nodes.length, 3, 'a late escape line is a comment');
});

test('comments and blank lines inside continuations; empty continuation warning; continuation at EOF', () => {
  const ast = parseAst('FROM a\nRUN a \\\n# c\n\n  b \\');
  assert.equal(dumpAst(ast.nodes), '(from "a")\n(run "a   b")\n');
  assert.equal(ast.warnings[0].rule, 'NoEmptyContinuation');
  assert.deepEqual([ast.nodes[1].startLine, ast.nodes[1].endLine], [2, 5]);
});

test('CRLF line endings, BOM, and an empty or comment-only file', () => {
  assert.equal(dump('\ufeffFROM a\r\nRUN x \\\r\n y\r\n'), '(from "a")\n(run "x  y")\n');
  assert.throws(() => parseAst(''), /file with no instructions/);
  assert.throws(() => parseAst('# only\n\n# comments\n'), /file with no instructions/);
});

test('every argument keeps its source range and the node its original text', () => {
  const text = 'FROM a\nCOPY --chown=1:1 \\\n   src1  "dst dir"\nENV k=v other="x y"\nCMD [ "a",  "b c" ]';
  const ast = parseAst(text);
  const slice = (r: { start: { offset: number }; end: { offset: number } }) => text.slice(r.start.offset, r.end.offset);
  const copy = ast.nodes[1];
  assert.equal(slice(copy.flags[0].range), '--chown=1:1');
  assert.deepEqual(copy.args.map((a) => slice(a.range)), ['src1', '"dst', 'dir"']);
  assert.equal(copy.args[0].range.start.line, 3);
  assert.equal(copy.original, 'COPY --chown=1:1 \\\n   src1  "dst dir"');
  assert.deepEqual(ast.nodes[2].args.map((a) => slice(a.range)), ['k', 'v', '=', 'other', '"x y"', '=']);
  assert.deepEqual(ast.nodes[3].args.map((a) => slice(a.range)), ['"a"', '"b c"']);
  assert.equal(slice(copy.keywordRange), 'COPY');
});

test('HEALTHCHECK splits its type from the command', () => {
  assert.equal(dump('HEALTHCHECK --interval=5s CMD ["a"]\nHEALTHCHECK NONE\nHEALTHCHECK'), '(healthcheck ["--interval=5s"] "CMD" "a")\n(healthcheck "NONE")\n(healthcheck)\n');
});

test('a line longer than 64 KiB is refused like BuildKit', () => {
  assert.throws(() => parseAst('FROM a\nRUN ' + 'x'.repeat(70000)), /dockerfile line greater than max allowed size of 65535/);
  assert.equal(parseAst('FROM a\nRUN ' + 'x'.repeat(60000)).nodes.length, 2);
});
