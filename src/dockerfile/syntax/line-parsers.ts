// Per-instruction argument parsers of BuildKit's parser (its dispatch table): they turn the text
// after keyword and flags into argument nodes. Offsets are into the joined instruction line.
import { fromByteString, goQuote, isGoSpace, toByteString } from './go-text.js';
import { parseWords, splitWhitespace, type FlatPieces } from './words.js';

/** A parse failure inside one instruction, located later by the caller. */
export class LineParseError extends Error {
  /** Offset in the joined line of the culprit (set by the node builder when unknown). */
  offset = 0;
  constructor(message: string, readonly hint?: string) {
    super(message);
  }
}

/**
 * What a line parser produces besides the arguments it appends: whether they are in exec (JSON)
 * form, and `inner`, ONBUILD's wrapped instruction text.
 */
export interface ParsedArgs {
  json: boolean;
  inner?: { text: string; offset: number };
}

/** The text after keyword and flags and its offset in the joined line. */
export interface RestText {
  text: string;
  offset: number;
  escape: string;
}

/** Appends the instruction's arguments to `out` (which it finds empty) and says how they were written. */
type LineParser = (rest: RestText, out: FlatPieces) => ParsedArgs;

const SHELL_FORM: ParsedArgs = Object.freeze({ json: false });
const JSON_FORM: ParsedArgs = Object.freeze({ json: true });
const NOT_STRING_ARRAY = 'when using JSON array syntax, arrays must be comprised of strings only';
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** BuildKit's parseJSON: appends the decoded strings; undefined (nothing appended) when the text is not a JSON array. */
function parseJson(rest: RestText, out: FlatPieces): ParsedArgs | undefined {
  let lead = 0;
  while (lead < rest.text.length && isGoSpace(rest.text[lead])) lead++;
  if (rest.text[lead] !== '[') return undefined;
  const text = lead === 0 ? rest.text : rest.text.slice(lead);
  let decoded: unknown;
  try {
    decoded = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!Array.isArray(decoded)) return undefined;
  if (decoded.some((v) => typeof v !== 'string')) throw new LineParseError(NOT_STRING_ARRAY, 'use a JSON array of strings, e.g. ["executable", "arg"]');
  // Each decoded string sits at the next string literal of the text.
  const base = rest.offset + lead;
  let i = 0;
  for (const value of decoded as string[]) {
    while (text[i] !== '"') i++;
    const start = i;
    for (i++; text[i] !== '"'; i++) if (text[i] === '\\') i++;
    i++;
    out.push(value.replace(LONE_SURROGATE, '\ufffd'), base + start, base + i);
  }
  return JSON_FORM;
}

function whole(rest: RestText, out: FlatPieces): ParsedArgs {
  if (rest.text !== '') out.push(rest.text, rest.offset, rest.offset + rest.text.length);
  return SHELL_FORM;
}

const parseMaybeJson: LineParser = (rest, out) => (rest.text === '' ? SHELL_FORM : parseJson(rest, out) ?? whole(rest, out));

const parseWhitespaceDelimited: LineParser = (rest, out) => {
  if (rest.text !== '') splitWhitespace(rest.text, rest.offset, out);
  return SHELL_FORM;
};

const parseMaybeJsonToList: LineParser = (rest, out) => parseJson(rest, out) ?? parseWhitespaceDelimited(rest, out);

function parseNameVal(rest: RestText, out: FlatPieces, key: string): ParsedArgs {
  parseWords(rest.text, rest.escape, rest.offset, out);
  const count = out.count;
  if (count === 0) return SHELL_FORM;
  if (!out.value(0).includes('=')) {
    out.count = 0;
    splitWhitespace(rest.text, rest.offset, out, 2);
    if (out.count < 2) throw new LineParseError(`${key} must have two arguments`, `write ${key} ${out.value(0)}=<value>`);
    out.push('', out.end(1), out.end(1));
    return SHELL_FORM;
  }
  for (let k = 0; k < count; k++) {
    const word = out.value(k);
    if (!word.includes('=')) {
      throw new LineParseError(`Syntax error - can't find = in ${goQuote(word)}. Must be of the form: name=value`, `write ${word}=<value>`);
    }
  }
  // Each word becomes name, value and "=": appended first, then the words are rewritten in place
  // from the last, so every word is read before it is overwritten.
  for (let k = count; k < 3 * count; k++) out.push('', 0, 0);
  for (let k = count - 1; k >= 0; k--) {
    const word = out.value(k);
    const start = out.start(k);
    const end = out.end(k);
    const eq = word.indexOf('=');
    out.set(3 * k, word.slice(0, eq), start, start + eq);
    out.set(3 * k + 1, word.slice(eq + 1), start + eq + 1, end);
    out.set(3 * k + 2, '=', start + eq, start + eq + 1);
  }
  return SHELL_FORM;
}

const parseArg: LineParser = (rest, out) => {
  parseWords(rest.text, rest.escape, rest.offset, out);
  return SHELL_FORM;
};

/** HEALTHCHECK: its type word, then the rest as for CMD. Byte-wise like the Go original. */
const parseHealthConfig: LineParser = (rest, out) => {
  const bytes = toByteString(rest.text);
  let sep = 0;
  while (sep < bytes.length && !isGoSpace(bytes[sep])) sep++;
  let next = sep;
  while (next < bytes.length && isGoSpace(bytes[next])) next++;
  if (sep === 0) return SHELL_FORM;
  const typ = fromByteString(bytes.slice(0, sep));
  const nextChar = fromByteString(bytes.slice(0, next)).length;
  out.push(typ, rest.offset, rest.offset + typ.length);
  return parseMaybeJson({ text: fromByteString(bytes.slice(next)), offset: rest.offset + nextChar, escape: rest.escape }, out);
};

const parseSubCommand: LineParser = (rest) => (rest.text === '' ? SHELL_FORM : { json: false, inner: { text: rest.text, offset: rest.offset } });

/** Keyword (lowercase) → argument parser; unknown keywords get one empty argument like BuildKit's parseIgnore. */
export const LINE_PARSERS = new Map<string, LineParser>(Object.entries({
  add: parseMaybeJsonToList,
  arg: parseArg,
  cmd: parseMaybeJson,
  copy: parseMaybeJsonToList,
  entrypoint: parseMaybeJson,
  env: (rest, out) => parseNameVal(rest, out, 'ENV'),
  expose: parseWhitespaceDelimited,
  from: parseWhitespaceDelimited,
  healthcheck: parseHealthConfig,
  label: (rest, out) => parseNameVal(rest, out, 'LABEL'),
  maintainer: whole,
  onbuild: parseSubCommand,
  run: parseMaybeJson,
  shell: parseMaybeJson,
  stopsignal: whole,
  user: whole,
  volume: parseMaybeJsonToList,
  workdir: whole,
}));

/** BuildKit's parseIgnore, used for unknown instructions. */
export function parseIgnore(rest: RestText, out: FlatPieces): ParsedArgs {
  out.push('', rest.offset, rest.offset);
  return SHELL_FORM;
}
