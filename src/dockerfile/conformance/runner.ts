// Runs every case of a BuildKit-format Dockerfile corpus (a directory holding parser/ and shell/).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { runLineCases, runNegativeCases, runPositiveCases } from './parser-cases.js';
import { runEnvVarCases, runWordsCases, type CaseResult } from './shell-cases.js';

export type { CaseResult };

/** Every case of the corpus at `corpusDir`, in a stable order. Throws when the directory has neither parser/ nor shell/. */
export function runCorpus(corpusDir: string): CaseResult[] {
  const parserDir = join(corpusDir, 'parser');
  const shellDir = join(corpusDir, 'shell');
  if (!existsSync(parserDir) && !existsSync(shellDir)) throw new Error(`${corpusDir}: not a conformance corpus (no parser/ or shell/ directory)`);
  return [
    ...runPositiveCases(parserDir),
    ...runNegativeCases(parserDir),
    ...runLineCases(parserDir),
    ...runEnvVarCases(shellDir),
    ...runWordsCases(shellDir),
  ];
}
