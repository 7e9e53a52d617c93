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
 * The arguments of consecutive nodes of one parse in one flat list, three entries per argument: its
 * value and the source offsets [start, end) it came from. A node keeps the list and where its own
 * arguments start: a list (or an object per argument) per node cost more to allocate and collect
 * than the values.
 */
export type ArgumentList = Array<string | number>;

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

/**
 * BuildKit's AST node with offsets instead of range objects and strings computed from the source
 * when read (see AstNode for the fields).
 */
export class SyntaxNode implements AstNode {
  heredocs: Heredoc[] = EMPTY;
  startLine = 0;
  endLine = 0;

  /**
   * `start`: source offset of the keyword; `end`: of the end (set again by the parser after
   * heredoc bodies); `textLength`, `restFrom`, `restTo`: length of the joined instruction text and
   * where the text after keyword and flags sits in it; `continued`: set when continuation lines
   * were joined (on one line the joined text is the source from `start`).
   */
  constructor(
    private readonly spelling: KeywordSpelling,
    readonly flags: SourceFlag[],
    private readonly argStore: ArgumentList,
    private readonly argFrom: number,
    /** How many arguments the node has. */
    readonly argCount: number,
    readonly json: boolean,
    readonly inner: SyntaxNode | undefined,
    readonly comments: string[],
    private readonly index: LineIndex,
    readonly start: number,
    public end: number,
    private readonly textLength: number,
    private readonly restFrom: number,
    private readonly restTo: number,
    private readonly continued: ContinuedText | undefined,
  ) {}

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

  /** The argument words, built on each read (the node stores them as an ArgumentList). */
  get args(): SourceWord[] {
    const words: SourceWord[] = [];
    for (let k = this.argFrom; k < this.argFrom + 3 * this.argCount; k += 3) {
      words.push(new SourceWord(this.argStore[k] as string, this.index, this.argStore[k + 1] as number, this.argStore[k + 2] as number));
    }
    return words;
  }

  /** A new list of the argument values (sized exactly: typed instructions keep it). */
  argValues(): string[] {
    const values = new Array<string>(this.argCount);
    for (let k = 0; k < values.length; k++) values[k] = this.argStore[this.argFrom + 3 * k] as string;
    return values;
  }

  /** The value of argument `i` (no list is built). */
  argValue(i: number): string {
    return this.argStore[this.argFrom + 3 * i] as string;
  }

  /** Source offset where argument `i` starts; undefined when there is no such argument. */
  argStart(i: number): number | undefined {
    return i < this.argCount ? (this.argStore[this.argFrom + 3 * i + 1] as number) : undefined;
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
