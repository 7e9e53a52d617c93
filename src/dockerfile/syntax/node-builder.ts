// One joined instruction line → AstNode: BuildKit's splitCommand (keyword, flags, rest) and the
// keyword's argument parser, with every piece mapped back to its source offsets.
import { goLeadingSpace, goTrimSpace } from './go-text.js';
import { LINE_PARSERS, LineParseError, parseIgnore, type ParsedArgs, type RestText } from './line-parsers.js';
import type { JoinedLineMap, LineIndex } from './source.js';
import { ArgumentChunk, EMPTY, SourceFlag, SyntaxNode, type KeywordSpelling } from './syntax-node.js';
import { extractBuilderFlags, FlatPieces, isSplitSpace } from './words.js';

/** What the nodes of one parse share: the source, one string per keyword spelling, one split per repeated flag. */
export interface NodeContext {
  index: LineIndex;
  escape: string;
  /** The keyword spellings seen so far, so equal spellings share their strings (a file uses a dozen or so). */
  keywords: KeywordSpelling[];
  /** Flags as written (up to SHARED_FLAG_LENGTH characters) → their parts, so a repeated flag is split once. */
  flags: Map<string, FlagParts>;
  /** Scratch list that the flag scanner, then the line parser, append one node's pieces to; reused from node to node. */
  pieces: FlatPieces;
  /** What the line parser is given, rewritten for each node (the parsers keep none of it). */
  rest: RestText;
  /** Where the arguments of the next nodes go. */
  args: ArgumentChunk;
}

/** Arguments per chunk shared by consecutive nodes. */
const ARGUMENTS_PER_CHUNK = 1024;

/** How many keyword spellings are shared: real files use about a dozen. */
const MAX_SHARED_KEYWORDS = 32;

/**
 * Longer flags are rarely repeated. (Argument values are not shared at all: looking each one up
 * cost more time than the copies it saved.)
 */
const SHARED_FLAG_LENGTH = 64;

/**
 * Builds the node for `line`, which sits at offset `base` of the joined instruction line.
 * Line numbers and the end of heredoc bodies are filled in by the caller.
 */
export function buildNode(line: string, base: number, map: JoinedLineMap, ctx: NodeContext, comments: string[]): SyntaxNode {
  const { index, escape } = ctx;
  const lead = goLeadingSpace(line);
  const trimmed = goTrimSpace(line);
  const start = base + lead;
  // BuildKit splits the keyword from the rest on the first run of [\t\v\f\r ].
  let cmdEnd = 0;
  while (cmdEnd < trimmed.length && !isSplitSpace(trimmed.charCodeAt(cmdEnd))) cmdEnd++;
  const spelling = keywordSpelling(ctx, trimmed, cmdEnd);
  const keyword = spelling.lower;
  let flags: SourceFlag[] = EMPTY;
  let restText = '';
  let restFrom = cmdEnd;
  if (cmdEnd < trimmed.length) {
    let afterStart = cmdEnd + 1;
    while (afterStart < trimmed.length && isSplitSpace(trimmed.charCodeAt(afterStart))) afterStart++;
    const after = trimmed.slice(afterStart);
    const afterOffset = start + afterStart;
    const found = ctx.pieces;
    found.count = 0;
    const restStart = extractBuilderFlags(after, escape, found);
    if (found.count > 0) {
      flags = new Array<SourceFlag>(found.count);
      for (let k = 0; k < found.count; k++) {
        const from = found.start(k) + afterOffset;
        flags[k] = toFlag(ctx, found.value(k), map.toSource(from), sourceEnd(map, from, found.end(k) + afterOffset));
      }
    }
    const restRaw = after.slice(restStart);
    restText = goTrimSpace(restRaw);
    restFrom = afterStart + restStart + goLeadingSpace(restRaw);
  }
  const restOffset = start + restFrom;
  const pieces = ctx.pieces;
  pieces.count = 0;
  let parsed: ParsedArgs;
  try {
    const rest = ctx.rest;
    rest.text = restText;
    rest.offset = restOffset;
    rest.escape = escape;
    parsed = (LINE_PARSERS.get(keyword) ?? parseIgnore)(rest, pieces);
  } catch (err) {
    if (err instanceof LineParseError) err.offset = restOffset;
    throw err;
  }
  const argCount = pieces.count;
  // Fixed-size chunks, a new one when full: one growing list would be copied each time it grows.
  if (ctx.args.free < argCount) ctx.args = new ArgumentChunk(index, Math.max(ARGUMENTS_PER_CHUNK, argCount));
  const chunk = ctx.args;
  const argFrom = chunk.used;
  for (let k = 0; k < argCount; k++) {
    const from = pieces.start(k);
    chunk.push(pieces.value(k), map.toSource(from), sourceEnd(map, from, pieces.end(k)));
  }
  const inner = parsed.inner ? buildNode(parsed.inner.text, parsed.inner.offset, map, ctx, EMPTY) : undefined;
  const end = sourceEnd(map, start, start + trimmed.length);
  // Only ONBUILD's inner node is built at a non-zero base.
  const nested = base > 0;
  const continued = map.continued
    ? { text: trimmed, keywordEnd: sourceEnd(map, start, start + cmdEnd), restStart: map.toSource(restOffset), restEnd: sourceEnd(map, restOffset, restOffset + restText.length), nested }
    : undefined;
  return new SyntaxNode(spelling, flags, chunk, argFrom, argCount, parsed.json, inner, comments, map.toSource(start), end, trimmed.length, restFrom, restFrom + restText.length, continued);
}

/** Source offset just after the joined span [start, end) (its start when the span is empty). */
function sourceEnd(map: JoinedLineMap, start: number, end: number): number {
  return end > start ? map.toSource(end - 1) + 1 : map.toSource(start);
}

/**
 * The shared spelling of the keyword `line` starts with (`length` characters). A scan of the few
 * spellings seen beats slicing the keyword out of every line to look it up.
 */
function keywordSpelling(ctx: NodeContext, line: string, length: number): KeywordSpelling {
  const first = line.charCodeAt(0);
  for (const known of ctx.keywords) {
    if (known.text.length === length && known.text.charCodeAt(0) === first && line.startsWith(known.text)) return known;
  }
  const written = line.slice(0, length);
  const spelling = { text: written, lower: written.toLowerCase() };
  // Bounded, so a file of made-up keywords cannot make every line scan a long list.
  if (ctx.keywords.length < MAX_SHARED_KEYWORDS) ctx.keywords.push(spelling);
  return spelling;
}

/** A flag's name, value and text as written, shared by the flags written the same way. */
export interface FlagParts {
  name: string;
  value: string | undefined;
  original: string;
}

/** A flag as written (`--name=value`, quotes removed) split into name and value. */
function toFlag(ctx: NodeContext, written: string, from: number, to: number): SourceFlag {
  let parts = ctx.flags.get(written);
  if (parts === undefined) {
    const nameStart = written.startsWith('--') ? 2 : 0;
    const eq = written.indexOf('=', nameStart);
    parts = { name: written.slice(nameStart, eq < 0 ? written.length : eq), value: eq < 0 ? undefined : written.slice(eq + 1), original: written };
    if (written.length <= SHARED_FLAG_LENGTH) ctx.flags.set(written, parts);
  }
  return new SourceFlag(parts.name, parts.value, parts.original, ctx.index, from, to);
}
