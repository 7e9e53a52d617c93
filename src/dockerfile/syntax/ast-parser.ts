// Text → AST, following BuildKit's parser.Parse line by line: directives, comments, line
// continuations, heredoc bodies; every node keeps its source range.
import type { AstNode, Diagnostic, Directive, Heredoc } from '../types.js';
import { dockerfileError } from '../errors.js';
import { DirectiveParser } from './directives.js';
import { isGoSpaceCode } from './go-text.js';
import { detectHeredocs } from './heredoc.js';
import { LineParseError } from './line-parsers.js';
import { buildNode, type NodeContext } from './node-builder.js';
import { JoinedLineMap, LineIndex } from './source.js';
import { FlatPieces } from './words.js';
import { ArgumentChunk, EMPTY, type SyntaxNode } from './syntax-node.js';

/** The raw syntax tree of a Dockerfile. */
export interface AstParseResult {
  nodes: SyntaxNode[];
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

/** Go's bytes.TrimRight(line, "\r\n") for the line text[start, end): where its content ends. */
function contentEnd(text: string, start: number, end: number): number {
  while (end > start && (text.charCodeAt(end - 1) === 10 || text.charCodeAt(end - 1) === 13)) end--;
  return end;
}

/** Offset of the first character of text[start, end) that is not a Go space (`end` when none). */
function skipSpace(text: string, start: number, end: number): number {
  while (start < end && isGoSpaceCode(text.charCodeAt(start))) start++;
  return start;
}

/**
 * BuildKit's trimContinuationCharacter on text[start, end): where the kept text ends. It is `end`
 * when the line ends the instruction, and before the escape character when the line continues.
 */
function trimContinuation(text: string, start: number, end: number, escape: string): number {
  let j = end;
  // space, tab
  while (j > start && (text.charCodeAt(j - 1) === 32 || text.charCodeAt(j - 1) === 9)) j--;
  const esc = escape.charCodeAt(0);
  if (j > start && text.charCodeAt(j - 1) === esc && (j === start + 1 || text.charCodeAt(j - 2) !== esc)) return j - 1;
  return end;
}

/** Parses Dockerfile text into BuildKit's AST. Throws a located BerthError on syntax errors. */
export function parseAst(input: string, filename = 'Dockerfile'): AstParseResult {
  const text = input;
  const index = new LineIndex(text);
  const site = (offset: number) => ({ file: filename, index, offset });
  const lineCount = index.lineCount;
  const bom = text.startsWith('\ufeff');
  const lineStart = (i: number) => (i === 0 && bom ? 1 : index.lineStart(i));
  const directiveParser = new DirectiveParser();
  const directives: Directive[] = [];
  // At most one node per line; made at that size and trimmed, instead of copied as it grows.
  const nodes = new Array<SyntaxNode>(lineCount);
  let nodeCount = 0;
  const warnings: Diagnostic[] = [];
  let escape = '\\';
  let comments: string[] = EMPTY;
  /** Created at the first instruction: directives (the escape character) come before it. */
  let ctx: NodeContext | undefined;
  /** Reset for each instruction (only the current one's offsets are mapped). */
  const map = new JoinedLineMap();

  for (let i = 0; i < lineCount; i++) {
    const start = lineStart(i);
    const end = index.lineEnd(i);
    if (end - start > MAX_LINE_BYTES / 4 && Buffer.byteLength(text.slice(start, end)) > MAX_LINE_BYTES) {
      throw dockerfileError(site(start), `dockerfile line greater than max allowed size of ${MAX_LINE_BYTES - 1}`, 'split the line with \\ continuations');
    }
  }
  for (let i = 0; i < lineCount; i++) {
    const start = lineStart(i);
    const rawEnd = index.lineEnd(i);
    const end = contentEnd(text, start, rawEnd);
    const first = skipSpace(text, start, end);
    const isComment = first < end && text[first] === '#';
    if (isComment) {
      const comment = text.slice(start + 1, rawEnd).trim();
      comments = comment === '' ? EMPTY : [...comments, comment];
    }
    if (!directiveParser.finished) {
      let found;
      try {
        found = directiveParser.parseLine(text.slice(first, end));
      } catch (err) {
        throw dockerfileError(site(start), (err as Error).message, 'remove the repeated directive');
      }
      if (found) {
        comments = comments.slice(0, -1);
        if (found.name === 'escape') {
          if (found.value !== '`' && found.value !== '\\') throw dockerfileError(site(start), `invalid escape token '${found.value}' does not match \` or \\`, 'use # escape=` or # escape=\\');
          escape = found.value;
        }
        directives.push({ name: found.name, value: found.value, range: index.range(first, end) });
      }
    }
    if (isComment || first === end) continue;
    const startLine = i + 1;
    let keptEnd = trimContinuation(text, first, end, escape);
    let endOfLine = keptEnd === end;
    let joined = text.slice(first, keptEnd);
    map.reset(first);
    let endOffset = end;
    let hasEmptyContinuation = false;
    while (!endOfLine && i + 1 < lineCount) {
      const next = lineStart(++i);
      const nextEnd = contentEnd(text, next, index.lineEnd(i));
      endOffset = nextEnd;
      const nextFirst = skipSpace(text, next, nextEnd);
      if (nextFirst < nextEnd && text[nextFirst] === '#') continue;
      if (nextFirst === nextEnd) {
        hasEmptyContinuation = true;
        continue;
      }
      keptEnd = trimContinuation(text, next, nextEnd, escape);
      endOfLine = keptEnd === nextEnd;
      map.add(joined.length, next);
      joined += text.slice(next, keptEnd);
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
    let node;
    ctx ??= { index, escape, keywords: [], flags: new Map(), pieces: new FlatPieces(), args: new ArgumentChunk(index, 0), rest: { text: '', offset: 0, escape } };
    try {
      node = buildNode(joined, 0, map, ctx, comments);
    } catch (err) {
      if (err instanceof LineParseError) throw dockerfileError(site(map.toSource(err.offset)), err.message, err.hint);
      throw err;
    }
    const heredocs = canContainHeredoc(node) && joined.includes('<<') ? detectHeredocs(joined, site(first)) : EMPTY;
    // Sized exactly: the node keeps the list.
    const bodies = heredocs.length === 0 ? EMPTY : new Array<Heredoc>(heredocs.length);
    for (let h = 0; h < heredocs.length; h++) {
      const doc = heredocs[h];
      const bodyStart = i + 1 < lineCount ? lineStart(i + 1) : text.length;
      let bodyEnd = -1;
      while (i + 1 < lineCount) {
        const next = lineStart(++i);
        const nextEnd = contentEnd(text, next, index.lineEnd(i));
        endOffset = nextEnd;
        let from = next;
        if (doc.chomp) while (from < nextEnd && text[from] === '\t') from++;
        if (nextEnd - from === doc.name.length && text.startsWith(doc.name, from)) {
          bodyEnd = next;
          break;
        }
      }
      if (bodyEnd < 0) {
        throw dockerfileError(site(first), `unterminated heredoc ${doc.name} (started on line ${startLine})`, `end the heredoc with a line containing only ${doc.name}`);
      }
      const content = text.slice(bodyStart, bodyEnd);
      // One literal with every field: spreading the marker into a new object was the slow path.
      const body: Heredoc = { name: doc.name, expand: doc.expand, chomp: doc.chomp, content: doc.chomp ? content.replace(/(^|\n)\t+/g, '$1') : content, range: index.range(bodyStart, endOffset) };
      if (doc.fileDescriptor !== undefined) body.fileDescriptor = doc.fileDescriptor;
      bodies[h] = body;
    }
    if (bodies.length > 0) {
      node.heredocs = bodies;
      if (node.keyword === 'onbuild' && node.inner) node.inner.heredocs = bodies;
    }
    node.end = endOffset;
    node.startLine = startLine;
    node.endLine = i + 1;
    if (node.inner) {
      node.inner.startLine = startLine;
      node.inner.endLine = i + 1;
    }
    nodes[nodeCount++] = node;
    comments = EMPTY;
  }
  nodes.length = nodeCount;
  if (nodes.length === 0) {
    throw dockerfileError(site(text.length), 'file with no instructions', 'a Dockerfile needs at least a FROM instruction');
  }
  return { nodes, directives, escapeChar: escape as '\\' | '`', warnings, startLine: nodes[0].startLine, endLine: nodes[nodes.length - 1].endLine, index };
}

function canContainHeredoc(node: AstNode): boolean {
  const target = node.keyword === 'onbuild' && node.inner ? node.inner : node;
  return (target.keyword === 'run' || target.keyword === 'copy' || target.keyword === 'add') && !target.json;
}
