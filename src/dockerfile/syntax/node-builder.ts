// One joined instruction line → AstNode: BuildKit's splitCommand (keyword, flags, rest) and the
// keyword's argument parser, with every piece mapped back to its source range.
import type { AstNode, Flag, SourceRange, Word } from '../types.js';
import { goLeadingSpace, goTrimSpace } from './go-text.js';
import { LINE_PARSERS, LineParseError, parseIgnore, type ParsedArgs } from './line-parsers.js';
import type { JoinedLineMap, LineIndex } from './source.js';
import { extractBuilderFlags, isSplitSpace } from './words.js';

/**
 * Builds the node for `line`, which sits at offset `base` of the joined instruction line.
 * Line ranges (startLine/endLine/original) are filled in by the caller, so they start as 0.
 */
export function buildNode(line: string, base: number, map: JoinedLineMap, index: LineIndex, escape: string, comments: string[]): AstNode {
  const lead = goLeadingSpace(line);
  const trimmed = goTrimSpace(line);
  const start = base + lead;
  // BuildKit splits the keyword from the rest on the first run of [\t\v\f\r ].
  let cmdEnd = 0;
  while (cmdEnd < trimmed.length && !isSplitSpace(trimmed.charCodeAt(cmdEnd))) cmdEnd++;
  const keywordText = trimmed.slice(0, cmdEnd);
  let flags: Flag[] = [];
  let restText = '';
  let restOffset = start + cmdEnd;
  if (cmdEnd < trimmed.length) {
    let afterStart = cmdEnd + 1;
    while (afterStart < trimmed.length && isSplitSpace(trimmed.charCodeAt(afterStart))) afterStart++;
    const after = trimmed.slice(afterStart);
    const afterOffset = start + afterStart;
    const extracted = extractBuilderFlags(after, escape);
    flags = extracted.flags.map((f) => toFlag(f.value, map.range(index, f.start + afterOffset, f.end + afterOffset)));
    const restRaw = after.slice(extracted.restStart);
    restText = goTrimSpace(restRaw);
    restOffset = afterOffset + extracted.restStart + goLeadingSpace(restRaw);
  }
  const keyword = keywordText.toLowerCase();
  let parsed: ParsedArgs;
  try {
    parsed = (LINE_PARSERS.get(keyword) ?? parseIgnore)({ text: restText, offset: restOffset, escape });
  } catch (err) {
    if (err instanceof LineParseError) err.offset = restOffset;
    throw err;
  }
  const words: Word[] = parsed.args.map((p) => ({ value: p.value, range: map.range(index, p.start, p.end) }));
  const inner = parsed.inner ? buildNode(parsed.inner.text, parsed.inner.offset, map, index, escape, []) : undefined;
  return {
    keyword,
    keywordText,
    keywordRange: map.range(index, start, start + cmdEnd),
    flags,
    args: words,
    json: parsed.json,
    heredocs: [],
    inner,
    original: trimmed,
    text: trimmed,
    rest: restText,
    restRange: map.range(index, restOffset, restOffset + restText.length),
    comments,
    range: map.range(index, start, start + trimmed.length),
    startLine: 0,
    endLine: 0,
  };
}

/** A flag as written (`--name=value`, quotes removed) split into name and value. */
function toFlag(written: string, range: SourceRange): Flag {
  const body = written.startsWith('--') ? written.slice(2) : written;
  const eq = body.indexOf('=');
  return { name: eq < 0 ? body : body.slice(0, eq), value: eq < 0 ? undefined : body.slice(eq + 1), original: written, range };
}
