// Compact AST objects: source ranges are kept as offsets and turned into line/column positions
// only when read, and the original text is sliced from the source on demand, so a parsed
// instruction holds a few numbers instead of range objects and duplicate strings.
import type { AstNode, Flag, Heredoc, SourceRange, Word } from '../types.js';
import type { LineIndex } from './source.js';

/** A shared empty list for nodes without flags, heredocs or comments (never mutated). */
export const EMPTY: never[] = Object.freeze([]) as unknown as never[];

/** An argument word: its value and the source offsets [from, to) it came from. */
export class SourceWord implements Word {
  constructor(readonly value: string, private readonly index: LineIndex, private readonly from: number, private readonly to: number) {}

  get range(): SourceRange {
    return this.index.range(this.from, this.to);
  }

  toJSON(): Word {
    return { value: this.value, range: this.range };
  }
}

/** A flag as written; `range` is computed from its source offsets when read. */
export class SourceFlag implements Flag {
  constructor(readonly name: string, readonly value: string | undefined, readonly original: string, private readonly index: LineIndex, private readonly from: number, private readonly to: number) {}

  get range(): SourceRange {
    return this.index.range(this.from, this.to);
  }

  toJSON(): Flag {
    return { name: this.name, value: this.value, original: this.original, range: this.range };
  }
}

/** Source offsets of a node: the instruction, its keyword and the text after keyword and flags. */
export interface NodeOffsets {
  start: number;
  end: number;
  keywordEnd: number;
  restStart: number;
  restEnd: number;
  /** Where the rest starts and ends in `text` (the joined instruction text). */
  restFrom: number;
  restTo: number;
}

/** BuildKit's AST node with offsets instead of range objects (see AstNode for the fields). */
export class SyntaxNode implements AstNode {
  heredocs: Heredoc[] = EMPTY;
  startLine = 0;
  endLine = 0;
  /** Source offset where the instruction starts. */
  start: number;
  /** Source offset where the instruction ends (after heredoc bodies, once the parser set it). */
  end: number;
  private readonly keywordEnd: number;
  private readonly restStart: number;
  private readonly restEnd: number;
  private readonly restFrom: number;
  private readonly restTo: number;

  constructor(
    readonly keyword: string,
    readonly keywordText: string,
    readonly flags: Flag[],
    readonly args: Word[],
    readonly json: boolean,
    readonly inner: AstNode | undefined,
    readonly text: string,
    readonly comments: string[],
    private readonly index: LineIndex,
    offsets: NodeOffsets,
  ) {
    this.start = offsets.start;
    this.end = offsets.end;
    this.keywordEnd = offsets.keywordEnd;
    this.restStart = offsets.restStart;
    this.restEnd = offsets.restEnd;
    this.restFrom = offsets.restFrom;
    this.restTo = offsets.restTo;
  }

  get keywordRange(): SourceRange {
    return this.index.range(this.start, this.keywordEnd);
  }

  get rest(): string {
    return this.text.slice(this.restFrom, this.restTo);
  }

  get restRange(): SourceRange {
    return this.index.range(this.restStart, this.restEnd);
  }

  get range(): SourceRange {
    return this.index.range(this.start, this.end);
  }

  /** The instruction as written, sliced from the source (the joined text when it is the same). */
  get original(): string {
    const source = this.index.text;
    return this.end - this.start === this.text.length && source.startsWith(this.text, this.start) ? this.text : source.slice(this.start, this.end);
  }

  toJSON(): AstNode {
    const { keyword, keywordText, keywordRange, flags, args, json, heredocs, inner, original, text, rest, restRange, comments, range, startLine, endLine } = this;
    return { keyword, keywordText, keywordRange, flags, args, json, heredocs, inner, original, text, rest, restRange, comments, range, startLine, endLine };
  }
}
