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
 * The arguments of a node in one flat list, three entries per argument: its value and the source
 * offsets [start, end) it came from (an object per argument cost more than the values).
 */
export type ArgumentList = Array<string | number>;

/** BuildKit's AST node with offsets instead of range objects (see AstNode for the fields). */
export class SyntaxNode implements AstNode {
  heredocs: Heredoc[] = EMPTY;
  startLine = 0;
  endLine = 0;

  /**
   * Source offsets: `start` (the keyword), `end` (set again by the parser after heredoc bodies),
   * `keywordEnd`, and [restStart, restEnd) of the text after keyword and flags, which is
   * text[restFrom, restTo) of the joined instruction text.
   */
  constructor(
    readonly keyword: string,
    readonly keywordText: string,
    readonly flags: SourceFlag[],
    private readonly argList: ArgumentList,
    readonly json: boolean,
    readonly inner: SyntaxNode | undefined,
    readonly text: string,
    readonly comments: string[],
    private readonly index: LineIndex,
    readonly start: number,
    public end: number,
    private readonly keywordEnd: number,
    private readonly restStart: number,
    private readonly restEnd: number,
    private readonly restFrom: number,
    private readonly restTo: number,
  ) {}

  /** The argument words, built on each read (the node stores them as an ArgumentList). */
  get args(): SourceWord[] {
    const words: SourceWord[] = [];
    for (let k = 0; k < this.argList.length; k += 3) words.push(new SourceWord(this.argList[k] as string, this.index, this.argList[k + 1] as number, this.argList[k + 2] as number));
    return words;
  }

  /** A new list of the argument values (sized exactly: typed instructions keep it). */
  argValues(): string[] {
    const values = new Array<string>(this.argList.length / 3);
    for (let k = 0; k < values.length; k++) values[k] = this.argList[3 * k] as string;
    return values;
  }

  /** Source offset where argument `i` starts; undefined when there is no such argument. */
  argStart(i: number): number | undefined {
    return this.argList[i * 3 + 1] as number | undefined;
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
