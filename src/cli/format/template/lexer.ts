/** Go text/template's lexer (text/template/parse/lex.go), with `{{ }}` delimiters and trim markers. */
import { goQuote, goRuneName } from './strconv.js';

/** Token kinds, as in Go's lexer. */
export type ItemType =
  | 'error' | 'bool' | 'char' | 'charConstant' | 'comment' | 'assign' | 'declare' | 'eof' | 'field'
  | 'identifier' | 'leftDelim' | 'leftParen' | 'number' | 'pipe' | 'rawString' | 'rightDelim'
  | 'rightParen' | 'space' | 'string' | 'text' | 'variable' | 'dot' | 'nil' | 'keyword';

/** One token: kind, byte offset in the template text, text, and line. */
export interface Item {
  type: ItemType;
  pos: number;
  val: string;
  line: number;
}

const KEYWORDS = new Set(['block', 'break', 'continue', 'define', 'else', 'end', 'if', 'range', 'template', 'with']);
const LEFT = '{{';
const RIGHT = '}}';

const isSpace = (c: string): boolean => c === ' ' || c === '\t' || c === '\r' || c === '\n';
const isAlnum = (c: string): boolean => c === '_' || /^[\p{L}\p{Nd}]$/u.test(c);

/** Tokenizes a whole template; the last item is 'eof' or 'error'. */
export function lex(input: string): Item[] {
  const items: Item[] = [];
  let pos = 0;
  let start = 0;
  let parenDepth = 0;
  let insideAction = false;

  const lineAt = (at: number): number => 1 + count(input.slice(0, at), '\n');
  const emit = (type: ItemType): void => {
    items.push({ type, pos: start, val: input.slice(start, pos), line: lineAt(start) });
    start = pos;
  };
  const ignore = (): void => {
    start = pos;
  };
  const next = (): string => {
    if (pos >= input.length) {
      pos++;
      return '';
    }
    const c = String.fromCodePoint(input.codePointAt(pos)!);
    pos += c.length;
    return c;
  };
  const backup = (c: string): void => {
    pos -= c.length || 1;
  };
  const peek = (): string => (pos >= input.length ? '' : String.fromCodePoint(input.codePointAt(pos)!));
  const fail = (message: string): false => {
    items.push({ type: 'error', pos: start, val: message, line: lineAt(start) });
    return false;
  };
  /** A right trim marker (space, '-', then `}}`) at `at`. */
  const hasRightTrim = (at: number): boolean => isSpace(input[at] ?? '') && input.startsWith('-' + RIGHT, at + 1);
  const atRightDelim = (): { delim: boolean; trim: boolean } => {
    if (hasRightTrim(pos)) return { delim: true, trim: true };
    return { delim: input.startsWith(RIGHT, pos), trim: false };
  };

  // Each state returns false when lexing is over (EOF or error).
  const lexText = (): boolean => {
    const x = input.indexOf(LEFT, pos);
    if (x < 0) {
      pos = input.length;
      if (pos > start) emit('text');
      items.push({ type: 'eof', pos, val: '', line: lineAt(pos) });
      return false;
    }
    pos = x;
    const trimLength = input.startsWith(LEFT + '-', x) && isSpace(input[x + 3] ?? '') ? trimmedLength(input.slice(start, x)) : x - start;
    if (trimLength > 0) items.push({ type: 'text', pos: start, val: input.slice(start, start + trimLength), line: lineAt(start) });
    start = x;
    return lexLeftDelim();
  };
  const lexLeftDelim = (): boolean => {
    pos += LEFT.length;
    const trim = input.startsWith('-', pos) && isSpace(input[pos + 1] ?? '');
    const afterMarker = trim ? 2 : 0;
    if (input.startsWith('/*', pos + afterMarker)) {
      pos += afterMarker;
      ignore();
      return lexComment();
    }
    emit('leftDelim');
    pos += afterMarker;
    ignore();
    parenDepth = 0;
    insideAction = true;
    return true;
  };
  const lexComment = (): boolean => {
    pos += 2;
    const x = input.indexOf('*/', pos);
    if (x < 0) return fail('unclosed comment');
    pos = x + 2;
    const { delim, trim } = atRightDelim();
    if (!delim) return fail('comment ends before closing delimiter');
    ignore();
    pos += (trim ? 2 : 0) + RIGHT.length;
    ignore();
    if (trim) skipLeadingSpace();
    return true;
  };
  const skipLeadingSpace = (): void => {
    while (pos < input.length && isSpace(input[pos])) next();
    ignore();
  };
  const lexRightDelim = (trim: boolean): boolean => {
    if (trim) {
      pos += 2;
      ignore();
    }
    pos += RIGHT.length;
    emit('rightDelim');
    if (trim) skipLeadingSpace();
    insideAction = false;
    return true;
  };
  const lexInsideAction = (): boolean => {
    const { delim, trim } = atRightDelim();
    if (delim) {
      if (parenDepth === 0) return lexRightDelim(trim);
      return fail('unclosed left paren');
    }
    const c = next();
    if (c === '') return fail('unclosed action');
    if (isSpace(c)) {
      backup(c);
      return lexSpace();
    }
    if (c === '=') {
      emit('assign');
      return true;
    }
    if (c === ':') {
      if (next() !== '=') return fail('expected :=');
      emit('declare');
      return true;
    }
    if (c === '|') {
      emit('pipe');
      return true;
    }
    if (c === '"') return lexQuote();
    if (c === '`') return lexRawQuote();
    if (c === '$') return lexVariable();
    if (c === "'") return lexChar();
    if (c === '.') {
      if (pos < input.length) {
        const r = input[pos];
        if (r < '0' || r > '9') return lexField();
      }
      backup(c);
      return lexNumber();
    }
    if (c === '+' || c === '-' || (c >= '0' && c <= '9')) {
      backup(c);
      return lexNumber();
    }
    if (isAlnum(c)) {
      backup(c);
      return lexIdentifier();
    }
    if (c === '(') {
      emit('leftParen');
      parenDepth++;
      return true;
    }
    if (c === ')') {
      emit('rightParen');
      parenDepth--;
      if (parenDepth < 0) return fail('unexpected right paren');
      return true;
    }
    if (c.codePointAt(0)! <= 0x7f && c >= ' ' && c !== '\x7f') {
      emit('char');
      return true;
    }
    return fail(`unrecognized character in action: ${goRuneName(c)}`);
  };
  const lexSpace = (): boolean => {
    let spaces = 0;
    for (;;) {
      const c = peek();
      if (c === '' || !isSpace(c)) break;
      next();
      spaces++;
    }
    if (hasRightTrim(pos - 1) && spaces > 0) {
      backup(' ');
      if (pos === start) return true;
    }
    emit('space');
    return true;
  };
  const lexIdentifier = (): boolean => {
    for (;;) {
      const c = next();
      if (c !== '' && isAlnum(c)) continue;
      backup(c);
      const word = input.slice(start, pos);
      if (!atTerminator()) return fail(`bad character ${goRuneName(peek())}`);
      if (KEYWORDS.has(word)) emit('keyword');
      else if (word === 'true' || word === 'false') emit('bool');
      else if (word === 'nil') emit('nil');
      else if (word === '.') emit('dot');
      else emit('identifier');
      return true;
    }
  };
  const lexFieldOrVariable = (type: 'field' | 'variable'): boolean => {
    if (atTerminator()) {
      if (type === 'variable') emit('variable');
      else emit('dot');
      return true;
    }
    for (;;) {
      const c = next();
      if (c !== '' && isAlnum(c)) continue;
      backup(c);
      break;
    }
    if (!atTerminator()) return fail(`bad character ${goRuneName(peek())}`);
    emit(type);
    return true;
  };
  const lexField = (): boolean => lexFieldOrVariable('field');
  const lexVariable = (): boolean => lexFieldOrVariable('variable');
  const atTerminator = (): boolean => {
    const c = peek();
    if (c === '' || isSpace(c)) return true;
    if ('.,|:()'.includes(c)) return true;
    return input.startsWith(RIGHT, pos);
  };
  /** A quoted literal up to the closing `quote`; escapes skip one character; newline or EOF is an error. */
  const lexQuoted = (quote: string, type: ItemType, unterminated: string): boolean => {
    for (;;) {
      let c = next();
      if (c === '\\') {
        c = next();
        if (c !== '' && c !== '\n') continue;
      }
      if (c === '' || c === '\n') return fail(unterminated);
      if (c === quote) break;
    }
    emit(type);
    return true;
  };
  const lexChar = (): boolean => lexQuoted("'", 'charConstant', 'unterminated character constant');
  const lexQuote = (): boolean => lexQuoted('"', 'string', 'unterminated quoted string');
  const lexRawQuote = (): boolean => {
    const x = input.indexOf('`', pos);
    if (x < 0) return fail('unterminated raw quoted string');
    pos = x + 1;
    emit('rawString');
    return true;
  };
  const lexNumber = (): boolean => {
    const m = /^[+-]?(0[xX][0-9a-fA-F_]*(\.[0-9a-fA-F_]*)?([pP][+-]?[0-9_]+)?|0[bB][01_]*|0[oO][0-7_]*|[0-9_]*(\.[0-9_]*)?([eE][+-]?[0-9_]+)?)i?/.exec(input.slice(pos))!;
    pos += m[0].length;
    if (isAlnum(peek())) {
      next();
      return fail(`bad number syntax: ${goQuote(input.slice(start, pos))}`);
    }
    emit('number');
    return true;
  };

  for (let more = true; more; ) more = insideAction ? lexInsideAction() : lexText();
  return items;
}

function count(s: string, c: string): number {
  let n = 0;
  for (const ch of s) if (ch === c) n++;
  return n;
}

function trimmedLength(s: string): number {
  let n = s.length;
  while (n > 0 && isSpace(s[n - 1])) n--;
  return n;
}

/** Go's item.String(): `EOF`, `<keyword>`, or the quoted text cut to 10 characters. */
export function itemString(item: Item): string {
  if (item.type === 'eof') return 'EOF';
  if (item.type === 'keyword' || item.type === 'dot' || item.type === 'nil') return `<${item.val}>`;
  if ([...item.val].length > 10) return goQuote([...item.val].slice(0, 10).join('')) + '...';
  return goQuote(item.val);
}
