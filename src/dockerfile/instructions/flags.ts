// Instruction flags checked like BuildKit's BFlags: unknown flags (with a suggestion), duplicates,
// missing values, booleans.
import type { Flag } from '../types.js';
import { nearest } from '../errors.js';

/** How a flag takes its value: bool (`--link`, `--link=false`), string (once), strings (repeatable). */
export type FlagKind = 'bool' | 'string' | 'strings';

/** Validated flag values. */
export interface ParsedFlags {
  bool(name: string): boolean;
  string(name: string): string | undefined;
  strings(name: string): string[];
}

type Fail = (flag: Flag, message: string, hint?: string) => never;

const NONE: string[] = [];
const NO_FLAGS: ParsedFlags = { bool: () => false, string: () => undefined, strings: () => NONE };

/** The spec of an instruction that accepts no flags. */
export const NO_FLAGS_ACCEPTED: Record<string, FlagKind> = {};

/** Flag values by name, in the order given. */
class FlagValues implements ParsedFlags {
  constructor(private readonly values: Map<string, string[]>) {}

  bool(name: string): boolean {
    return this.values.get(name)?.[0] === 'true';
  }

  string(name: string): string | undefined {
    return this.values.get(name)?.[0];
  }

  strings(name: string): string[] {
    return this.values.get(name) ?? NONE;
  }
}

/** Checks `flags` against `spec`; calls `fail` (which throws) on the first problem. */
export function parseFlags(flags: Flag[], spec: Record<string, FlagKind>, fail: Fail): ParsedFlags {
  if (flags.length === 0) return NO_FLAGS;
  const values = new Map<string, string[]>();
  for (const flag of flags) {
    if (!flag.original.startsWith('--')) fail(flag, `arg should start with -- : ${flag.original}`);
    const kind = spec[flag.name];
    if (kind === undefined) {
      const guess = nearest(flag.name, Object.keys(spec));
      const known = Object.keys(spec).map((k) => '--' + k).join(', ') || 'none';
      fail(flag, `unknown flag: --${flag.name}${guess ? ` (did you mean --${guess}?)` : ''}`, `flags accepted here: ${known}`);
    }
    if (values.has(flag.name) && kind !== 'strings') fail(flag, `duplicate flag specified: --${flag.name}`, 'remove one of them');
    let value = flag.value;
    if (kind === 'bool') {
      if (value === '') fail(flag, `missing a value on flag: --${flag.name}`);
      const lower = (value ?? '').toLowerCase();
      if (lower !== 'true' && lower !== '' && lower !== 'false') fail(flag, `expecting boolean value for flag ${flag.name}, not: ${value}`, 'use true or false');
      value = lower === 'false' ? 'false' : 'true';
    } else if (value === undefined) {
      fail(flag, `missing a value on flag: --${flag.name}`, `write --${flag.name}=<value>`);
    }
    const list = values.get(flag.name);
    if (list) list.push(value);
    else values.set(flag.name, [value]);
  }
  return new FlagValues(values);
}
