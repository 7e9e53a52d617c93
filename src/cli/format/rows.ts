/** docker's formatter.Context: `--format` over a list of rows (table, json, or a plain template). */

/** What a command tells formatRows about its rows. */
export interface FormatRowsOptions {
  /** The format used when `--format` is empty, e.g. `table {{.ID}}\t{{.Image}}` (docker's default for the command). */
  defaultFormat: string;
  /** Row field name → table header label, e.g. `{ ID: 'IMAGE ID', Repository: 'REPOSITORY' }` (docker's SubHeaderContext). */
  headers: Record<string, string>;
  /** Go type name of a row in error messages, e.g. `*formatter.imageContext`. */
  typeName: string;
}

/** True for docker's `table …` formats. */
export function isTableFormat(format: string): boolean {
  return format.startsWith('table');
}

/** True for `--format json` (docker 24+: one JSON object per line). */
export function isJsonFormat(format: string): boolean {
  return format === 'json';
}

/**
 * Renders `rows` like docker's formatter: `table …` prints a header row (labels from `headers`)
 * and aligns columns like docker's tabwriter; `json` prints each row as one JSON line with sorted
 * keys; anything else is a Go template executed per row, each followed by a newline.
 * Row values are usually strings already formatted by the command; function-valued properties are
 * methods callable with arguments (`{{.Label "k"}}`). Returns the whole stdout text.
 * Throws BerthError('TEMPLATE_PARSE' | 'TEMPLATE_EXEC') with docker's message.
 */
export function formatRows(format: string | undefined, rows: object[], options: FormatRowsOptions): string {
  void rows;
  void options;
  throw new Error(`not implemented: ${format}`);
}
