/** Field lookup and argument conversion of Go's exec.go, as pure functions returning Go's error texts. */
import type { ParamType } from './funcs.js';
import { GoNil, kindOf, mapTypeOf } from './values.js';

/** What a field lookup found: a value, a method to call, or Go's error text. */
export type FieldResult = { value: unknown } | { method: (...args: unknown[]) => unknown } | { error: string };

/** The context a lookup depends on. */
export interface LookupOptions {
  raw: boolean;
  missingKeyError: boolean;
  /** The field is given arguments (`.Label "x"` or a piped value). */
  hasArgs: boolean;
  /** The receiver is held in an interface{} (raw view below the root): Go names it `interface {}`. */
  isInterface: boolean;
  typeOf: (v: unknown) => string;
}

/** Go's evalField: methods first, then struct fields or map keys, with Go's errors. */
export function lookupField(receiver: unknown, field: string, o: LookupOptions): FieldResult {
  const kind = kindOf(receiver, o.raw);
  const missingKey = (): FieldResult => (o.missingKeyError ? { error: `map has no entry for key ${JSON.stringify(field)}` } : { value: undefined });
  if (kind === 'invalid') {
    if (o.isInterface) return { error: `nil pointer evaluating interface {}.${field}` };
    return o.missingKeyError ? { error: `nil data; no entry for key ${JSON.stringify(field)}` } : { value: undefined };
  }
  const own = (kind === 'struct' || kind === 'map') && Object.hasOwn(receiver as object, field);
  const value = own ? (receiver as Record<string, unknown>)[field] : undefined;
  if (typeof value === 'function') return { method: value as (...args: unknown[]) => unknown };
  if (kind === 'struct' && own) return o.hasArgs ? { error: `${field} has arguments but cannot be invoked as function` } : { value };
  const mapType = o.raw ? undefined : mapTypeOf(receiver);
  if (mapType?.keyType && mapType.keyType !== 'string') return { error: `can't evaluate field ${field} in type ${mapType.typeName}` };
  if (kind === 'map' || (kind === 'nil' && (receiver as GoNil).kind === 'map')) {
    if (o.hasArgs) return { error: `${field} is not a method but has arguments` };
    return value === undefined ? missingKey() : { value };
  }
  if (kind === 'nil') return { error: `nil pointer evaluating ${o.typeOf(receiver)}.${field}` };
  return { error: `can't evaluate field ${field} in type ${o.isInterface ? 'interface {}' : o.typeOf(receiver)}` };
}

/** Go's validateType for a function parameter: the value to pass, or Go's error text. */
export function convertArg(v: unknown, type: ParamType, raw: boolean, typeOf: (v: unknown) => string): { value: unknown } | { error: string } {
  const kind = kindOf(v, raw);
  switch (type) {
    case 'value':
      return { value: v };
    case 'string':
    case 'int': {
      const ok = type === 'string' ? typeof v === 'string' : kind === 'int';
      if (ok) return { value: v };
      return { error: kind === 'invalid' ? `invalid value; expected ${type}` : `wrong type for value; expected ${type}; got ${typeOf(v)}` };
    }
    case 'strings':
      if (kind === 'invalid' || (kind === 'nil' && (v as GoNil).kind === 'slice')) return { value: [] };
      if (typeOf(v) === '[]string') return { value: v };
      return { error: `wrong type for value; expected []string; got ${typeOf(v)}` };
  }
}
