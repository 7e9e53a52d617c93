/**
 * The common case of docker's formatter without the template engine: a format made only of text
 * and `{{.Field}}` actions over string-valued row fields (every default table format, `-q`), so
 * listing commands need not load the engine to print their default output.
 */
import { alignTabs } from './tabwriter.js';

/** What formatFieldRows needs of a command's row context (see FormatRowsOptions). */
export interface FieldRowsOptions {
  defaultFormat: string;
  headers: Record<string, string>;
}

/** True for docker's `table …` formats. */
export function isTableFormat(format: string): boolean {
  return format.startsWith('table');
}

/** True for `--format json` (docker 24+: one JSON object per line). */
export function isJsonFormat(format: string): boolean {
  return format === 'json';
}

/** The format actually used: docker's default when `--format` is empty or just `table`. */
export function effectiveFormat(format: string | undefined, defaultFormat: string): string {
  return format === undefined || format === '' || format === 'table' ? defaultFormat : format;
}

/** docker's Context.preFormat: strip `table`, trim spaces, turn literal `\t` and `\n` into characters. */
export function preFormat(format: string): string {
  let body = isTableFormat(format) ? format.slice('table'.length) : isJsonFormat(format) ? '{{json .}}' : format;
  body = body.replace(/^ +| +$/g, '');
  return body.replaceAll('\\t', '\t').replaceAll('\\n', '\n');
}

/** `{{.Field}}` with optional spaces inside the delimiters (no trim markers, no chains, no arguments). */
const FIELD_ACTION = /\{\{[ \t\r\n]*\.([A-Za-z_][A-Za-z0-9_]*)[ \t\r\n]*\}\}/g;

/** Splits a template body into text and field names (odd indexes), or undefined when it has other actions. */
function fieldTemplate(body: string): string[] | undefined {
  const parts = body.split(FIELD_ACTION);
  for (let i = 0; i < parts.length; i += 2) if (parts[i].includes('{{')) return undefined;
  return parts;
}

/** One line of the template over `values`, or undefined when a field is not an own string property. */
function render(parts: string[], values: Record<string, unknown>): string | undefined {
  let out = parts[0];
  for (let i = 1; i < parts.length; i += 2) {
    const value = values[parts[i]];
    if (typeof value !== 'string' || !Object.hasOwn(values, parts[i])) return undefined;
    out += value + parts[i + 1];
  }
  return out;
}

/**
 * formatRows' output when the format is plain text and `{{.Field}}` actions whose fields are
 * strings in every row (and, for tables, have a header label): exactly what the template engine
 * prints then. Returns undefined for any other format, which needs the engine.
 */
export function formatFieldRows(format: string | undefined, rows: object[], options: FieldRowsOptions): string | undefined {
  const given = effectiveFormat(format, options.defaultFormat);
  const parts = fieldTemplate(preFormat(given));
  if (parts === undefined) return undefined;
  let text = '';
  for (const row of rows) {
    const line = render(parts, row as Record<string, unknown>);
    if (line === undefined) return undefined;
    text += `${line}\n`;
  }
  if (!isTableFormat(given)) return text;
  // docker's header row maps fields to labels (its Label method aside); a field without a label needs the engine.
  const header = render(parts, { ...options.headers, Label: undefined });
  if (header === undefined) return undefined;
  return alignTabs(`${header}\n${text}`);
}
