/** docker's formatter.Context: `--format` over a list of rows (table, json, or a plain template). */
import { BerthError } from '../../core/errors.js';
import { effectiveFormat, formatFieldRows, isTableFormat, preFormat } from './field-rows.js';
import { alignTabs } from './tabwriter.js';
import { DOCKER_FUNCS, HEADER_FUNCS } from './template/funcs.js';
import { executeTemplate, executeUntilError, parseWithSpecs } from './template/template.js';
import { goMap, goStruct, marshalsAsMap } from './template/values.js';

/** What a command tells formatRows about its rows. */
export interface FormatRowsOptions {
  /** The format used when `--format` is empty or `table`, e.g. `table {{.ID}}\t{{.Image}}` (docker's default for the command and flags). */
  defaultFormat: string;
  /** Row field name → table header label, e.g. `{ ID: 'IMAGE ID', Repository: 'REPOSITORY' }` (docker's SubHeaderContext). */
  headers: Record<string, string>;
  /** Go type name of a row in error messages, e.g. `*formatter.imageContext`. */
  typeName: string;
}

function templateError(e: unknown): never {
  if (e instanceof BerthError) throw new BerthError(e.code, `template parsing error: ${e.message}`);
  throw e;
}

/**
 * Renders `rows` like docker's formatter: `table …` prints a header row (labels from `headers`)
 * and aligns columns like docker's tabwriter; `json` prints each row as one JSON line with sorted
 * keys; anything else is a Go template executed per row, each followed by a newline.
 * Row values are usually strings already formatted by the command; function-valued properties are
 * methods callable with arguments (`{{.Label "k"}}`). Returns the whole stdout text.
 * Throws BerthError('TEMPLATE_PARSE' | 'TEMPLATE_EXEC') with docker's message
 * (`template parsing error: template: :1:2: executing "" at <.Foo>: …`); nothing is printed then.
 */
export function formatRows(format: string | undefined, rows: object[], options: FormatRowsOptions): string {
  const plain = formatFieldRows(format, rows, options);
  if (plain !== undefined) return plain;
  const given = effectiveFormat(format, options.defaultFormat);
  const body = preFormat(given);
  let text = '';
  try {
    const template = parseWithSpecs(body, '', DOCKER_FUNCS);
    for (const row of rows) text += executeTemplate(template, marshalsAsMap(goStruct(row, options.typeName))) + '\n';
  } catch (e) {
    templateError(e);
  }
  if (!isTableFormat(given)) return text;
  return alignTabs(`${tableHeader(body, options.headers)}\n${text}`);
}

/**
 * docker renders the header by executing the row template over its SubHeaderContext map with
 * HeaderFunctions; errors leave what was printed so far. The map's Label method turns
 * `{{.Label "com.example.my-label"}}` into the header `my label`.
 */
function tableHeader(body: string, headers: Record<string, string>): string {
  const header = parseWithSpecs(body, '', { ...DOCKER_FUNCS, ...HEADER_FUNCS });
  const label = (name: string): string => (name.split('.').pop() ?? '').replace(/[-_]/g, ' ');
  return executeUntilError(header, goMap({ ...headers, Label: label }));
}

/**
 * docker ps's check before listing: the whole `--format` (with any `table` prefix, unprocessed) is
 * parsed and executed once against an empty row. Throws BerthError with docker's
 * `failed to parse template: …` / `failed to execute template: …` messages.
 */
export function checkRowsFormat(format: string, emptyRow: object, typeName: string): void {
  let stage = 'parse';
  try {
    const template = parseWithSpecs(format, '', DOCKER_FUNCS);
    stage = 'execute';
    executeTemplate(template, goStruct(emptyRow, typeName));
  } catch (e) {
    if (e instanceof BerthError) throw new BerthError(e.code, `failed to ${stage} template: ${e.message}`);
    throw e;
  }
}
