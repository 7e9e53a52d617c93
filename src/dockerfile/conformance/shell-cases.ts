// Shell-expansion cases of a BuildKit-format corpus: shell/envVarTest (one word) and
// shell/wordsTest (expansion plus word splitting).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeUtf8, goTrimSpace } from '../syntax/go-text.js';
import { envFromRecord, expandWord } from '../shell/lexer.js';

/** The outcome of one conformance case. */
export interface CaseResult {
  name: string;
  ok: boolean;
  detail?: string;
}

function lines(path: string): string[] {
  const text = decodeUtf8(readFileSync(path));
  const all = text.split('\n').map((l) => l.replace(/\r$/, ''));
  if (text.endsWith('\n')) all.pop();
  return all;
}

function check(name: string, input: string, env: Record<string, string>, expected: string[] | 'error', split: boolean): CaseResult {
  let actual: string[] | 'error';
  try {
    const r = expandWord(input, envFromRecord(env));
    actual = split ? r.words : [r.result];
  } catch {
    actual = 'error';
  }
  const ok = JSON.stringify(actual) === JSON.stringify(expected);
  return { name, ok, detail: ok ? undefined : `input ${JSON.stringify(input)}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}` };
}

/** shell/envVarTest: `tag | input | expected`, Unix semantics (A and U lines). */
export function runEnvVarCases(shellDir: string): CaseResult[] {
  const path = join(shellDir, 'envVarTest');
  if (!existsSync(path)) return [];
  const env = { PWD: '/home', SHELL: 'bash', KOREAN: '한국어', NULL: '' };
  const results: CaseResult[] = [];
  lines(path).forEach((line, i) => {
    if (line.startsWith('#') || goTrimSpace(line) === '') return;
    const name = `shell/envVarTest:${i + 1}`;
    const fields = goTrimSpace(line).split('|').map(goTrimSpace);
    if (fields.length !== 3 || !['A', 'U', 'W'].includes(fields[0])) {
      results.push({ name, ok: false, detail: `malformed line ${JSON.stringify(line)}` });
      return;
    }
    if (fields[0] === 'W') return;
    results.push(check(name, fields[1], env, fields[2] === 'error' ? 'error' : [fields[2]], false));
  });
  return results;
}

/** shell/wordsTest: `ENV k=v` lines grow the environment; `input | w1,w2` lines are cases. */
export function runWordsCases(shellDir: string): CaseResult[] {
  const path = join(shellDir, 'wordsTest');
  if (!existsSync(path)) return [];
  const env: Record<string, string> = {};
  const results: CaseResult[] = [];
  lines(path).forEach((line, i) => {
    if (line.startsWith('#')) return;
    if (line.startsWith('ENV ')) {
      const entry = line.slice(3).replace(/^ +/, '');
      const eq = entry.indexOf('=');
      env[eq < 0 ? entry : entry.slice(0, eq)] = eq < 0 ? '' : entry.slice(eq + 1);
      return;
    }
    const name = `shell/wordsTest:${i + 1}`;
    const bar = line.indexOf('|');
    if (bar < 0 || line.indexOf('|', bar + 1) >= 0) {
      results.push({ name, ok: false, detail: `malformed line ${JSON.stringify(line)}` });
      return;
    }
    const expected = line.slice(bar + 1).replace(/^ +/, '').split(',');
    const want = expected.length === 1 && expected[0] === 'error' ? 'error' : expected;
    results.push(check(name, goTrimSpace(line.slice(0, bar)), { ...env }, want, true));
  });
  return results;
}
