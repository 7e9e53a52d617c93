// One joined instruction line → AstNode: BuildKit's splitCommand (keyword, flags, rest) and the
// keyword's argument parser, with every piece mapped back to its source range.
import type { AstNode, Flag, Word } from '../types.js';
import { goLeadingSpace, goTrimSpace } from './go-text.js';
import { LINE_PARSERS, LineParseError, parseIgnore, type ParsedArgs } from './line-parsers.js';
import type { JoinedLineMap, LineIndex } from './source.js';
import { extractBuilderFlags, splitWhitespace, type Piece } from './words.js';

/**
 * Builds the node for `line`, which sits at offset `base` of the joined instruction line.
 * Line ranges (startLine/endLine/original) are filled in by the caller, so they start as 0.
 */
export function buildNode(line: string, base: number, map: JoinedLineMap, index: LineIndex, escape: string, comments: string[]): AstNode {
  const range = (start: number, end: number) => map.range(index, start, end);
  const lead = goLeadingSpace(line);
  const trimmed = goTrimSpace(line);
  const parts = splitWhitespace(trimmed, base + lead, 2);
  const cmd = parts[0];
  let flagPieces: Piece[] = [];
  let rest = { text: '', offset: cmd.end };
  if (parts.length === 2) {
    const extracted = extractBuilderFlags(parts[1].value, escape);
    flagPieces = extracted.flags.map((f) => ({ value: f.value, start: f.start + parts[1].start, end: f.end + parts[1].start }));
    const restRaw = parts[1].value.slice(extracted.restStart);
    rest = { text: goTrimSpace(restRaw), offset: parts[1].start + extracted.restStart + goLeadingSpace(restRaw) };
  }
  const keyword = cmd.value.toLowerCase();
  let parsed: ParsedArgs;
  try {
    parsed = (LINE_PARSERS.get(keyword) ?? parseIgnore)({ text: rest.text, offset: rest.offset, escape });
  } catch (err) {
    if (err instanceof LineParseError) err.offset = rest.offset;
    throw err;
  }
  const words: Word[] = parsed.args.map((p) => ({ value: p.value, range: range(p.start, p.end) }));
  const flags: Flag[] = flagPieces.map((p) => {
    const body = p.value.startsWith('--') ? p.value.slice(2) : p.value;
    const eq = body.indexOf('=');
    return { name: eq < 0 ? body : body.slice(0, eq), value: eq < 0 ? undefined : body.slice(eq + 1), original: p.value, range: range(p.start, p.end) };
  });
  const inner = parsed.inner ? buildNode(parsed.inner.text, parsed.inner.offset, map, index, escape, []) : undefined;
  const whole = range(base + lead, base + lead + trimmed.length);
  return {
    keyword,
    keywordText: cmd.value,
    keywordRange: range(cmd.start, cmd.end),
    flags,
    args: words,
    json: parsed.json,
    heredocs: [],
    inner,
    original: trimmed,
    text: trimmed,
    rest: rest.text,
    restRange: range(rest.offset, rest.offset + rest.text.length),
    comments,
    range: whole,
    startLine: 0,
    endLine: 0,
  };
}
