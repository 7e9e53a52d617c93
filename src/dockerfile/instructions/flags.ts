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
  /** The checked value of the instruction's `index`-th flag. */
  at(index: number): string;
}

type Fail = (flag: Flag, message: string, hint?: string) => never;

const NONE: string[] = [];

/** The values of an instruction given no flags. */
export const NO_FLAGS: ParsedFlags = {
  bool: () => false,
  string: () => undefined,
  strings: () => NONE,
  at: (index) => {
    throw new RangeError(`no flag ${index}: the instruction has none`);
  },
};

/** The spec of an instruction that accepts no flags. */
export const NO_FLAGS_ACCEPTED: Record<string, FlagKind> = {};

/**
 * Flag values by name, in the order given: the checked value of each flag beside the flag. An
 * instruction has a handful of flags at most, so a scan beats building a map.
 */
class FlagValues implements ParsedFlags {
  constructor(
    private readonly flags: Flag[],
    private readonly values: string[],
  ) {}

  bool(name: string): boolean {
    return this.string(name) === 'true';
  }

  string(name: string): string | undefined {
    const i = this.indexOf(name, this.flags.length);
    return i < 0 ? undefined : this.values[i];
  }

  strings(name: string): string[] {
    if (this.indexOf(name, this.flags.length) < 0) return NONE;
    return this.values.filter((_, i) => this.flags[i].name === name);
  }

  at(index: number): string {
    return this.values[index];
  }

  /** Index of the first flag called `name` among the first `before`, -1 when there is none. */
  indexOf(name: string, before: number): number {
    for (let i = 0; i < before; i++) if (this.flags[i].name === name) return i;
    return -1;
  }
}

/** Checks `flags` against `spec`; calls `fail` (which throws) on the first problem. */
export function parseFlags(flags: Flag[], spec: Record<string, FlagKind>, fail: Fail): ParsedFlags {
  const values = new Array<string>(flags.length);
  const parsed = new FlagValues(flags, values);
  for (let i = 0; i < flags.length; i++) {
    const flag = flags[i];
    if (!flag.original.startsWith('--')) fail(flag, `arg should start with -- : ${flag.original}`);
    const kind = spec[flag.name];
    if (kind === undefined) {
      const guess = nearest(flag.name, Object.keys(spec));
      const known = Object.keys(spec).map((k) => '--' + k).join(', ') || 'none';
      fail(flag, `unknown flag: --${flag.name}${guess ? ` (did you mean --${guess}?)` : ''}`, `flags accepted here: ${known}`);
    }
    if (kind !== 'strings' && parsed.indexOf(flag.name, i) >= 0) fail(flag, `duplicate flag specified: --${flag.name}`, 'remove one of them');
    let value = flag.value;
    if (kind === 'bool') {
      if (value === '') fail(flag, `missing a value on flag: --${flag.name}`);
      const lower = (value ?? '').toLowerCase();
      if (lower !== 'true' && lower !== '' && lower !== 'false') fail(flag, `expecting boolean value for flag ${flag.name}, not: ${value}`, 'use true or false');
      value = lower === 'false' ? 'false' : 'true';
    } else if (value === undefined) {
      fail(flag, `missing a value on flag: --${flag.name}`, `write --${flag.name}=<value>`);
    }
    values[i] = value;
  }
  return parsed;
}
