// Positions in the source text, and the map from a joined (continuation-free) instruction line
// back to the source.
import type { Position, SourceRange } from '../types.js';

/**
 * Where an instruction is. A class, not an object literal: every instruction keeps one, and V8
 * would move the objects of such a literal straight into the old generation (see typeInstruction).
 */
export class SourceLocation {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly column: number,
  ) {}
}

/** Line starts of a text, for offset → line/column conversion. */
export class LineIndex {
  private readonly starts: number[];
  /** Line (0-based) of the previous lookup: lookups are mostly sequential. */
  private last = 0;

  constructor(readonly text: string) {
    // Counted first so the list is made once at its size instead of grown line by line.
    let lines = 1;
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lines++;
    this.starts = new Array<number>(lines);
    this.starts[0] = 0;
    let line = 1;
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.starts[line++] = i + 1;
  }

  /** How many lines a line reader yields: a final line ending does not open another line. */
  get lineCount(): number {
    const last = this.starts.length - 1;
    return this.starts[last] === this.text.length ? last : last + 1;
  }

  /** Offset where 0-based line `i` starts. */
  lineStart(i: number): number {
    return this.starts[i];
  }

  /** Offset just after 0-based line `i`, its line ending included. */
  lineEnd(i: number): number {
    return this.starts[i + 1] ?? this.text.length;
  }

  /** The 1-based position of a 0-based offset. */
  position(offset: number): Position {
    const line = this.lineIndexOf(offset);
    return { line: line + 1, column: offset - this.starts[line] + 1, offset };
  }

  /** `{ file, line, column }` of a 0-based offset (what typed instructions record). */
  location(file: string, offset: number): SourceLocation {
    const line = this.lineIndexOf(offset);
    return new SourceLocation(file, line + 1, offset - this.starts[line] + 1);
  }

  /** The 0-based line of an offset: the line of the previous lookup or the one after (lookups mostly go forward), else a binary search. */
  private lineIndexOf(offset: number): number {
    for (let near = this.last; near <= this.last + 1 && near < this.starts.length; near++) {
      if (this.starts[near] <= offset && (near + 1 >= this.starts.length || this.starts[near + 1] > offset)) {
        this.last = near;
        return near;
      }
    }
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    this.last = lo;
    return lo;
  }

  /** A range from two offsets (positions are computed when read). */
  range(start: number, end: number): SourceRange {
    return new Span(this, start, end);
  }

  /** The text of a 1-based line, without its line ending. */
  lineText(line: number): string {
    const start = this.starts[line - 1] ?? this.text.length;
    const next = this.starts[line] ?? this.text.length + 1;
    return this.text.slice(start, next - 1).replace(/\r$/, '');
  }
}

/** Line indexes by the object whose `text` they index (a parsed Dockerfile). */
const LINE_INDEXES = new WeakMap<object, LineIndex>();

/** Records that `index` indexes `owner.text`, so lineIndexOf(owner) reuses it. */
export function shareLineIndex(owner: { text: string }, index: LineIndex): void {
  LINE_INDEXES.set(owner, index);
}

/** The line index of `owner.text`: the shared one, else one made now and kept for the next call. */
export function lineIndexOf(owner: { text: string }): LineIndex {
  let index = LINE_INDEXES.get(owner);
  if (!index) LINE_INDEXES.set(owner, (index = new LineIndex(owner.text)));
  return index;
}

/**
 * A SourceRange that stores offsets and computes line/column on access: a parse creates one per
 * argument, and building every Position eagerly dominated parse time through GC.
 */
class Span implements SourceRange {
  constructor(private readonly index: LineIndex, private readonly from: number, private readonly to: number) {}

  get start(): Position {
    return this.index.position(this.from);
  }

  get end(): Position {
    return this.index.position(this.to);
  }

  toJSON(): { start: Position; end: Position } {
    return { start: this.start, end: this.end };
  }
}

/**
 * Maps offsets in a joined instruction line to offsets in the source. One map serves every
 * instruction of a parse, so its segment lists keep their storage across resets.
 */
export class JoinedLineMap {
  /** Segment starts in the joined line and in the source; only the first `segments` are current. */
  private readonly joined: number[] = [0];
  private readonly source: number[] = [0];
  private segments = 1;

  /** Starts mapping a new joined line whose first segment starts at source offset `firstSource`. */
  reset(firstSource: number): void {
    this.source[0] = firstSource;
    this.segments = 1;
  }

  /** Whether continuation lines were joined (else joined offsets are source offsets from the start). */
  get continued(): boolean {
    return this.segments > 1;
  }

  /** Records that the joined line continues at `joinedOffset` with source text at `sourceOffset`. */
  add(joinedOffset: number, sourceOffset: number): void {
    const at = this.segments++;
    if (at === this.joined.length) {
      this.joined.push(joinedOffset);
      this.source.push(sourceOffset);
    } else {
      this.joined[at] = joinedOffset;
      this.source[at] = sourceOffset;
    }
  }

  /** Source offset of the character at a joined offset. */
  toSource(joinedOffset: number): number {
    let lo = 0;
    let hi = this.segments - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.joined[mid] <= joinedOffset) lo = mid;
      else hi = mid - 1;
    }
    return this.source[lo] + (joinedOffset - this.joined[lo]);
  }
}
