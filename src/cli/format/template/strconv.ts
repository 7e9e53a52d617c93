/** Go's strconv quoting and unquoting, and fmt's %#U, as templates and their errors use them. */

const SIMPLE: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\' };

/** Decodes the escapes of `"…"` (quotes included); undefined when Go would refuse it. */
export function unquoteString(quoted: string): string | undefined {
  return decode(quoted.slice(1, -1), '"');
}

/** The code point of a rune literal `'x'`; 'malformed' when more than one rune, undefined for a bad escape. */
export function unquoteChar(quoted: string): number | 'malformed' | undefined {
  const s = decode(quoted.slice(1, -1), "'");
  if (s === undefined || s === '') return undefined;
  return [...s].length !== 1 ? 'malformed' : s.codePointAt(0);
}

function decode(body: string, quote: string): string | undefined {
  let out = '';
  const bytes: number[] = [];
  const flush = (): void => {
    if (bytes.length) out += Buffer.from(bytes).toString('utf8');
    bytes.length = 0;
  };
  for (let i = 0; i < body.length; ) {
    const c = body[i];
    if (c === quote) return undefined;
    if (c !== '\\') {
      flush();
      out += c;
      i++;
      continue;
    }
    const e = body[i + 1];
    if (e === undefined) return undefined;
    if (e in SIMPLE || e === quote) {
      flush();
      out += SIMPLE[e] ?? e;
      i += 2;
    } else if (e === 'x' || (e >= '0' && e <= '7')) {
      const hex = e === 'x';
      const digits = body.slice(i + (hex ? 2 : 1), i + (hex ? 4 : 4));
      if (!(hex ? /^[0-9a-fA-F]{2}$/ : /^[0-7]{3}$/).test(digits)) return undefined;
      const v = parseInt(digits, hex ? 16 : 8);
      if (v > 255) return undefined;
      bytes.push(v);
      i += hex ? 4 : 4;
    } else if (e === 'u' || e === 'U') {
      const n = e === 'u' ? 4 : 8;
      const digits = body.slice(i + 2, i + 2 + n);
      if (!new RegExp(`^[0-9a-fA-F]{${n}}$`).test(digits)) return undefined;
      const cp = parseInt(digits, 16);
      if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return undefined;
      flush();
      out += String.fromCodePoint(cp);
      i += 2 + n;
    } else {
      return undefined;
    }
  }
  flush();
  return out;
}

/** Go's %#U of a rune: `U+0021 '!'`. */
export function goRuneName(c: string): string {
  const cp = c.codePointAt(0) ?? 0;
  const hex = cp.toString(16).toUpperCase().padStart(4, '0');
  return /\p{L}|\p{N}|\p{P}|\p{S}/u.test(c) ? `U+${hex} '${c}'` : `U+${hex}`;
}

/** Go's strconv.Quote (ASCII printable kept, the rest escaped Go-style). */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\') out += '\\' + ch;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\x07') out += '\\a';
    else if (ch === '\b') out += '\\b';
    else if (ch === '\f') out += '\\f';
    else if (ch === '\v') out += '\\v';
    else if (cp < 0x20 || cp === 0x7f) out += '\\x' + cp.toString(16).padStart(2, '0');
    else if (cp >= 0xd800 && cp <= 0xdfff) out += '\\ufffd';
    else if (/[\p{L}\p{M}\p{N}\p{P}\p{S}]| /u.test(ch)) out += ch;
    else if (cp < 0x10000) out += '\\u' + cp.toString(16).padStart(4, '0');
    else out += '\\U' + cp.toString(16).padStart(8, '0');
  }
  return out + '"';
}

/** Go's strconv.QuoteToASCII (`%+q`): like goQuote, non-ASCII as \u or \U escapes. */
export function goQuoteASCII(s: string): string {
  return goQuote(s).replace(/[^\x00-\x7f]/gu, (c) => {
    const cp = c.codePointAt(0)!;
    return cp < 0x10000 ? '\\u' + cp.toString(16).padStart(4, '0') : '\\U' + cp.toString(16).padStart(8, '0');
  });
}

