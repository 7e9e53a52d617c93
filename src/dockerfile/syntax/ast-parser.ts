// Text → AST, following BuildKit's parser.Parse line by line: directives, comments, line
// continuations, heredoc bodies; every node keeps its source range.
import type { AstNode, Diagnostic, Directive, Heredoc } from '../types.js';
import { dockerfileError } from '../errors.js';
import { DirectiveParser } from './directives.js';
import { goLeadingSpace } from './go-text.js';
import { detectHeredocs } from './heredoc.js';
import { LineParseError } from './line-parsers.js';
import { buildNode } from './node-builder.js';
import { JoinedLineMap, LineIndex } from './source.js';

/** The raw syntax tree of a Dockerfile. */
export interface AstParseResult {
  nodes: AstNode[];
  directives: Directive[];
  escapeChar: '\\' | '`';
  /** Parser warnings (empty continuation lines). */
  warnings: Diagnostic[];
  /** Lines of the first instruction's start and the last one's end. */
  startLine: number;
  endLine: number;
  index: LineIndex;
}

/** BuildKit reads lines with Go's bufio.Scanner, whose tokens (line ending included) are at most 64 KiB. */
const MAX_LINE_BYTES = 64 * 1024;

/** One physical line: its text without the line ending and where it starts. */
interface RawLine {
  raw: string;
  start: number;
}

function splitLines(text: string): RawLine[] {
  const lines: RawLine[] = [];
  let start = 0;
  while (start < text.length) {
    const nl = text.indexOf('\n', start);
    const end = nl < 0 ? text.length : nl + 1;
    lines.push({ raw: text.slice(start, end), start });
    start = end;
  }
  return lines;
}

/** Go's bytes.TrimRight(s, "\r\n"). */
function trimNewline(s: string): string {
  let end = s.length;
  while (end > 0 && (s[end - 1] === '\n' || s[end - 1] === '\r')) end--;
  return s.slice(0, end);
}

function isComment(line: string): boolean {
  return line[goLeadingSpace(line)] === '#';
}

/** BuildKit's trimContinuationCharacter: the kept text and whether the line ends the instruction. */
function trimContinuation(line: string, escape: string): [string, boolean] {
  let j = line.length;
  while (j > 0 && (line[j - 1] === ' ' || line[j - 1] === '\t')) j--;
  if (j > 0 && line[j - 1] === escape && (j === 1 || line[j - 2] !== escape)) return [line.slice(0, j - 1), false];
  return [line, true];
}

/** Parses Dockerfile text into BuildKit's AST. Throws a located BerthError on syntax errors. */
export function parseAst(input: string, filename = 'Dockerfile'): AstParseResult {
  const text = input;
  const index = new LineIndex(text);
  const site = (offset: number) => ({ file: filename, index, offset });
  const lines = splitLines(text);
  if (text.startsWith('\ufeff')) lines[0] = { raw: lines[0].raw.slice(1), start: 1 };
  const directiveParser = new DirectiveParser();
  const directives: Directive[] = [];
  const nodes: AstNode[] = [];
  const warnings: Diagnostic[] = [];
  let escape = '\\';
  let comments: string[] = [];

  const tooLong = lines.findIndex((l) => l.raw.length > MAX_LINE_BYTES / 4 && Buffer.byteLength(l.raw) > MAX_LINE_BYTES);
  if (tooLong >= 0) throw dockerfileError(site(lines[tooLong].start), `dockerfile line greater than max allowed size of ${MAX_LINE_BYTES - 1}`, 'split the line with \\ continuations');
  for (let i = 0; i < lines.length; i++) {
    const { raw, start } = lines[i];
    if (isComment(raw)) {
      const comment = raw.slice(1).trim();
      comments = comment === '' ? [] : [...comments, comment];
    }
    const trimmed = trimNewline(raw);
    const lead = goLeadingSpace(trimmed);
    let token = trimmed.slice(lead);
    let found;
    try {
      found = directiveParser.parseLine(token);
    } catch (err) {
      throw dockerfileError(site(start), (err as Error).message, 'remove the repeated directive');
    }
    if (found) {
      comments.pop();
      if (found.name === 'escape') {
        if (found.value !== '`' && found.value !== '\\') throw dockerfileError(site(start), `invalid escape token '${found.value}' does not match \` or \\`, 'use # escape=` or # escape=\\');
        escape = found.value;
      }
      directives.push({ name: found.name, value: found.value, range: index.range(start + lead, start + trimmed.length) });
    }
    if (isComment(token)) token = '';
    const startLine = i + 1;
    let [kept, endOfLine] = trimContinuation(token, escape);
    if (endOfLine && kept.length === 0) continue;
    let joined = kept;
    const map = new JoinedLineMap();
    map.add(0, start + lead);
    let endOffset = start + trimmed.length;
    let hasEmptyContinuation = false;
    while (!endOfLine && i + 1 < lines.length) {
      const next = lines[++i];
      const line = trimNewline(next.raw);
      endOffset = next.start + line.length;
      if (isComment(next.raw)) continue;
      if (goLeadingSpace(line) === line.length) {
        hasEmptyContinuation = true;
        continue;
      }
      [kept, endOfLine] = trimContinuation(line, escape);
      map.add(joined.length, next.start);
      joined += kept;
    }
    if (hasEmptyContinuation) {
      warnings.push({
        rule: 'NoEmptyContinuation',
        message: 'Empty continuation line found in: ' + joined,
        level: 'warning',
        location: { file: filename, line: i + 1, column: 1, lineText: index.lineText(i + 1) },
        url: 'https://docs.docker.com/go/dockerfile/rule/no-empty-continuation/',
      });
    }
    let node: AstNode;
    try {
      node = buildNode(joined, 0, map, index, escape, comments);
    } catch (err) {
      if (err instanceof LineParseError) throw dockerfileError(site(map.toSource(err.offset)), err.message, err.hint);
      throw err;
    }
    const heredocs = canContainHeredoc(node) && joined.includes('<<') ? detectHeredocs(joined, site(start + lead)) : [];
    for (const doc of heredocs) {
      const bodyStart = i + 1 < lines.length ? lines[i + 1].start : text.length;
      let content = '';
      let terminated = false;
      while (i + 1 < lines.length) {
        const next = lines[++i];
        endOffset = next.start + trimNewline(next.raw).length;
        let candidate = trimNewline(next.raw);
        if (doc.chomp) candidate = candidate.replace(/^\t+/, '');
        if (candidate === doc.name) {
          terminated = true;
          break;
        }
        content += next.raw;
      }
      if (!terminated) {
        throw dockerfileError(site(start + lead), `unterminated heredoc ${doc.name} (started on line ${startLine})`, `end the heredoc with a line containing only ${doc.name}`);
      }
      const body: Heredoc = { ...doc, content: doc.chomp ? content.replace(/(^|\n)\t+/g, '$1') : content, range: index.range(bodyStart, endOffset) };
      const target = node.keyword === 'onbuild' && node.inner ? node.inner : node;
      target.heredocs.push(body);
      if (target !== node) node.heredocs.push(body);
    }
    node.range = index.range(start + lead, endOffset);
    node.startLine = startLine;
    node.endLine = i + 1;
    node.original = text.slice(start + lead, endOffset);
    if (node.inner) {
      node.inner.startLine = startLine;
      node.inner.endLine = i + 1;
    }
    nodes.push(node);
    comments = [];
  }
  if (nodes.length === 0) {
    throw dockerfileError(site(text.length), 'file with no instructions', 'a Dockerfile needs at least a FROM instruction');
  }
  return { nodes, directives, escapeChar: escape as '\\' | '`', warnings, startLine: nodes[0].startLine, endLine: nodes[nodes.length - 1].endLine, index };
}

function canContainHeredoc(node: AstNode): boolean {
  const target = node.keyword === 'onbuild' && node.inner ? node.inner : node;
  return (target.keyword === 'run' || target.keyword === 'copy' || target.keyword === 'add') && !target.json;
}
