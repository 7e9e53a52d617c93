// Construction of located Dockerfile errors (file:line:column, offending line, hint).
import { BerthError } from '../core/index.js';
import type { LineIndex } from './syntax/source.js';

/** Error code of every Dockerfile syntax or semantic error. */
export const DOCKERFILE_PARSE = 'DOCKERFILE_PARSE';

/** Where in which file an error happened. */
export interface ErrorSite {
  file: string;
  index: LineIndex;
  /** 0-based offset of the culprit in the source text. */
  offset: number;
}

/** A BerthError naming `file:line:column`, carrying the offending line for the CLI's caret frame. */
export function dockerfileError(site: ErrorSite, message: string, hint?: string): BerthError {
  const pos = site.index.position(Math.min(site.offset, site.index.text.length));
  const location = { file: site.file, line: pos.line, column: pos.column, lineText: site.index.lineText(pos.line) };
  return new BerthError(DOCKERFILE_PARSE, `${site.file}:${pos.line}:${pos.column}: ${message}`, { hint, location });
}

/** Levenshtein distance, for "did you mean" suggestions. */
export function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length];
}

/** The closest candidate to `word` (case-insensitive), when it is close enough to be a likely typo. */
export function nearest(word: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  const w = word.toLowerCase();
  for (const c of candidates) {
    const d = editDistance(w, c.toLowerCase());
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best !== undefined && bestDistance <= Math.max(1, Math.floor(word.length / 3)) ? best : undefined;
}
