// Word-level scanners of BuildKit's parser (line_parsers.go): quote-aware word splitting,
// builder-flag extraction and plain whitespace splitting. Offsets are into the scanned string.
import { codePointLength, fromByteString, isGoSpace, isGoSpaceCode, toByteString } from './go-text.js';

/**
 * A reusable list of pieces kept as flat (value, start, end) entries, appended to by the scanners
 * so that no object is made per piece. Clearing keeps the storage (setting an array's length to 0
 * would release it), so one list serves every instruction of a parse.
 */
export class FlatPieces {
  private readonly items: Array<string | number> = [];
  /** Number of pieces in use. */
  count = 0;

  /** Appends one piece. */
  push(value: string, start: number, end: number): void {
    this.set(this.count++, value, start, end);
  }

  /** Replaces piece `k` (at most `count`, which appends storage when needed). */
  set(k: number, value: string, start: number, end: number): void {
    const at = 3 * k;
    if (at === this.items.length) {
      this.items.push(value, start, end);
    } else {
      this.items[at] = value;
      this.items[at + 1] = start;
      this.items[at + 2] = end;
    }
  }

  value(k: number): string {
    return this.items[3 * k] as string;
  }

  start(k: number): number {
    return this.items[3 * k + 1] as number;
  }

  end(k: number): number {
    return this.items[3 * k + 2] as number;
  }
}

/**
 * BuildKit's parseWords: splits on unquoted whitespace, keeping quotes and escape characters
 * as written (they are removed later by expansion). Because nothing is dropped except an escape
 * character ending the text, each word is a slice of the input. Appends the words to `out`,
 * their offsets shifted by `offset`.
 */
export function parseWords(rest: string, escape: string, offset: number, out: FlatPieces): void {
  const n = rest.length;
  const esc = escape.charCodeAt(0);
  let pos = 0;
  while (pos < n) {
    while (pos < n && isGoSpaceCode(rest.charCodeAt(pos))) pos++;
    if (pos >= n) break;
    const start = pos;
    /** The open quote's code (' 39, " 34), 0 outside quotes. */
    let quote = 0;
    let end = -1;
    while (pos < n) {
      const c = rest.charCodeAt(pos);
      if (quote === 0) {
        if (isGoSpaceCode(c)) break;
        if (c === 39 || c === 34) quote = c;
        else if (c === esc) {
          if (pos + 1 === n) {
            end = pos;
            pos++;
            break;
          }
          pos++;
        }
      } else if (c === quote) quote = 0;
      else if (c === esc && quote !== 39) {
        if (pos + 1 === n) {
          end = pos;
          pos++;
          break;
        }
        pos++;
      }
      pos += codePointLength(rest, pos);
    }
    const stop = end >= 0 ? end : Math.min(pos, n);
    if (stop > start) out.push(rest.slice(start, stop), offset + start, offset + stop);
  }
}

/** The bytes of a line being scanned for flags, and the flag word collected so far. */
class FlagScanner {
  /** The flag word as collected so far (quotes and escapes dropped). */
  word = '';
  /** Start of the bytes kept since the last dropped quote or escape, -1 when there are none. */
  kept = -1;

  constructor(
    private readonly line: string,
    readonly bytes: string,
  ) {}

  /** Adds the kept bytes before `pos` to the word. */
  flush(pos: number): void {
    if (this.kept >= 0) this.word += this.bytes.slice(this.kept, pos);
    this.kept = -1;
  }

  /** The character offset of byte offset `b`. */
  toChar(b: number): number {
    return this.bytes.length === this.line.length ? b : fromByteString(this.bytes.slice(0, b)).length;
  }
}

/**
 * BuildKit's extractBuilderFlags: leading `--flag[=value]` words, appended to `out` as written
 * with quotes removed; returns where the rest of the line starts. Like the Go original it walks
 * bytes, not characters, so non-ASCII text in flags behaves exactly as in BuildKit. A flag's
 * value is collected as slices of the text between the quotes and escapes it drops.
 */
export function extractBuilderFlags(line: string, escape: string, out: FlatPieces): number {
  const first = line[0];
  if (first !== '-' && (first === undefined || !isGoSpace(first))) return 0;
  const scan = new FlagScanner(line, toByteString(line));
  const bytes = scan.bytes;
  const n = bytes.length;
  let phase: 'spaces' | 'word' | 'quote' = 'spaces';
  let quote = '';
  let blankOK = false;
  let start = 0;
  for (let pos = 0; pos <= n; pos++) {
    const ch = pos < n ? bytes[pos] : '';
    if (phase === 'spaces') {
      if (pos === n) break;
      if (isGoSpace(ch)) continue;
      if (ch !== '-' || pos + 1 === n || bytes[pos + 1] !== '-') return scan.toChar(pos);
      phase = 'word';
      start = pos;
    }
    if (pos === n) {
      scan.flush(pos);
      if (scan.word !== '--' && (blankOK || scan.word.length > 0)) out.push(scan.word, scan.toChar(start), scan.toChar(pos));
      break;
    }
    if (phase === 'word') {
      if (isGoSpace(ch)) {
        scan.flush(pos);
        phase = 'spaces';
        if (scan.word === '--') return scan.toChar(pos);
        if (blankOK || scan.word.length > 0) out.push(scan.word, scan.toChar(start), scan.toChar(pos));
        scan.word = '';
        blankOK = false;
        continue;
      }
      if (ch === "'" || ch === '"') {
        scan.flush(pos);
        quote = ch;
        blankOK = true;
        phase = 'quote';
        continue;
      }
      if (ch === escape) {
        scan.flush(pos);
        if (pos + 1 === n) continue;
        pos++;
      }
      if (scan.kept < 0) scan.kept = pos;
      continue;
    }
    if (ch === quote) {
      scan.flush(pos);
      phase = 'word';
      continue;
    }
    if (ch === escape) {
      scan.flush(pos);
      if (pos + 1 === n) {
        phase = 'word';
        continue;
      }
      pos++;
    }
    if (scan.kept < 0) scan.kept = pos;
  }
  return scan.toChar(n);
}

/** The characters Go's reWhitespace (`[\t\v\f\r ]+`) matches. */
export function isSplitSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 11 || c === 12 || c === 13;
}

/**
 * Go's reWhitespace.Split(s, n): split on runs of space, tab, VT, FF, CR (n < 0: no limit).
 * Appends the parts to `out`, their offsets shifted by `offset`.
 */
export function splitWhitespace(s: string, offset: number, out: FlatPieces, limit = -1): void {
  let parts = 1;
  let last = 0;
  for (let i = 0; i < s.length; ) {
    if (!isSplitSpace(s.charCodeAt(i))) {
      i++;
      continue;
    }
    if (limit > 0 && parts === limit) break;
    let j = i + 1;
    while (j < s.length && isSplitSpace(s.charCodeAt(j))) j++;
    out.push(s.slice(last, i), offset + last, offset + i);
    parts++;
    last = j;
    i = j;
  }
  out.push(s.slice(last), offset + last, offset + s.length);
}
