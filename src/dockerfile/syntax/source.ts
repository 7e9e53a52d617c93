// Positions in the source text, and the map from a joined (continuation-free) instruction line
// back to the source.
import type { Position, SourceRange } from '../types.js';

/** Line starts of a text, for offset → line/column conversion. */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(readonly text: string) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }

  /** The 1-based position of a 0-based offset. */
  position(offset: number): Position {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - this.starts[lo] + 1, offset };
  }

  /** A range from two offsets. */
  range(start: number, end: number): SourceRange {
    return { start: this.position(start), end: this.position(end) };
  }

  /** The text of a 1-based line, without its line ending. */
  lineText(line: number): string {
    const start = this.starts[line - 1] ?? this.text.length;
    const next = this.starts[line] ?? this.text.length + 1;
    return this.text.slice(start, next - 1).replace(/\r$/, '');
  }
}

/** Maps offsets in a joined instruction line to offsets in the source. */
export class JoinedLineMap {
  private readonly joined: number[] = [];
  private readonly source: number[] = [];

  /** Records that the joined line continues at `joinedOffset` with source text at `sourceOffset`. */
  add(joinedOffset: number, sourceOffset: number): void {
    this.joined.push(joinedOffset);
    this.source.push(sourceOffset);
  }

  /** Source offset of the character at a joined offset. */
  toSource(joinedOffset: number): number {
    let lo = 0;
    let hi = this.joined.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.joined[mid] <= joinedOffset) lo = mid;
      else hi = mid - 1;
    }
    return this.source[lo] + (joinedOffset - this.joined[lo]);
  }

  /** Source [start, end) of a joined [start, end) span. */
  span(start: number, end: number): [number, number] {
    const s = this.toSource(start);
    return [s, end > start ? this.toSource(end - 1) + 1 : s];
  }

  /** A map for a substring starting at `offset` of the joined line. */
  shifted(offset: number): JoinedLineMap {
    const m = new JoinedLineMap();
    m.add(0, this.toSource(offset));
    for (let i = 0; i < this.joined.length; i++) if (this.joined[i] > offset) m.add(this.joined[i] - offset, this.source[i]);
    return m;
  }
}
