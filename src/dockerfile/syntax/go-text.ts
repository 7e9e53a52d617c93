// Text helpers that reproduce Go's definitions, because BuildKit's parser is written in Go and
// its behaviour (what counts as a space, how strings are quoted) is part of the format.
// Invalid UTF-8 bytes are carried through strings as lone surrogates U+DC80..U+DCFF
// ("surrogate escapes"), so a byte-exact round trip stays possible.

/** Go's unicode.IsSpace (of the first code unit of `ch`). */
export function isGoSpace(ch: string): boolean {
  return isGoSpaceCode(ch.charCodeAt(0));
}

/** Go's unicode.IsSpace of one UTF-16 code unit (scanners compare codes instead of one-character strings). */
export function isGoSpaceCode(c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  if (c < 0x85) return false;
  return c === 0x85 || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000;
}

const ASCII = /^[\x00-\x7f]*$/;

/** Go's strings.TrimSpace. */
export function goTrimSpace(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && isGoSpaceCode(s.charCodeAt(start))) start++;
  while (end > start && isGoSpaceCode(s.charCodeAt(end - 1))) end--;
  return s.slice(start, end);
}

/** How many code units the code point at `pos` of `s` takes: 2 for a surrogate pair, else 1. */
export function codePointLength(s: string, pos: number): number {
  const c = s.charCodeAt(pos);
  if (c < 0xd800 || c > 0xdbff) return 1;
  const next = s.charCodeAt(pos + 1);
  return next >= 0xdc00 && next <= 0xdfff ? 2 : 1;
}

/** Go's strings.TrimLeftFunc(s, unicode.IsSpace): returns how many leading code units are spaces. */
export function goLeadingSpace(s: string): number {
  let i = 0;
  while (i < s.length && isGoSpaceCode(s.charCodeAt(i))) i++;
  return i;
}

/** Decodes UTF-8 like Go would read it, mapping each invalid byte to a surrogate escape. */
export function decodeUtf8(bytes: Uint8Array): string {
  const valid = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });
  let out = '';
  let i = 0;
  let runStart = 0;
  while (i < bytes.length) {
    const len = utf8SequenceLength(bytes, i);
    if (len > 0) {
      i += len;
      continue;
    }
    out += valid.decode(bytes.subarray(runStart, i));
    out += String.fromCharCode(0xdc00 + bytes[i]);
    i++;
    runStart = i;
  }
  return out + valid.decode(bytes.subarray(runStart, i));
}

function utf8SequenceLength(b: Uint8Array, i: number): number {
  const c = b[i];
  if (c < 0x80) return 1;
  const cont = (k: number, lo = 0x80, hi = 0xbf) => i + k < b.length && b[i + k] >= lo && b[i + k] <= hi;
  if (c >= 0xc2 && c <= 0xdf) return cont(1) ? 2 : 0;
  if (c === 0xe0) return cont(1, 0xa0) && cont(2) ? 3 : 0;
  if (c === 0xed) return cont(1, 0x80, 0x9f) && cont(2) ? 3 : 0;
  if (c >= 0xe1 && c <= 0xef) return cont(1) && cont(2) ? 3 : 0;
  if (c === 0xf0) return cont(1, 0x90) && cont(2) && cont(3) ? 4 : 0;
  if (c >= 0xf1 && c <= 0xf3) return cont(1) && cont(2) && cont(3) ? 4 : 0;
  if (c === 0xf4) return cont(1, 0x80, 0x8f) && cont(2) && cont(3) ? 4 : 0;
  return 0;
}

/** Encodes a string to UTF-8, turning surrogate escapes back into their raw bytes. */
export function encodeUtf8(s: string): Uint8Array {
  if (!/[\udc80-\udcff]/.test(s)) return Buffer.from(s, 'utf8');
  const parts: number[] = [];
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (cp >= 0xdc80 && cp <= 0xdcff) parts.push(cp - 0xdc00);
    else for (const b of Buffer.from(ch, 'utf8')) parts.push(b);
  }
  return Uint8Array.from(parts);
}

/** Reads a string as Go sees its bytes one by one: one char (code point 0..255) per UTF-8 byte. */
export function toByteString(s: string): string {
  if (ASCII.test(s)) return s;
  return Buffer.from(encodeUtf8(s)).toString('latin1');
}

/** The inverse of toByteString. */
export function fromByteString(s: string): string {
  if (ASCII.test(s)) return s;
  return decodeUtf8(Buffer.from(s, 'latin1'));
}

const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;
const SHORT_ESCAPES: Record<string, string> = { '\x07': '\\a', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\v': '\\v', '"': '\\"', '\\': '\\\\' };

/** Go's strconv.Quote. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (SHORT_ESCAPES[ch]) out += SHORT_ESCAPES[ch];
    else if (cp >= 0xdc80 && cp <= 0xdcff) out += '\\x' + hex(cp - 0xdc00, 2);
    else if (cp >= 0xd800 && cp <= 0xdfff) out += '\ufffd';
    else if (PRINTABLE.test(ch)) out += ch;
    else if (cp < 0x20 || cp === 0x7f) out += '\\x' + hex(cp, 2);
    else if (cp <= 0xffff) out += '\\u' + hex(cp, 4);
    else out += '\\U' + hex(cp, 8);
  }
  return out + '"';
}

function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, '0');
}

/** Go's unicode.IsDigit / IsLetter, used by the shell lexer for variable names. */
export function isGoDigit(ch: string): boolean {
  const c = ch.charCodeAt(0);
  if (c < 0x80) return c >= 0x30 && c <= 0x39;
  return /^\p{Nd}$/u.test(ch);
}

/** Go's unicode.IsLetter. */
export function isGoLetter(ch: string): boolean {
  const c = ch.charCodeAt(0);
  if (c < 0x80) return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
  return /^\p{L}$/u.test(ch);
}
