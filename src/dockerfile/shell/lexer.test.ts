import { test } from 'node:test';
import assert from 'node:assert/strict';
import { envFromRecord, expandWord, ExpansionError } from './lexer.js';

const env = envFromRecord({ FILE: 'dir/sub/name.tar.gz', EMPTY: '', SPACED: ' a  b ', PATH: '/usr/bin:/bin' });
const word = (w: string) => expandWord(w, env).result;

test('pattern removal: # ## % %% with * and ? wildcards', () => {
  assert.equal(word('${FILE#*/}'), 'sub/name.tar.gz');
  assert.equal(word('${FILE##*/}'), 'name.tar.gz');
  assert.equal(word('${FILE%.*}'), 'dir/sub/name.tar');
  assert.equal(word('${FILE%%.*}'), 'dir/sub/name');
  assert.equal(word('${FILE#d?r}'), '/sub/name.tar.gz');
  assert.equal(word('${UNSET#x}'), '');
});

test('pattern replacement: first and all, escaped slash', () => {
  assert.equal(word('${PATH/:/;}'), '/usr/bin;/bin');
  assert.equal(word('${PATH//\\//_}'), '_usr_bin:_bin');
  assert.equal(word('${FILE/*./X}'), 'Xgz');
});

test('defaults, alternatives and required values', () => {
  assert.equal(word('${EMPTY:-d}|${EMPTY-d}|${UNSET-d}'), 'd||d');
  assert.equal(word('${EMPTY:+a}|${EMPTY+a}'), '|a');
  assert.throws(() => word('${UNSET:?must be set}'), (e: unknown) => e instanceof ExpansionError && /UNSET: must be set/.test(e.message));
  assert.throws(() => word('${EMPTY:#x}'), /unsupported modifier/);
});

test('word splitting only on unquoted whitespace, including expanded values', () => {
  assert.deepEqual(expandWord('x${SPACED}y "q ${SPACED}"', env).words, ['x', 'a', 'b', 'y', 'q  a  b ']);
  assert.deepEqual(expandWord("a\\ b 'c d'", env).words, ['a b', 'c d']);
});

test('backtick escape token', () => {
  assert.equal(expandWord('a`$FILE', env, { escapeToken: '`' }).result, 'a$FILE');
  assert.equal(expandWord('c:\\dir', env, { escapeToken: '`' }).result, 'c:\\dir');
});

test('raw modes keep quotes and escapes; skipUnsetEnv leaves unknown references', () => {
  assert.equal(expandWord(`'a' "b" \\c $X \${Y:-z}`, env, { rawQuotes: true, rawEscapes: true, skipUnsetEnv: true }).result, `'a' "b" \\c $X \${Y:-z}`);
  assert.equal(expandWord(`say "$FILE"`, env, { skipProcessQuotes: true }).result, 'say "dir/sub/name.tar.gz"');
});

test('matched and unmatched variables are reported', () => {
  const r = expandWord('$FILE $NOPE ${ALSO:-x}', env);
  assert.deepEqual([...r.matched], ['FILE']);
  assert.deepEqual([...r.unmatched].sort(), ['ALSO', 'NOPE']);
});
