/** docker's inspect output (cli/command/inspect): indented JSON or a template per object. */
import { BerthError } from '../../core/errors.js';
import { applyGoType, IMAGE_INSPECT_TYPE, type StructType } from './gotypes.js';
import { CONTAINER_INSPECT_TYPE } from './gotypes-container.js';
import { encodeJson } from './template/json.js';
import { executeTemplate, parseTemplate } from './template/template.js';

/** The Go struct an inspected object stands for: `image` is types.ImageInspect, `container` types.ContainerJSON, or any StructType. */
export type InspectKind = 'image' | 'container' | StructType;

/** What formatInspect knows about the objects. */
export interface InspectOptions {
  /**
   * The Go struct of all objects, or one per object (`docker inspect` mixing containers and
   * images), so typed printing matches docker's. Without it, objects are typed by guess (see index.ts).
   */
  kind?: InspectKind | (InspectKind | undefined)[];
}

function goTypeOf(kind: InspectKind | undefined): StructType | undefined {
  return kind === 'image' ? IMAGE_INSPECT_TYPE : kind === 'container' ? CONTAINER_INSPECT_TYPE : kind;
}

/** stdout text and the per-object errors (docker prints them joined by newlines on stderr and exits 1). */
export interface InspectResult {
  output: string;
  errors: string[];
}

/** Go's json.Indent of compact JSON with docker's 4-space indent (`[]` and `{}` stay closed). */
function indentJson(compact: string): string {
  let out = '';
  let depth = 0;
  let inString = false;
  const newline = (): string => '\n' + '    '.repeat(depth);
  for (let i = 0; i < compact.length; i++) {
    const c = compact[i];
    if (inString) {
      out += c;
      if (c === '\\') out += compact[++i];
      else if (c === '"') inString = false;
    } else if (c === '"') {
      inString = true;
      out += c;
    } else if (c === '{' || c === '[') {
      const close = c === '{' ? '}' : ']';
      if (compact[i + 1] === close) {
        out += c + close;
        i++;
      } else {
        depth++;
        out += c + newline();
      }
    } else if (c === '}' || c === ']') {
      depth--;
      out += newline() + c;
    } else if (c === ',') out += ',' + newline();
    else if (c === ':') out += ': ';
    else out += c;
  }
  return out;
}

/**
 * Renders inspect results like docker: with no format (or `json`) a JSON array indented with 4
 * spaces (as the daemon sends it: HTML characters not escaped); otherwise the template per item,
 * executed first on the typed view and, if that fails, on the raw JSON view with
 * missingkey=error, one output line per item (a lone newline when nothing printed).
 * A template that does not parse throws BerthError('TEMPLATE_PARSE', 'template parsing error: …')
 * with exit status 64, as docker; execution errors are returned per item.
 */
export function formatInspect(format: string | undefined, items: unknown[], options: InspectOptions = {}): InspectResult {
  if (format === undefined || format === '' || format === 'json') {
    return { output: indentJson(encodeJson(items, false, false)) + '\n', errors: [] };
  }
  let template;
  try {
    template = parseTemplate(format);
  } catch (e) {
    if (e instanceof BerthError) throw new BerthError(e.code, `template parsing error: ${e.message}`, { exitCode: 64 });
    throw e;
  }
  let output = '';
  const errors: string[] = [];
  // docker's raw fallback sets missingkey=error on the shared template (Template.Option mutates
  // it), so every later object's typed attempt runs with it too.
  let missingKey: 'default' | 'error' = 'default';
  for (const [index, item] of items.entries()) {
    const type = goTypeOf(Array.isArray(options.kind) ? options.kind[index] : options.kind);
    try {
      output += executeTemplate(template, type ? applyGoType(item, type) : item, { missingKey }) + '\n';
    } catch (typedError) {
      if (!(typedError instanceof BerthError)) throw typedError;
      missingKey = 'error';
      try {
        output += executeTemplate(template, item, { raw: true, missingKey: 'error' }) + '\n';
      } catch (e) {
        if (!(e instanceof BerthError)) throw e;
        errors.push(`template parsing error: ${e.message}`);
      }
    }
  }
  return { output: output === '' ? '\n' : output, errors };
}
