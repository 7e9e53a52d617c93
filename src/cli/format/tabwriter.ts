/** Go's text/tabwriter (left-aligned, padchar ' ', flags 0) over a whole text. */

/** Go tabwriter.NewWriter parameters; defaults are docker's table settings (10, 1, 3, ' '). */
export interface TabWriterOptions {
  minWidth?: number;
  padding?: number;
}

interface Cell {
  text: string;
  width: number;
}

const SURROGATE_PAIR = /[\uD800-\uDBFF][\uDC00-\uDFFF]/;

/** Code points in `text`, as Go counts a cell's width (spreading only the rare strings with surrogate pairs). */
function runeCount(text: string): number {
  return SURROGATE_PAIR.test(text) ? [...text].length : text.length;
}

/**
 * Aligns tab-terminated cells into columns exactly as Go's tabwriter does: a column block is a
 * run of consecutive lines having that column; its width is the widest cell plus padding, at
 * least minWidth; the last cell of a line (after the last tab) is not part of any column.
 */
export function alignTabs(text: string, options: TabWriterOptions = {}): string {
  const minWidth = options.minWidth ?? 10;
  const padding = options.padding ?? 3;
  const lines: Cell[][] = text.split('\n').map((line) => line.split('\t').map((t) => ({ text: t, width: runeCount(t) })));
  const out: string[] = [];
  const widths: number[] = [];

  const writeLines = (from: number, to: number): void => {
    for (let i = from; i < to; i++) {
      const cells = lines[i];
      let line = '';
      cells.forEach((c, j) => {
        line += c.text;
        if (j < widths.length && j < cells.length - 1) line += ' '.repeat(Math.max(widths[j] - c.width, 0));
      });
      out.push(line);
    }
  };
  const format = (line0: number, line1: number): void => {
    const column = widths.length;
    for (let row = line0; row < line1; row++) {
      if (column >= lines[row].length - 1) continue;
      writeLines(line0, row);
      line0 = row;
      let width = minWidth;
      for (; row < line1 && column < lines[row].length - 1; row++) width = Math.max(width, lines[row][column].width + padding);
      widths.push(width);
      format(line0, row);
      widths.pop();
      line0 = row;
      row--;
    }
    writeLines(line0, line1);
  };
  format(0, lines.length);
  return out.join('\n');
}
