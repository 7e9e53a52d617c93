// Parser cases of a BuildKit-format corpus: parser/testfiles (AST dump), parser/testfiles-negative
// (must fail) and parser/testfile-line (line ranges).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeUtf8 } from '../syntax/go-text.js';
import { parseAst } from '../syntax/ast-parser.js';
import { dumpAst } from '../syntax/dump.js';
import type { CaseResult } from './shell-cases.js';

function readSource(path: string): string {
  return decodeUtf8(readFileSync(path));
}

function subdirs(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
}

function attempt(name: string, fn: () => string | undefined): CaseResult {
  try {
    const failure = fn();
    return { name, ok: failure === undefined, detail: failure };
  } catch (err) {
    return { name, ok: false, detail: `unexpected error: ${(err as Error).message}` };
  }
}

/** Positive cases: the dump of each Dockerfile must equal its `result` byte for byte. */
export function runPositiveCases(parserDir: string): CaseResult[] {
  const dir = join(parserDir, 'testfiles');
  return subdirs(dir).map((name) =>
    attempt(`parser/testfiles/${name}`, () => {
      const source = readSource(join(dir, name, 'Dockerfile'));
      const expected = readSource(join(dir, name, 'result')).replace(/\r\n/g, '\n');
      const actual = dumpAst(parseAst(source, `${name}/Dockerfile`).nodes);
      return actual === expected ? undefined : `dump differs:\n--- expected\n${expected}--- actual\n${actual}`;
    }),
  );
}

/** Negative cases: parsing must fail. */
export function runNegativeCases(parserDir: string): CaseResult[] {
  const dir = join(parserDir, 'testfiles-negative');
  return subdirs(dir).map((name) =>
    attempt(`parser/testfiles-negative/${name}`, () => {
      try {
        parseAst(readSource(join(dir, name, 'Dockerfile')), `${name}/Dockerfile`);
      } catch {
        return undefined;
      }
      return 'parsed without error';
    }),
  );
}

interface LineExpectation {
  root: { startLine: number; endLine: number };
  children: Array<{ startLine: number; endLine: number }>;
}

/** The line-range case, when the corpus has one. */
export function runLineCases(parserDir: string): CaseResult[] {
  const dir = join(parserDir, 'testfile-line');
  if (!existsSync(join(dir, 'expected.json'))) return [];
  return [
    attempt('parser/testfile-line', () => {
      const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as LineExpectation;
      const ast = parseAst(readSource(join(dir, 'Dockerfile')));
      const actual = {
        root: { startLine: ast.startLine, endLine: ast.endLine },
        children: ast.nodes.map((n) => ({ startLine: n.startLine, endLine: n.endLine })),
      };
      const want = { root: expected.root, children: expected.children.map((c) => ({ startLine: c.startLine, endLine: c.endLine })) };
      return JSON.stringify(actual) === JSON.stringify(want) ? undefined : `expected ${JSON.stringify(want)}, got ${JSON.stringify(actual)}`;
    }),
  ];
}
