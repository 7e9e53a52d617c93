/** Go's template builtins and docker's added functions (cli/templates), with Go's argument typing. */
import { encodeJson } from './json.js';
import { sprint, sprintf, sprintln } from './printf.js';
import { compareStrings, entriesOf, GoNil, isTrue, kindOf, mapTypeOf, numberOf, stringOf, typeName, type Kind } from './values.js';

/** Go parameter types the engine checks arguments against. 'value' is reflect.Value/interface{}. */
export type ParamType = 'value' | 'string' | 'int' | 'strings';

/** What a function sees of the execution besides its arguments. */
export interface CallContext {
  raw: boolean;
}

/** A callable template function with its Go signature. */
export interface FuncSpec {
  params: ParamType[];
  variadic?: ParamType;
  fn: (ctx: CallContext, ...args: unknown[]) => unknown;
}

const fixed = (params: ParamType[], fn: FuncSpec['fn']): FuncSpec => ({ params, fn });
const variadic = (params: ParamType[], rest: ParamType, fn: FuncSpec['fn']): FuncSpec => ({ params, variadic: rest, fn });

type Basic = 'bool' | 'int' | 'float' | 'string';
function basicKind(v: unknown, raw: boolean): Basic | undefined {
  const k: Kind = kindOf(v, raw);
  return k === 'bool' || k === 'int' || k === 'float' || k === 'string' ? k : undefined;
}

function eq(ctx: CallContext, a: unknown, ...rest: unknown[]): boolean {
  if (rest.length === 0) throw new Error('missing argument for comparison');
  const ka = basicKind(a, ctx.raw);
  for (const b of rest) {
    const kb = basicKind(b, ctx.raw);
    const aNil = a === null || a === undefined;
    const bNil = b === null || b === undefined;
    if (ka !== kb) {
      if (!aNil && !bNil) throw new Error('incompatible types for comparison');
      if (aNil && bNil) return true;
      continue;
    }
    if (ka === undefined) {
      const comparable = (x: unknown): boolean => ['invalid', 'nil', 'struct', 'time'].includes(kindOf(x, ctx.raw));
      const [ta, tb] = [typeName(a, ctx.raw), typeName(b, ctx.raw)];
      const show = (x: unknown): string => sprintf('%s', [x], ctx.raw);
      if (ta !== tb && !aNil && !bNil) throw new Error(`non-comparable types ${show(a)}: ${ta}, ${tb}: ${show(b)}`);
      if (!comparable(b)) throw new Error(`non-comparable type ${show(b)}: ${tb}`);
      if (aNil || bNil ? aNil === bNil : encodeJson(a, false, ctx.raw) === encodeJson(b, false, ctx.raw)) return true;
      continue;
    }
    if (ka === 'int' || ka === 'float' ? numberOf(a) === numberOf(b) : ka === 'string' ? stringOf(a) === stringOf(b) : a === b) return true;
  }
  return false;
}

function lt(ctx: CallContext, a: unknown, b: unknown): boolean {
  const ka = basicKind(a, ctx.raw);
  const kb = basicKind(b, ctx.raw);
  if (ka === undefined || kb === undefined || ka === 'bool' || kb === 'bool') throw new Error('invalid type for comparison');
  if (ka !== kb) throw new Error('incompatible types for comparison');
  return ka === 'string' ? compareStrings(stringOf(a), stringOf(b)) < 0 : numberOf(a) < numberOf(b);
}

function indexArg(index: unknown, length: number, ctx: CallContext): number {
  if (index === null || index === undefined) throw new Error('cannot index slice/array with nil');
  if (kindOf(index, ctx.raw) !== 'int') throw new Error(`cannot index slice/array with type ${typeName(index, ctx.raw)}`);
  const x = numberOf(index);
  if (x < 0 || x >= length) throw new Error(`index out of range: ${x}`);
  return x;
}

/** Map lookup result for a missing key of an untyped map: "" when every value is a string (a map[string]string), else nil. */
function mapZero(map: object, raw: boolean): unknown {
  return !raw && (map instanceof GoNil || entriesOf(map).every(([, v]) => typeof v === 'string')) ? '' : undefined;
}

function index(ctx: CallContext, item: unknown, ...indexes: unknown[]): unknown {
  if (item === null || item === undefined) throw new Error('index of untyped nil');
  for (const i of indexes) {
    const kind = kindOf(item, ctx.raw);
    if (kind === 'slice') item = (item as unknown[])[indexArg(i, (item as unknown[]).length, ctx)];
    else if (kind === 'string') item = Buffer.from(stringOf(item))[indexArg(i, Buffer.byteLength(stringOf(item)), ctx)];
    else if (kind === 'map' || (kind === 'nil' && (item as GoNil).kind === 'map')) {
      const type = ctx.raw ? undefined : mapTypeOf(item);
      const keyType = type?.keyType ?? 'string';
      if (typeof i !== 'string' || keyType !== 'string') throw new Error(`value has type ${typeName(i, ctx.raw)}; should be ${keyType}`);
      const found = kind === 'map' && Object.hasOwn(item as object, i) ? (item as Record<string, unknown>)[i] : undefined;
      item = found !== undefined ? found : type && 'elemZero' in type ? type.elemZero : mapZero(item as object, ctx.raw);
    } else if (kind === 'nil') {
      throw new Error(`index out of range: ${numberOf(i)}`);
    } else throw new Error(`can't index item of type ${typeName(item, ctx.raw)}`);
    if (item === null || item === undefined) return undefined;
  }
  return item;
}

function slice(ctx: CallContext, item: unknown, ...indexes: unknown[]): unknown {
  const kind = kindOf(item, ctx.raw);
  if (kind !== 'slice' && kind !== 'string') throw new Error(`can't slice item of type ${typeName(item, ctx.raw)}`);
  if (indexes.length > 3 || (kind === 'string' && indexes.length > 2)) throw new Error(`too many slice indexes: ${indexes.length}`);
  const length = kind === 'string' ? Buffer.byteLength(stringOf(item)) : (item as unknown[]).length;
  const bounds = indexes.map((i) => {
    if (kindOf(i, ctx.raw) !== 'int') throw new Error(`cannot index slice/array with type ${typeName(i, ctx.raw)}`);
    const x = numberOf(i);
    if (x < 0 || x > length) throw new Error(`index out of range: ${x}`);
    return x;
  });
  const [from = 0, to = length] = bounds;
  if (from > to) throw new Error(`invalid slice index: ${from} > ${to}`);
  return kind === 'string' ? Buffer.from(stringOf(item)).subarray(from, to).toString() : (item as unknown[]).slice(from, to);
}

function length(ctx: CallContext, item: unknown): number {
  switch (kindOf(item, ctx.raw)) {
    case 'string':
      return Buffer.byteLength(stringOf(item));
    case 'slice':
      return (item as unknown[]).length;
    case 'map':
      return entriesOf(item as object).length;
    case 'nil':
      if ((item as { kind: string }).kind !== 'pointer') return 0;
      throw new Error('len of nil pointer');
    case 'invalid':
      throw new Error('len of nil pointer');
    default:
      throw new Error(`len of type ${typeName(item, ctx.raw)}`);
  }
}

const HTML_ESCAPES: Record<string, string> = { '"': '&#34;', "'": '&#39;', '&': '&amp;', '<': '&lt;', '>': '&gt;', '\0': '\uFFFD' };

/** Go maps case rune by rune (unicode.ToUpper): a rune with no single-rune mapping stays (ß). */
function mapRunes(s: string, map: (c: string) => string): string {
  let out = '';
  for (const c of s) {
    const m = map(c);
    out += [...m].length === 1 ? m : c;
  }
  return out;
}

/** Go's strings.Title: upper-cases the first letter of each word (words split at non-letters). */
function title(s: string): string {
  let prev = ' ';
  let out = '';
  for (const c of s) {
    const separator = c <= '\x7f' ? !/[0-9A-Za-z_]/.test(c) : !/[\p{L}\p{N}]/u.test(c) && /\s/u.test(c);
    const prevSeparator = prev <= '\x7f' ? !/[0-9A-Za-z_]/.test(prev) : !/[\p{L}\p{N}]/u.test(prev) && /\s/u.test(prev);
    out += prevSeparator && !separator ? mapRunes(c, (r) => r.toUpperCase()) : c;
    prev = c;
  }
  return out;
}

/** Go's strings.Split (empty separator splits into UTF-8 sequences). */
function split(s: string, sep: string): string[] {
  return sep === '' ? [...s] : s.split(sep);
}

/** docker's truncate: the first `n` bytes when the string is at least that long. */
function truncate(s: string, n: number): string {
  const bytes = Buffer.from(s);
  return bytes.length < n ? s : bytes.subarray(0, n).toString();
}

/** Go's builtins (and/or are evaluated lazily by the executor and are not in this table). */
export const BUILTINS: Record<string, FuncSpec> = {
  not: fixed(['value'], (ctx, a) => !isTrue(a, ctx.raw)),
  len: fixed(['value'], (ctx, a) => length(ctx, a)),
  index: variadic(['value'], 'value', (ctx, item, ...i) => index(ctx, item, ...i)),
  slice: variadic(['value'], 'value', (ctx, item, ...i) => slice(ctx, item, ...i)),
  eq: variadic(['value'], 'value', (ctx, a, ...b) => eq(ctx, a, ...b)),
  ne: fixed(['value', 'value'], (ctx, a, b) => !eq(ctx, a, b)),
  lt: fixed(['value', 'value'], (ctx, a, b) => lt(ctx, a, b)),
  le: fixed(['value', 'value'], (ctx, a, b) => lt(ctx, a, b) || eq(ctx, a, b)),
  gt: fixed(['value', 'value'], (ctx, a, b) => !lt(ctx, a, b) && !eq(ctx, a, b)),
  ge: fixed(['value', 'value'], (ctx, a, b) => !lt(ctx, a, b)),
  print: variadic([], 'value', (ctx, ...a) => sprint(a, ctx.raw)),
  printf: variadic(['string'], 'value', (ctx, f, ...a) => sprintf(f as string, a, ctx.raw)),
  println: variadic([], 'value', (ctx, ...a) => sprintln(a, ctx.raw)),
  html: variadic([], 'value', (ctx, ...a) => sprint(a, ctx.raw).replace(/["'&<>\0]/g, (c) => HTML_ESCAPES[c])),
  urlquery: variadic([], 'value', (ctx, ...a) => encodeURIComponent(sprint(a, ctx.raw)).replace(/%20/g, '+').replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase())),
  js: variadic([], 'value', (ctx, ...a) => jsEscape(sprint(a, ctx.raw))),
  call: variadic(['value'], 'value', (ctx, fn, ...a) => {
    if (typeof fn !== 'function') throw new Error(`non-function of type ${typeName(fn, ctx.raw)}`);
    return fn(...a);
  }),
};

/** docker's functions (cli/templates basicFunctions). */
export const DOCKER_FUNCS: Record<string, FuncSpec> = {
  json: fixed(['value'], (ctx, v) => encodeJson(v, false, ctx.raw)),
  split: fixed(['string', 'string'], (_ctx, s, sep) => split(s as string, sep as string)),
  join: fixed(['strings', 'string'], (_ctx, a, sep) => ((a ?? []) as string[]).join(sep as string)),
  title: fixed(['string'], (_ctx, s) => title(s as string)),
  lower: fixed(['string'], (_ctx, s) => mapRunes(s as string, (c) => c.toLowerCase())),
  upper: fixed(['string'], (_ctx, s) => mapRunes(s as string, (c) => c.toUpperCase())),
  pad: fixed(['string', 'int', 'int'], (_ctx, s, a, b) => (s === '' ? '' : ' '.repeat(numberOf(a)) + s + ' '.repeat(numberOf(b)))),
  truncate: fixed(['string', 'int'], (_ctx, s, n) => truncate(s as string, numberOf(n))),
};

/** docker's HeaderFunctions: in a table header these return their first argument unchanged. */
export const HEADER_FUNCS: Record<string, FuncSpec> = {
  json: fixed(['string'], (_ctx, v) => v),
  split: fixed(['string', 'string'], (_ctx, v) => v),
  join: fixed(['string', 'string'], (_ctx, v) => v),
  title: fixed(['string'], (_ctx, v) => v),
  lower: fixed(['string'], (_ctx, v) => v),
  upper: fixed(['string'], (_ctx, v) => v),
  truncate: fixed(['string', 'int'], (_ctx, v) => v),
};

/** A caller's JS function as a template function taking `fn.length` values. */
export function userFunc(fn: (...args: unknown[]) => unknown): FuncSpec {
  return fixed(Array.from({ length: fn.length }, () => 'value' as const), (_ctx, ...args) => fn(...args));
}

function jsEscape(s: string): string {
  const map: Record<string, string> = { '\\': '\\\\', "'": "\\'", '"': '\\"', '<': '\\u003C', '>': '\\u003E', '&': '\\u0026', '=': '\\u003D', '\n': '\\n', '\r': '\\r', '\t': '\\t' };
  return s.replace(/[\\'"<>&=\n\r\t]|[\x00-\x1f]/g, (c) => map[c] ?? '\\u' + c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0'));
}
