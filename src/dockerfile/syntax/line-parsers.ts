// Per-instruction argument parsers of BuildKit's parser (its dispatch table): they turn the text
// after keyword and flags into argument nodes. Offsets are into the joined instruction line.
import { fromByteString, goQuote, isGoSpace, toByteString } from './go-text.js';
import { parseWords, splitWhitespace, type Piece } from './words.js';

/** A parse failure inside one instruction, located later by the caller. */
export class LineParseError extends Error {
  /** Offset in the joined line of the culprit (set by the node builder when unknown). */
  offset = 0;
  constructor(message: string, readonly hint?: string) {
    super(message);
  }
}

/** What a line parser produces. `inner` is ONBUILD's wrapped instruction text. */
export interface ParsedArgs {
  args: Piece[];
  json: boolean;
  inner?: { text: string; offset: number };
}

/** The text after keyword and flags and its offset in the joined line. */
export interface RestText {
  text: string;
  offset: number;
  escape: string;
}

type LineParser = (rest: RestText) => ParsedArgs;

const NONE: ParsedArgs = { args: [], json: false };
const NOT_STRING_ARRAY = 'when using JSON array syntax, arrays must be comprised of strings only';

/** BuildKit's parseJSON: the decoded strings, undefined when the text is not a JSON array. */
function parseJson(rest: RestText): ParsedArgs | undefined {
  let lead = 0;
  while (lead < rest.text.length && isGoSpace(rest.text[lead])) lead++;
  const text = rest.text.slice(lead);
  if (!text.startsWith('[')) return undefined;
  let decoded: unknown;
  try {
    decoded = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!Array.isArray(decoded)) return undefined;
  if (decoded.some((v) => typeof v !== 'string')) throw new LineParseError(NOT_STRING_ARRAY, 'use a JSON array of strings, e.g. ["executable", "arg"]');
  const spans = jsonStringSpans(text);
  const args = (decoded as string[]).map((value, i) => ({
    value: value.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd'),
    start: rest.offset + lead + spans[i][0],
    end: rest.offset + lead + spans[i][1],
  }));
  return { args, json: true };
}

/** [start, end) of each string literal in a JSON array of strings. */
function jsonStringSpans(text: string): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  for (let i = 0; i < text.length; i++) {
    if (text[i] !== '"') continue;
    const start = i;
    for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
    spans.push([start, i + 1]);
  }
  return spans;
}

function whole(rest: RestText): ParsedArgs {
  return rest.text === '' ? NONE : { args: [{ value: rest.text, start: rest.offset, end: rest.offset + rest.text.length }], json: false };
}

const parseMaybeJson: LineParser = (rest) => (rest.text === '' ? NONE : parseJson(rest) ?? whole(rest));

const parseWhitespaceDelimited: LineParser = (rest) =>
  rest.text === '' ? NONE : { args: splitWhitespace(rest.text, rest.offset), json: false };

const parseMaybeJsonToList: LineParser = (rest) => parseJson(rest) ?? parseWhitespaceDelimited(rest);

function shift(p: Piece, offset: number): Piece {
  return { value: p.value, start: p.start + offset, end: p.end + offset };
}

function parseNameVal(rest: RestText, key: string): ParsedArgs {
  const words = parseWords(rest.text, rest.escape);
  if (words.length === 0) return NONE;
  if (!words[0].value.includes('=')) {
    const parts = splitWhitespace(rest.text, rest.offset, 2);
    if (parts.length < 2) throw new LineParseError(`${key} must have two arguments`, `write ${key} ${parts[0].value}=<value>`);
    const end = parts[1].end;
    return { args: [parts[0], parts[1], { value: '', start: end, end }], json: false };
  }
  const args: Piece[] = [];
  for (const word of words) {
    const eq = word.value.indexOf('=');
    if (eq < 0) {
      throw new LineParseError(`Syntax error - can't find = in ${goQuote(word.value)}. Must be of the form: name=value`, `write ${word.value}=<value>`);
    }
    const w = shift(word, rest.offset);
    args.push(
      { value: word.value.slice(0, eq), start: w.start, end: w.start + eq },
      { value: word.value.slice(eq + 1), start: w.start + eq + 1, end: w.end },
      { value: '=', start: w.start + eq, end: w.start + eq + 1 },
    );
  }
  return { args, json: false };
}

const parseArg: LineParser = (rest) => ({ args: parseWords(rest.text, rest.escape).map((w) => shift(w, rest.offset)), json: false });

/** HEALTHCHECK: its type word, then the rest as for CMD. Byte-wise like the Go original. */
const parseHealthConfig: LineParser = (rest) => {
  const bytes = toByteString(rest.text);
  let sep = 0;
  while (sep < bytes.length && !isGoSpace(bytes[sep])) sep++;
  let next = sep;
  while (next < bytes.length && isGoSpace(bytes[next])) next++;
  if (sep === 0) return NONE;
  const typ = fromByteString(bytes.slice(0, sep));
  const nextChar = fromByteString(bytes.slice(0, next)).length;
  const cmd = parseMaybeJson({ text: fromByteString(bytes.slice(next)), offset: rest.offset + nextChar, escape: rest.escape });
  return { args: [{ value: typ, start: rest.offset, end: rest.offset + typ.length }, ...cmd.args], json: cmd.json };
};

const parseSubCommand: LineParser = (rest) => (rest.text === '' ? NONE : { args: [], json: false, inner: { text: rest.text, offset: rest.offset } });

/** Keyword (lowercase) → argument parser; unknown keywords get one empty argument like BuildKit's parseIgnore. */
export const LINE_PARSERS = new Map<string, LineParser>(Object.entries({
  add: parseMaybeJsonToList,
  arg: parseArg,
  cmd: parseMaybeJson,
  copy: parseMaybeJsonToList,
  entrypoint: parseMaybeJson,
  env: (rest) => parseNameVal(rest, 'ENV'),
  expose: parseWhitespaceDelimited,
  from: parseWhitespaceDelimited,
  healthcheck: parseHealthConfig,
  label: (rest) => parseNameVal(rest, 'LABEL'),
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
export function parseIgnore(rest: RestText): ParsedArgs {
  return { args: [{ value: '', start: rest.offset, end: rest.offset }], json: false };
}
