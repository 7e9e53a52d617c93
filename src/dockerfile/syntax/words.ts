// Word-level scanners of BuildKit's parser (line_parsers.go): quote-aware word splitting,
// builder-flag extraction and plain whitespace splitting. Offsets are into the scanned string.
import { fromByteString, isGoSpace, toByteString } from './go-text.js';

/** A value and the [start, end) offsets of the text it came from. */
export interface Piece {
  value: string;
  start: number;
  end: number;
}

/**
 * BuildKit's parseWords: splits on unquoted whitespace, keeping quotes and escape characters
 * as written (they are removed later by expansion). Because nothing is dropped except an escape
 * character ending the text, each word is a slice of the input.
 */
export function parseWords(rest: string, escape: string): Piece[] {
  const words: Piece[] = [];
  const n = rest.length;
  let pos = 0;
  while (pos < n) {
    while (pos < n && isGoSpace(rest[pos])) pos++;
    if (pos >= n) break;
    const start = pos;
    let quote = '';
    let end = -1;
    while (pos < n) {
      const ch = rest[pos];
      if (quote === '') {
        if (isGoSpace(ch)) break;
        if (ch === "'" || ch === '"') quote = ch;
        else if (ch === escape) {
          if (pos + 1 === n) {
            end = pos;
            pos++;
            break;
          }
          pos++;
        }
      } else if (ch === quote) quote = '';
      else if (ch === escape && quote !== "'") {
        if (pos + 1 === n) {
          end = pos;
          pos++;
          break;
        }
        pos++;
      }
      pos += rest.codePointAt(pos)! > 0xffff ? 2 : 1;
    }
    const stop = end >= 0 ? end : Math.min(pos, n);
    if (stop > start) words.push({ value: rest.slice(start, stop), start, end: stop });
  }
  return words;
}

/** Result of extractBuilderFlags: the flags (as written, quotes removed) and where the rest starts. */
export interface ExtractedFlags {
  flags: Piece[];
  restStart: number;
}

/**
 * BuildKit's extractBuilderFlags: leading `--flag[=value]` words. Like the Go original it walks
 * bytes, not characters, so non-ASCII text in flags behaves exactly as in BuildKit.
 */
export function extractBuilderFlags(line: string, escape: string): ExtractedFlags {
  const bytes = toByteString(line);
  const flags: Piece[] = [];
  const byteToChar = (b: number) => (bytes.length === line.length ? b : fromByteString(bytes.slice(0, b)).length);
  let phase: 'spaces' | 'word' | 'quote' = 'spaces';
  let word = '';
  let quote = '';
  let blankOK = false;
  let start = 0;
  const done = (restByte: number): ExtractedFlags => ({ flags, restStart: byteToChar(restByte) });
  for (let pos = 0; pos <= bytes.length; pos++) {
    let ch = pos < bytes.length ? bytes[pos] : '';
    if (phase === 'spaces') {
      if (pos === bytes.length) break;
      if (isGoSpace(ch)) continue;
      if (ch !== '-' || pos + 1 === bytes.length || bytes[pos + 1] !== '-') return done(pos);
      phase = 'word';
      start = pos;
    }
    if (pos === bytes.length) {
      if (word !== '--' && (blankOK || word.length > 0)) flags.push({ value: word, start: byteToChar(start), end: byteToChar(pos) });
      break;
    }
    if (phase === 'word') {
      if (isGoSpace(ch)) {
        phase = 'spaces';
        if (word === '--') return done(pos);
        if (blankOK || word.length > 0) flags.push({ value: word, start: byteToChar(start), end: byteToChar(pos) });
        word = '';
        blankOK = false;
        continue;
      }
      if (ch === "'" || ch === '"') {
        quote = ch;
        blankOK = true;
        phase = 'quote';
        continue;
      }
      if (ch === escape) {
        if (pos + 1 === bytes.length) continue;
        pos++;
        ch = bytes[pos];
      }
      word += ch;
      continue;
    }
    if (ch === quote) {
      phase = 'word';
      continue;
    }
    if (ch === escape) {
      if (pos + 1 === bytes.length) {
        phase = 'word';
        continue;
      }
      pos++;
      ch = bytes[pos];
    }
    word += ch;
  }
  return done(bytes.length);
}

const WHITESPACE_RUN = /[\t\v\f\r ]+/g;

/** Go's reWhitespace.Split(s, n): split on runs of space, tab, VT, FF, CR (n < 0: no limit). */
export function splitWhitespace(s: string, offset: number, limit = -1): Piece[] {
  const out: Piece[] = [];
  let last = 0;
  WHITESPACE_RUN.lastIndex = 0;
  for (let m = WHITESPACE_RUN.exec(s); m; m = WHITESPACE_RUN.exec(s)) {
    if (limit > 0 && out.length === limit - 1) break;
    out.push({ value: s.slice(last, m.index), start: offset + last, end: offset + m.index });
    last = m.index + m[0].length;
  }
  out.push({ value: s.slice(last), start: offset + last, end: offset + s.length });
  return out;
}
