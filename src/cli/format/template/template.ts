/**
 * Public face of the Go text/template engine: parse once, execute against JS data.
 * Semantics follow Go's text/template as docker's CLI configures it (docker's functions added).
 */

/** A template function: receives the evaluated arguments, returns a value or throws an Error (its message is reported like Go's). */
export type TemplateFunc = (...args: unknown[]) => unknown;

/** Options fixed when parsing (Go resolves function names at parse time). */
export interface ParseOptions {
  /** Template name shown in errors; docker uses "" (`template: :1:2: …`). */
  name?: string;
  /** Extra or replacing functions, added to Go's builtins and docker's functions. */
  funcs?: Record<string, TemplateFunc>;
}

/** Options for one execution. */
export interface ExecuteOptions {
  /** Go's `missingkey` option for maps: 'default' prints `<no value>`, 'error' fails (docker inspect's raw fallback). */
  missingKey?: 'default' | 'error';
  /**
   * Raw JSON view (docker inspect's fallback): every object is a `map[string]interface{}`,
   * every null is a nil interface, struct/map/nil hints are ignored.
   */
  raw?: boolean;
  /** Go type name of the data root in error messages, e.g. `*formatter.imageContext`. */
  typeName?: string;
}

/** A parsed template, reusable for many executions. */
export interface Template {
  /** The template text as given. */
  readonly source: string;
  /** Template name used in error messages. */
  readonly name: string;
}

/** Parses `text`; throws BerthError('TEMPLATE_PARSE') whose message is Go's (`template: :1: unexpected "}" in operand`). */
export function parseTemplate(text: string, options: ParseOptions = {}): Template {
  void options;
  throw new Error(`not implemented: ${text}`);
}

/** Executes a parsed template; throws BerthError('TEMPLATE_EXEC') whose message is Go's (`template: :1:2: executing "" at <.Foo>: …`). */
export function executeTemplate(template: Template, data: unknown, options: ExecuteOptions = {}): string {
  void data;
  void options;
  throw new Error(`not implemented: ${template.source}`);
}

/** Parses and executes in one step. */
export function renderTemplate(text: string, data: unknown, options: ParseOptions & ExecuteOptions = {}): string {
  return executeTemplate(parseTemplate(text, options), data, options);
}
