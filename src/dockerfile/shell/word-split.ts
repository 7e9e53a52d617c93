// Word splitting of the shell lexer: which characters end a word, and a fast path for words with
// nothing to expand.
import { isGoSpace } from '../syntax/go-text.js';

const HAS_SPACE = /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/;

/** Builds the word list while the lexer emits characters (BuildKit's wordsStruct). */
export class Words {
  words: string[] = [];
  private buf = '';
  private inWord = false;
  addChar(ch: string): void {
    if (isGoSpace(ch)) {
      if (this.inWord && this.buf.length !== 0) {
        this.words.push(this.buf);
        this.buf = '';
        this.inWord = false;
      }
    } else this.addRaw(ch);
  }
  addRaw(s: string): void {
    this.buf += s;
    this.inWord = true;
  }
  addString(s: string): void {
    if (!HAS_SPACE.test(s)) {
      if (s.length > 0) this.addRaw(s);
      return;
    }
    for (const ch of s) this.addChar(ch);
  }
  finish(): string[] {
    if (this.buf.length > 0) this.words.push(this.buf);
    this.buf = '';
    return this.words;
  }
}

/** True when nothing in `word` is special to the lexer, so expansion is the identity. */
export function isPlain(word: string, options: { escapeToken?: string; skipProcessQuotes?: boolean }): boolean {
  const escape = (options.escapeToken ?? '\\').charCodeAt(0);
  const quotes = !options.skipProcessQuotes;
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i);
    // $ " '
    if (c === 36 || c === escape || (quotes && (c === 34 || c === 39))) return false;
  }
  return true;
}

/** Splits a plain word on whitespace. */
export function plainWords(word: string): string[] {
  const words: string[] = [];
  let start = -1;
  for (let i = 0; i <= word.length; i++) {
    const space = i === word.length || isGoSpace(word[i]);
    if (space && start >= 0) {
      words.push(word.slice(start, i));
      start = -1;
    } else if (!space && start < 0) start = i;
  }
  return words;
}

