// Compact AST objects: source ranges are kept as offsets and turned into line/column positions
// only when read, and the original text is sliced from the source on demand, so a parsed
// instruction holds a few numbers instead of range objects and duplicate strings.
import type { AstNode, Flag, Heredoc, SourceRange, Word } from '../types.js';
import type { LineIndex } from './source.js';

/** A shared empty list for nodes without flags, heredocs or comments (never mutated). */
export const EMPTY: never[] = Object.freeze([]) as unknown as never[];

/** An argument word: its value and the source offsets [from, to) it came from. */
export class SourceWord implements Word {
  constructor(readonly value: string, private readonly index: LineIndex, readonly start: number, private readonly end: number) {}

  get range(): SourceRange {
    return this.index.range(this.start, this.end);
  }

  toJSON(): Word {
    return { value: this.value, range: this.range };
  }
}

/** A flag as written; `range` is computed from its source offsets when read. */
export class SourceFlag implements Flag {
  constructor(readonly name: string, readonly value: string | undefined, readonly original: string, private readonly index: LineIndex, readonly start: number, private readonly end: number) {}

  get range(): SourceRange {
    return this.index.range(this.start, this.end);
  }

  toJSON(): Flag {
    return { name: this.name, value: this.value, original: this.original, range: this.range };
  }
}

/**
 * Where the arguments of consecutive nodes of one parse are kept: their values in one list and
 * their source offsets [start, end) in a typed array, which the garbage collector neither scans
 * nor copies. A node keeps the chunk and where its own arguments start: a list (or an object per
 * argument) per node cost more to allocate and collect than the values.
 */
export class ArgumentChunk {
  readonly values: string[];
  readonly offsets: Int32Array;
  /** How many arguments are stored. */
  used = 0;

  constructor(
    /** The source the offsets point into. */
    readonly index: LineIndex,
    capacity: number,
  ) {
    this.values = new Array<string>(capacity);
    this.offsets = new Int32Array(2 * capacity);
  }

  /** Room left, in arguments. */
  get free(): number {
    return this.values.length - this.used;
  }

  /** Stores one argument. */
  push(value: string, start: number, end: number): void {
    this.offsets[2 * this.used] = start;
    this.offsets[2 * this.used + 1] = end;
    this.values[this.used++] = value;
  }
}

/** One keyword spelling as written and lowercased, shared by the nodes that spell it so. */
export interface KeywordSpelling {
  text: string;
  lower: string;
}

/**
 * What a node on continued lines keeps besides its offsets: the joined text differs from the
 * source there, and its pieces do not sit at fixed distances from the start.
 */
export interface ContinuedText {
  text: string;
  keywordEnd: number;
  restStart: number;
  restEnd: number;
  /** ONBUILD's inner node: its original text is the joined text, as BuildKit keeps it. */
  nested: boolean;
}

/** What few nodes have, kept apart so the others stay small. */
interface NodeExtras {
  comments: string[];
  inner: SyntaxNode | undefined;
  continued: ContinuedText | undefined;
  heredocs: Heredoc[];
}

/**
 * BuildKit's AST node with offsets instead of range objects and strings computed from the source
 * when read (see AstNode for the fields).
 */
export class SyntaxNode implements AstNode {
  startLine = 0;
  endLine = 0;
  /** Comments, inner node, continuation text and heredocs; undefined when the node has none. */
  private extras: NodeExtras | undefined;

  /**
   * `start`: source offset of the keyword; `end`: of the end (set again by the parser after
   * heredoc bodies); `textLength`, `restFrom`, `restTo`: length of the joined instruction text and
   * where the text after keyword and flags sits in it; `continued`: set when continuation lines
   * were joined (on one line the joined text is the source from `start`).
   */
  constructor(
    private readonly spelling: KeywordSpelling,
    readonly flags: SourceFlag[],
    private readonly chunk: ArgumentChunk,
    private readonly argFrom: number,
    /** How many arguments the node has. */
    readonly argCount: number,
    readonly json: boolean,
    inner: SyntaxNode | undefined,
    comments: string[],
    readonly start: number,
    public end: number,
    private readonly textLength: number,
    private readonly restFrom: number,
    private readonly restTo: number,
    continued: ContinuedText | undefined,
  ) {
    if (inner || continued || comments.length > 0) this.extras = { comments, inner, continued, heredocs: EMPTY };
  }

  /** The comment lines right above the instruction. */
  get comments(): string[] {
    return this.extras ? this.extras.comments : EMPTY;
  }

  /** ONBUILD's wrapped instruction. */
  get inner(): SyntaxNode | undefined {
    return this.extras?.inner;
  }

  /** The heredoc bodies, in order. */
  get heredocs(): Heredoc[] {
    return this.extras ? this.extras.heredocs : EMPTY;
  }

  set heredocs(bodies: Heredoc[]) {
    this.extras ??= { comments: EMPTY, inner: undefined, continued: undefined, heredocs: EMPTY };
    this.extras.heredocs = bodies;
  }

  private get continued(): ContinuedText | undefined {
    return this.extras?.continued;
  }

  private get index(): LineIndex {
    return this.chunk.index;
  }

  get keyword(): string {
    return this.spelling.lower;
  }

  get keywordText(): string {
    return this.spelling.text;
  }

  /** The instruction text with continuations joined and comments removed. */
  get text(): string {
    return this.continued ? this.continued.text : this.index.text.slice(this.start, this.start + this.textLength);
  }

  /** The argument words, built on each read (the node keeps them in its ArgumentChunk). */
  get args(): SourceWord[] {
    const { values, offsets } = this.chunk;
    const words: SourceWord[] = [];
    for (let k = this.argFrom; k < this.argFrom + this.argCount; k++) words.push(new SourceWord(values[k], this.index, offsets[2 * k], offsets[2 * k + 1]));
    return words;
  }

  /** A new list of the argument values (sized exactly: typed instructions keep it). */
  argValues(): string[] {
    return this.chunk.values.slice(this.argFrom, this.argFrom + this.argCount);
  }

  /** The value of argument `i` (no list is built). */
  argValue(i: number): string {
    return this.chunk.values[this.argFrom + i];
  }

  /** Source offset where argument `i` starts; undefined when there is no such argument. */
  argStart(i: number): number | undefined {
    return i < this.argCount ? this.chunk.offsets[2 * (this.argFrom + i)] : undefined;
  }

  get keywordRange(): SourceRange {
    return this.index.range(this.start, this.continued ? this.continued.keywordEnd : this.start + this.spelling.text.length);
  }

  get rest(): string {
    if (this.continued) return this.continued.text.slice(this.restFrom, this.restTo);
    return this.index.text.slice(this.start + this.restFrom, this.start + this.restTo);
  }

  get restRange(): SourceRange {
    if (this.continued) return this.index.range(this.continued.restStart, this.continued.restEnd);
    return this.index.range(this.start + this.restFrom, this.start + this.restTo);
  }

  get range(): SourceRange {
    return this.index.range(this.start, this.end);
  }

  /** The whole instruction as written (continuations, heredoc bodies and inner comments included). */
  get original(): string {
    return this.continued?.nested ? this.continued.text : this.index.text.slice(this.start, this.end);
  }

  toJSON(): AstNode {
    const { keyword, keywordText, keywordRange, flags, args, json, heredocs, inner, original, text, rest, restRange, comments, range, startLine, endLine } = this;
    return { keyword, keywordText, keywordRange, flags, args, json, heredocs, inner, original, text, rest, restRange, comments, range, startLine, endLine };
  }
}
