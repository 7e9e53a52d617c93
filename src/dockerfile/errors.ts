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

/** Edit distance with adjacent transpositions (optimal string alignment), for "did you mean". */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
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
