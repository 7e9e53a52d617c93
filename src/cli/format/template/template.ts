/**
 * Public face of the Go text/template engine: parse once, execute against JS data.
 * Semantics follow Go's text/template as docker's CLI configures it (docker's functions added).
 */

import { BerthError } from '../../../core/errors.js';
import { execute, TemplateExecError } from './exec.js';
import { BUILTINS, DOCKER_FUNCS, userFunc, type FuncSpec } from './funcs.js';
import type { TreeSet } from './nodes.js';
import { parse, TemplateSyntaxError } from './parser.js';

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

interface ParsedTemplate extends Template {
  readonly trees: TreeSet;
  readonly funcs: Record<string, FuncSpec>;
}

/** Parses `text`; throws BerthError('TEMPLATE_PARSE') whose message is Go's (`template: :1: unexpected "}" in operand`). */
export function parseTemplate(text: string, options: ParseOptions = {}): Template {
  const name = options.name ?? '';
  const funcs: Record<string, FuncSpec> = { ...DOCKER_FUNCS };
  for (const [key, fn] of Object.entries(options.funcs ?? {})) funcs[key] = userFunc(fn);
  return parseWithSpecs(text, name, funcs);
}

/** Parses with engine-level function specs (docker's header functions use this). */
export function parseWithSpecs(text: string, name: string, funcs: Record<string, FuncSpec>): Template {
  const known = (fn: string): boolean => fn in funcs || fn in BUILTINS || fn === 'and' || fn === 'or';
  try {
    const parsed: ParsedTemplate = { source: text, name, funcs, trees: parse(name, text, known) };
    return parsed;
  } catch (e) {
    if (e instanceof TemplateSyntaxError) throw new BerthError('TEMPLATE_PARSE', e.message);
    throw e;
  }
}

function run(template: Template, data: unknown, options: ExecuteOptions): string {
  const parsed = template as ParsedTemplate;
  return execute(parsed.trees, data, {
    name: parsed.name,
    text: parsed.source,
    funcs: parsed.funcs,
    raw: options.raw ?? false,
    missingKeyError: options.missingKey === 'error',
    rootTypeName: options.typeName,
  });
}

/** Executes a parsed template; throws BerthError('TEMPLATE_EXEC') whose message is Go's (`template: :1:2: executing "" at <.Foo>: …`). */
export function executeTemplate(template: Template, data: unknown, options: ExecuteOptions = {}): string {
  try {
    return run(template, data, options);
  } catch (e) {
    if (e instanceof TemplateExecError) throw new BerthError('TEMPLATE_EXEC', e.message);
    throw e;
  }
}

/** Executes and returns the output, or on an execution error what was printed before it (docker's table headers). */
export function executeUntilError(template: Template, data: unknown): string {
  try {
    return run(template, data, {});
  } catch (e) {
    if (e instanceof TemplateExecError) return e.output;
    throw e;
  }
}

/** Parses and executes in one step. */
export function renderTemplate(text: string, data: unknown, options: ParseOptions & ExecuteOptions = {}): string {
  return executeTemplate(parseTemplate(text, options), data, options);
}
