// BuildKit's shell word expansion (frontend/dockerfile/shell): quotes, escapes, $VAR and the
// ${VAR…} forms, optionally splitting the result into words. No command substitution, no globbing.
import { isGoDigit, isGoLetter } from '../syntax/go-text.js';
import { isPlain, plainWords, Words } from './word-split.js';
import { ExpansionError } from './expansion-error.js';
import { trimPrefix, trimSuffix, shellPatternToRegex } from './pattern.js';

export { ExpansionError };

/** Looks a variable up; undefined when it is not set. */
export type EnvLookup = (name: string) => string | undefined;

/** Options of the lexer; the defaults are what Dockerfile instructions use. */
export interface LexOptions {
  /** Escape character, `\` or `` ` ``. Default `\`. */
  escapeToken?: string;
  /** Keep quote characters in the result. */
  rawQuotes?: boolean;
  /** Keep escape characters in the result. */
  rawEscapes?: boolean;
  /** Leave references to unset variables as written instead of expanding them to "". */
  skipUnsetEnv?: boolean;
  /** Treat quotes as ordinary characters (used for heredoc bodies). */
  skipProcessQuotes?: boolean;
}

/** The outcome of one expansion. */
export interface ExpansionResult {
  /** The expanded word (no splitting). */
  result: string;
  /** The expansion split on unquoted whitespace. */
  words: string[];
  /** Variables that were referenced and set. */
  matched: Set<string>;
  /** Variables that were referenced and unset. */
  unmatched: Set<string>;
}


const EOF = '';
/** Shared by results that reference no variable; never mutated. */
const NOTHING: Set<string> = new Set();
const SPECIAL_PARAMS = new Set(['@', '*', '#', '?', '-', '$', '!', '0']);

/**
 * Printable ASCII that is never special to the lexer (whitespace, quotes and `$` are not; the
 * escape and stop characters are checked by the caller): runs of these are copied as slices.
 */
const isOrdinary = (ch: string) => ch > ' ' && ch <= '~' && ch !== '$' && ch !== '"' && ch !== "'";

class ShellWord {
  private pos = 0;
  private rawEscapes: boolean;
  /** Created on the first reference: most words reference no variable. */
  matched: Set<string> = NOTHING;
  unmatched: Set<string> = NOTHING;
  private readonly escape: string;

  /** `trackMatched`: record the variables that were set too, not only the unset ones. */
  constructor(private readonly src: string, private readonly env: EnvLookup, private readonly opts: LexOptions, private readonly trackMatched: boolean) {
    this.escape = opts.escapeToken ?? '\\';
    this.rawEscapes = opts.rawEscapes ?? false;
  }

  /** The code point at the cursor as a string; only surrogate pairs need more than one unit. */
  private peek(): string {
    if (this.pos >= this.src.length) return EOF;
    const unit = this.src.charCodeAt(this.pos);
    if (unit < 0xd800 || unit > 0xdbff) return this.src[this.pos];
    return String.fromCodePoint(this.src.codePointAt(this.pos)!);
  }

  private next(): string {
    const ch = this.peek();
    this.pos += ch.length;
    return ch;
  }

  /** The whole word expanded; `words`, when given, receives it split on unquoted whitespace. */
  run(words: Words | undefined): string {
    return this.processStopOn(EOF, this.rawEscapes, words);
  }

  private processStopOn(stop: string, rawEscapes: boolean, words?: Words): string {
    const saved = this.rawEscapes;
    this.rawEscapes = rawEscapes;
    try {
      let result = '';
      const quotes = !this.opts.skipProcessQuotes;
      for (let ch = this.peek(); ch !== EOF; ch = this.peek()) {
        if (stop !== EOF && ch === stop) {
          this.next();
          return result;
        }
        if (ch === '$') {
          const tmp = this.processDollar();
          result += tmp;
          words?.addString(tmp);
        } else if (quotes && (ch === "'" || ch === '"')) {
          const tmp = ch === "'" ? this.processSingleQuote() : this.processDoubleQuote();
          result += tmp;
          words?.addRaw(tmp);
        } else if (isOrdinary(ch) && ch !== this.escape && ch !== stop) {
          const text = this.ordinaryRun(stop);
          result += text;
          words?.addRaw(text);
        } else {
          ch = this.next();
          if (ch === this.escape) {
            if (this.rawEscapes) {
              words?.addRaw(ch);
              result += ch;
            }
            ch = this.next();
            if (ch === EOF) break;
            words?.addRaw(ch);
          } else words?.addChar(ch);
          result += ch;
        }
      }
      if (stop !== EOF) throw new ExpansionError(`unexpected end of statement while looking for matching ${stop}`);
      return result;
    } finally {
      this.rawEscapes = saved;
    }
  }

  /** Consumes ordinary characters up to the next special one, `stop` or the end, as one slice. */
  private ordinaryRun(stop: string): string {
    const start = this.pos;
    let end = start + 1;
    while (end < this.src.length && isOrdinary(this.src[end]) && this.src[end] !== this.escape && this.src[end] !== stop) end++;
    this.pos = end;
    return this.src.slice(start, end);
  }

  private processSingleQuote(): string {
    let result = '';
    let ch = this.next();
    if (this.opts.rawQuotes) result += ch;
    for (;;) {
      ch = this.next();
      if (ch === EOF) throw new ExpansionError('unexpected end of statement while looking for matching single-quote');
      if (ch === "'") return this.opts.rawQuotes ? result + ch : result;
      result += ch;
    }
  }

  private processDoubleQuote(): string {
    let result = '';
    const open = this.next();
    if (this.opts.rawQuotes) result += open;
    for (;;) {
      const peek = this.peek();
      if (peek === EOF) throw new ExpansionError('unexpected end of statement while looking for matching double-quote');
      if (peek === '"') {
        this.next();
        return this.opts.rawQuotes ? result + '"' : result;
      }
      if (peek === '$') {
        result += this.processDollar();
        continue;
      }
      let ch = this.next();
      if (ch === this.escape) {
        if (this.rawEscapes) result += ch;
        const after = this.peek();
        if (after === EOF) continue;
        if (after === '"' || after === '$' || after === this.escape) ch = this.next();
      }
      result += ch;
    }
  }

  private processDollar(): string {
    this.next();
    if (this.peek() !== '{') {
      const name = this.processName();
      if (name === '') return '$';
      const value = this.getEnv(name);
      if (value === undefined && this.opts.skipUnsetEnv) return '$' + name;
      return value ?? '';
    }
    this.next();
    const first = this.peek();
    if (first === EOF) throw new ExpansionError("syntax error: missing '}'");
    if (first === '{' || first === '}' || first === ':') throw new ExpansionError('syntax error: bad substitution');
    const name = this.processName();
    let ch = this.next();
    let chs = ch;
    if (ch === '}') {
      const value = this.getEnv(name);
      if (value === undefined && this.opts.skipUnsetEnv) return `\${${name}}`;
      return value ?? '';
    }
    if (ch === '/') return this.processReplace(name);
    let nullIsUnset = false;
    if (ch === ':') {
      nullIsUnset = true;
      ch = this.next();
      chs += ch;
    } else if (!'+-?#%'.includes(ch) || ch === EOF) {
      throw new ExpansionError(`unsupported modifier (${chs}) in substitution`);
    }
    return this.processModifier(name, ch, chs, nullIsUnset);
  }

  private processModifier(name: string, ch: string, chs: string, nullIsUnset: boolean): string {
    const raw = ch === '#' || ch === '%';
    if (nullIsUnset && raw) throw new ExpansionError(`unsupported modifier (${chs}) in substitution`);
    let word = this.stopOrMissing('}', raw, "syntax error: missing '}'");
    const value = this.getEnv(name);
    if (this.opts.skipUnsetEnv && value === undefined) return `\${${name}${chs}${word}}`;
    const empty = value === undefined || (nullIsUnset && value === '');
    switch (ch) {
      case '-':
        return empty ? word : value!;
      case '+':
        return empty ? '' : word;
      case '?':
        if (value === undefined) throw new ExpansionError(`${name}: ${word || 'is not allowed to be unset'}`);
        if (nullIsUnset && value === '') throw new ExpansionError(`${name}: ${word || 'is not allowed to be empty'}`);
        return value;
      case '%':
      case '#': {
        const greedy = word.startsWith(ch);
        if (greedy) word = word.slice(1);
        return ch === '%' ? trimSuffix(word, value ?? '', greedy) : trimPrefix(word, value ?? '', greedy);
      }
      default:
        throw new ExpansionError(`unsupported modifier (${chs}) in substitution`);
    }
  }

  private processReplace(name: string): string {
    const all = this.peek() === '/';
    if (all) this.next();
    const pattern = this.stopOrMissing('/', true, "syntax error: missing '/' in ${}");
    const replacement = this.stopOrMissing('}', true, "syntax error: missing '}'");
    const value = this.getEnv(name);
    if (this.opts.skipUnsetEnv && value === undefined) return `\${${name}/${pattern}/${replacement}}`;
    const re = shellPatternToRegex(pattern, true, false, all);
    return (value ?? '').replace(re, () => replacement);
  }

  private stopOrMissing(stop: string, raw: boolean, missing: string): string {
    try {
      return this.processStopOn(stop, raw);
    } catch (err) {
      if (this.peek() === EOF) throw new ExpansionError(missing);
      throw err;
    }
  }

  /** The variable name at the cursor (consumed), as one slice of the source. */
  private processName(): string {
    const start = this.pos;
    for (let ch = this.peek(); ch !== EOF; ch = this.peek()) {
      if (this.pos === start && isGoDigit(ch)) {
        while (this.peek() !== EOF && isGoDigit(this.peek())) this.next();
        return this.src.slice(start, this.pos);
      }
      if (this.pos === start && SPECIAL_PARAMS.has(ch)) return this.next();
      if (!isGoLetter(ch) && !isGoDigit(ch) && ch !== '_') break;
      this.next();
    }
    return this.src.slice(start, this.pos);
  }

  private getEnv(name: string): string | undefined {
    const value = this.env(name);
    if (value === undefined) {
      if (this.unmatched === NOTHING) this.unmatched = new Set();
      this.unmatched.add(name);
    } else if (this.trackMatched) {
      if (this.matched === NOTHING) this.matched = new Set();
      this.matched.add(name);
    }
    return value;
  }
}

/** The expansion of a word with nothing to expand; its words are split only when read. */
class PlainExpansion implements ExpansionResult {
  readonly matched = NOTHING;
  readonly unmatched = NOTHING;

  constructor(readonly result: string) {}

  get words(): string[] {
    return plainWords(this.result);
  }
}

/** An expansion without the word splitting and the set variables, for callers that need the text. */
export type StringExpansion = Pick<ExpansionResult, 'result' | 'unmatched'>;

/** Runs the lexer over a word that is not plain; `words` receives the split result when given. */
function lex(sw: ShellWord, word: string, words: Words | undefined): string {
  try {
    return sw.run(words);
  } catch (err) {
    if (err instanceof ExpansionError) throw new ExpansionError(`failed to process ${JSON.stringify(word)}: ${err.message}`);
    throw err;
  }
}

/**
 * Expands `word` like BuildKit's shell lexer: quotes and escapes processed, variables substituted.
 * Throws ExpansionError on malformed input (`failed to process "…": …`).
 */
export function expandWord(word: string, env: EnvLookup, options: LexOptions = {}): ExpansionResult {
  if (isPlain(word, options)) return new PlainExpansion(word);
  const sw = new ShellWord(word, env, options, true);
  const words = new Words();
  const result = lex(sw, word, words);
  return { result, words: words.finish(), matched: sw.matched, unmatched: sw.unmatched };
}

/** expandWord without splitting the result into words (which costs as much again). */
export function expandString(word: string, env: EnvLookup, options: LexOptions = {}): StringExpansion {
  if (isPlain(word, options)) return new PlainExpansion(word);
  const sw = new ShellWord(word, env, options, false);
  return { result: lex(sw, word, undefined), unmatched: sw.unmatched };
}

/** An EnvLookup over a plain record. */
export function envFromRecord(record: Record<string, string>): EnvLookup {
  return (name) => (Object.prototype.hasOwnProperty.call(record, name) ? record[name] : undefined);
}
