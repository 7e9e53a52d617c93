/**
 * How JS values stand for Go values: struct/map/typed-nil hints, Go kinds and type names,
 * truth, and fmt's `%v` printing (what `{{.X}}` prints).
 */
import { formatFloat } from './numfmt.js';
import { durationString, GoDuration, GoFloat, GoNil, goTimeString, GoTime, JsonNumber, type GoNilKind } from './govalues.js';

export { GoDuration, GoFloat, GoNil, GoTime, JsonNumber, type GoNilKind } from './govalues.js';

const structNames = new WeakMap<object, string>();
const omitEmptyFields = new WeakMap<object, Set<string>>();
const jsonFieldNames = new WeakMap<object, Record<string, string>>();
const mapMarks = new WeakSet<object>();
const mapMarshalers = new WeakSet<object>();

/**
 * Marks a struct whose MarshalJSON (like docker's formatter contexts) emits its fields as a Go
 * map through json.Marshal: keys sorted, HTML characters escaped. Returns `obj`.
 */
export function marshalsAsMap<T extends object>(obj: T): T {
  mapMarshalers.add(obj);
  return obj;
}

/** True for objects marked by marshalsAsMap. */
export function isMapMarshaler(v: unknown): boolean {
  return typeof v === 'object' && v !== null && mapMarshalers.has(v);
}

/** What a Go map type says beyond its entries: its name, a named key type, its element's zero value. */
export interface MapType {
  /** Go type name in messages, e.g. `nat.PortSet`. */
  typeName?: string;
  /** A named string key type (nat.PortSet's nat.Port): Go then refuses `.Field` access and `index` with a plain string. */
  keyType?: string;
  /** What `index` returns for a missing key (Go's zero value of the element type). */
  elemZero?: unknown;
}

const mapTypes = new WeakMap<object, MapType>();
const namedTypes = new WeakMap<object, string>();

/** Names the Go type of a slice or typed nil (`strslice.StrSlice`) for messages and `%#v`; returns `obj`. */
export function withTypeName<T extends object>(obj: T, name: string): T {
  namedTypes.set(obj, name);
  return obj;
}

/** Marks `obj` as a Go map (sorted keys, `map[k:v]`, missing key → `<no value>`), optionally typed; returns `obj`. */
export function goMap<T extends object>(obj: T, type?: MapType): T {
  structNames.delete(obj);
  mapMarks.add(obj);
  return type ? withMapType(obj, type) : obj;
}

/** Gives a map (or a typed nil map) its Go map type, see goMap. */
export function withMapType<T extends object>(obj: T, type: MapType): T {
  mapTypes.set(obj, type);
  return obj;
}

/** The map type given by goMap/withMapType, if any. */
export function mapTypeOf(v: unknown): MapType | undefined {
  return typeof v === 'object' && v !== null ? mapTypes.get(v) : undefined;
}

/**
 * Marks `obj` as a Go struct of type `typeName` (unknown field → "can't evaluate field F in type T");
 * `omitEmpty` names fields tagged `json:",omitempty"`; `jsonNames` maps Go field names to their
 * JSON names where they differ (docker's `DNS` is `"Dns"`). Returns `obj`.
 */
export function goStruct<T extends object>(obj: T, typeName: string, omitEmpty: string[] = [], jsonNames?: Record<string, string>): T {
  if (jsonNames) jsonFieldNames.set(obj, jsonNames);
  mapMarks.delete(obj);
  structNames.set(obj, typeName);
  if (omitEmpty.length) omitEmptyFields.set(obj, new Set(omitEmpty));
  return obj;
}

/** The JSON name of struct field `name` (its json tag). */
export function jsonFieldName(obj: object, name: string): string {
  return jsonFieldNames.get(obj)?.[name] ?? name;
}

/** True when json.Marshal leaves field `name` of struct `obj` out (omitempty and empty). */
export function isOmitted(obj: object, name: string, value: unknown): boolean {
  if (!omitEmptyFields.get(obj)?.has(name)) return false;
  if (value === null || value === undefined || value instanceof GoNil || value === '' || value === 0 || value === false) return true;
  if (value instanceof GoDuration) return value.ns === 0;
  if (Array.isArray(value)) return value.length === 0;
  return typeof value === 'object' && !structNames.has(value) && !(value instanceof GoTime) && Object.keys(value).length === 0;
}

/** A typed Go nil: prints `map[]`, `[]` or `<nil>` like Go, marshals to JSON `null`. */
export function goNil(kind: GoNilKind): GoNil {
  return new GoNil(kind);
}

/** Go reflect kinds as the engine sees JS values. 'invalid' is a nil interface (JS null/undefined). */
export type Kind = 'invalid' | 'nil' | 'string' | 'int' | 'float' | 'bool' | 'slice' | 'map' | 'struct' | 'func' | 'time' | 'duration';

const EXPORTED = /^[A-Z][A-Za-z0-9_]*$/;

/** The Go kind of `v`; `raw` is docker inspect's JSON view (every object a map, every null a nil interface). */
export function kindOf(v: unknown, raw: boolean): Kind {
  if (v === null || v === undefined) return 'invalid';
  if (v instanceof GoNil) return raw ? 'invalid' : 'nil';
  if (v instanceof GoFloat) return 'float';
  if (v instanceof JsonNumber) return 'string';
  if (v instanceof GoDuration) return raw ? 'int' : 'duration';
  switch (typeof v) {
    case 'string':
      return 'string';
    case 'number':
      return Number.isInteger(v) ? 'int' : 'float';
    case 'bigint':
      return 'int';
    case 'boolean':
      return 'bool';
    case 'function':
      return 'func';
  }
  if (Array.isArray(v)) return 'slice';
  if (v instanceof Date || v instanceof GoTime) return 'time';
  if (raw || mapMarks.has(v as object)) return 'map';
  if (structNames.has(v as object)) return 'struct';
  const keys = Object.keys(v as object);
  return keys.length > 0 && keys.every((k) => EXPORTED.test(k)) ? 'struct' : 'map';
}

/** The Go string of a string-kind value (a string or a json.Number). */
export function stringOf(v: unknown): string {
  return v instanceof JsonNumber ? v.text : (v as string);
}

/** Numeric value of an int, float or duration. */
export function numberOf(v: unknown): number {
  return v instanceof GoFloat ? v.value : v instanceof GoDuration ? v.ns : Number(v);
}

/** Properties of a struct or map that hold data (functions are methods, undefined is absent). */
export function entriesOf(v: object): [string, unknown][] {
  return Object.entries(v).filter(([, x]) => x !== undefined && typeof x !== 'function');
}

/** Map entries in Go's printing/ranging order (sorted keys). */
export function sortedEntries(v: object): [string, unknown][] {
  return entriesOf(v).sort(([a], [b]) => compareStrings(a, b));
}

/** Byte-wise (UTF-8) string order, as Go compares strings. */
export function compareStrings(a: string, b: string): number {
  return a === b ? 0 : Buffer.compare(Buffer.from(a), Buffer.from(b));
}

/** The Go type name of `v` in messages (`string`, `[]string`, `map[string]string`, `*formatter.imageContext`). */
export function typeName(v: unknown, raw: boolean): string {
  if (v instanceof JsonNumber) return 'json.Number';
  if (!raw && typeof v === 'object' && v !== null && namedTypes.has(v)) return namedTypes.get(v)!;
  const kind = kindOf(v, raw);
  switch (kind) {
    case 'invalid':
      return '<nil>';
    case 'nil':
      if (!raw && mapTypeOf(v)?.typeName) return mapTypeOf(v)!.typeName!;
      return (v as GoNil).kind === 'map' ? 'map[string]string' : (v as GoNil).kind === 'slice' ? '[]string' : '*struct {}';
    case 'int':
      return 'int';
    case 'float':
      return 'float64';
    case 'slice':
      return !raw && (v as unknown[]).every((x) => typeof x === 'string') ? '[]string' : '[]interface {}';
    case 'map':
      if (!raw && mapTypeOf(v)?.typeName) return mapTypeOf(v)!.typeName!;
      return !raw && entriesOf(v as object).every(([, x]) => typeof x === 'string') ? 'map[string]string' : 'map[string]interface {}';
    case 'struct':
      return structNames.get(v as object) ?? 'struct {}';
    case 'func':
      return 'func()';
    case 'time':
      return 'time.Time';
    case 'duration':
      return 'time.Duration';
    default:
      return kind;
  }
}

/** Go's truth of a template value (if/with/and/or/not); undefined when Go cannot decide. */
export function isTrue(v: unknown, raw: boolean): boolean {
  switch (kindOf(v, raw)) {
    case 'invalid':
    case 'nil':
      return false;
    case 'string':
      return stringOf(v).length > 0;
    case 'int':
    case 'float':
    case 'duration':
      return numberOf(v) !== 0;
    case 'bool':
      return v as boolean;
    case 'slice':
      return (v as unknown[]).length > 0;
    case 'map':
      return entriesOf(v as object).length > 0;
    default:
      return true;
  }
}

/** Options of fmt's value printing: `plus` is `%+v` (struct field names). */
export interface PrintOptions {
  raw: boolean;
  plus?: boolean;
}

/** fmt.Sprint of one value (`%v`): `[a b]`, `map[k:v]`, `{x y}`, `<nil>`, floats like Go. */
export function printValue(v: unknown, options: PrintOptions): string {
  switch (kindOf(v, options.raw)) {
    case 'invalid':
      return '<nil>';
    case 'nil':
      return (v as GoNil).kind === 'map' ? 'map[]' : (v as GoNil).kind === 'slice' ? '[]' : '<nil>';
    case 'string':
      return stringOf(v);
    case 'int':
      return String(v);
    case 'float':
      return formatFloat(numberOf(v), 'g', -1);
    case 'bool':
      return String(v);
    case 'slice':
      return '[' + (v as unknown[]).map((x) => printValue(x, options)).join(' ') + ']';
    case 'map':
      return 'map[' + sortedEntries(v as object).map(([k, x]) => `${k}:${printValue(x, options)}`).join(' ') + ']';
    case 'struct':
      return '{' + entriesOf(v as object).map(([k, x]) => (options.plus ? `${k}:` : '') + printValue(x, options)).join(' ') + '}';
    case 'time':
      return goTimeString(v as Date | GoTime);
    case 'duration':
      return durationString((v as GoDuration).ns);
    default:
      return '0x0';
  }
}

/** `fmt.Sprint(value)` in the typed view: the text Go prints for `{{.}}` of this value. */
export function goSprint(value: unknown): string {
  return value === null || value === undefined ? '<no value>' : printValue(value, { raw: false });
}


/** docker inspect's raw view: the JSON decoded with UseNumber, so numbers become json.Number (a string type). */
export function rawJsonView(v: unknown): unknown {
  if (typeof v === 'number') return new JsonNumber(JSON.stringify(v));
  if (Array.isArray(v)) return v.map(rawJsonView);
  if (v !== null && typeof v === 'object' && !(v instanceof GoNil)) {
    const source = (typeof (v as { toJSON?: unknown }).toJSON === 'function' ? JSON.parse(JSON.stringify(v)) : v) as Record<string, unknown>;
    return Object.fromEntries(Object.entries(source).map(([k, x]) => [k, rawJsonView(x)]));
  }
  return v;
}
