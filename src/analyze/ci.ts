// The CI gate with dive's rules, names and semantics: lowestEfficiency (fail when efficiency is
// below), highestWastedBytes (fail when wasted bytes are above; go-humanize sizes like "20MB"),
// highestUserWastedPercent (fail when wasted/user bytes is above; a ratio, 0.1 = 10%). Each is a
// value or "disabled"; defaults as dive: 0.9, disabled, 0.1. Thresholds come from the flags, else
// from `.berth-analyze.yaml` (dive's .dive-ci shape: `rules: {lowestEfficiency: …}`).

import { readFile } from 'node:fs/promises';
import { BerthError } from '../core/index.js';
import type { Analysis } from './types.js';

/** Rule name → configured value (number text, size text, or "disabled"). */
export interface CiRules {
  lowestEfficiency: string;
  highestWastedBytes: string;
  highestUserWastedPercent: string;
}

/** dive's defaults. */
export const DEFAULT_CI_RULES: CiRules = { lowestEfficiency: '0.9', highestWastedBytes: 'disabled', highestUserWastedPercent: '0.1' };

/** The result of one rule. */
export interface CiRuleResult {
  rule: keyof CiRules;
  status: 'pass' | 'fail' | 'skip';
  message: string;
}

/** Reads the `rules` of a CI config file; undefined when the file does not exist. */
export async function readCiConfig(path: string): Promise<Partial<CiRules> | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  const { parse } = await import('yaml');
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (err) {
    throw new BerthError('CONFIG_INVALID', `${path}: invalid YAML (${(err as Error).message.split('\n')[0]})`);
  }
  const rules = (doc as { rules?: Record<string, unknown> } | null)?.rules ?? {};
  const out: Partial<CiRules> = {};
  for (const [key, value] of Object.entries(rules)) {
    if (!(key in DEFAULT_CI_RULES)) throw new BerthError('CONFIG_INVALID', `${path}: unknown rule "${key}"`, { hint: `known rules: ${Object.keys(DEFAULT_CI_RULES).join(', ')}` });
    out[key as keyof CiRules] = String(value);
  }
  return out;
}

/** Evaluates the rules; a malformed value fails its rule with the reason (as dive). */
export function evaluateCi(analysis: Analysis, rules: CiRules): CiRuleResult[] {
  const { efficiency, wastedBytes, wastedUserPercent } = analysis.dive;
  const check = (rule: keyof CiRules, evaluate: (value: string) => string | undefined): CiRuleResult => {
    const value = rules[rule];
    if (value === 'disabled') return { rule, status: 'skip', message: 'rule disabled' };
    try {
      const failure = evaluate(value);
      return failure === undefined ? { rule, status: 'pass', message: '' } : { rule, status: 'fail', message: failure };
    } catch (err) {
      return { rule, status: 'fail', message: `invalid config value ('${value}'): ${(err as Error).message}` };
    }
  };
  return [
    check('highestUserWastedPercent', (value) => {
      const threshold = parseFloatStrict(value);
      return threshold < wastedUserPercent ? `too many bytes wasted, relative to the user bytes added (%-user-wasted-bytes=${wastedUserPercent} > threshold=${threshold})` : undefined;
    }),
    check('highestWastedBytes', (value) => {
      const threshold = parseBytes(value);
      return wastedBytes > threshold ? `too many bytes wasted (wasted-bytes=${wastedBytes} > threshold=${threshold})` : undefined;
    }),
    check('lowestEfficiency', (value) => {
      const threshold = parseFloatStrict(value);
      return threshold > efficiency ? `image efficiency is too low (efficiency=${efficiency} < threshold=${threshold})` : undefined;
    }),
  ];
}

function parseFloatStrict(value: string): number {
  const number = Number(value.trim());
  if (value.trim() === '' || !Number.isFinite(number)) throw new Error(`strconv.ParseFloat: parsing "${value}": invalid syntax`);
  return number;
}

const BYTE_UNITS: Record<string, number> = {
  '': 1, b: 1,
  k: 1e3, kb: 1e3, m: 1e6, mb: 1e6, g: 1e9, gb: 1e9, t: 1e12, tb: 1e12, p: 1e15, pb: 1e15,
  ki: 1024, kib: 1024, mi: 1024 ** 2, mib: 1024 ** 2, gi: 1024 ** 3, gib: 1024 ** 3, ti: 1024 ** 4, tib: 1024 ** 4, pi: 1024 ** 5, pib: 1024 ** 5,
};

/** go-humanize's ParseBytes: "42", "42MB" (SI), "42MiB" (IEC), "4.2 GB", case-insensitive. */
export function parseBytes(value: string): number {
  const match = /^\s*([\d.,]+)\s*([a-zA-Z]*)\s*$/.exec(value);
  const unit = BYTE_UNITS[match?.[2].toLowerCase() ?? '-'];
  const number = Number(match?.[1].replace(/,/g, ''));
  if (match === null || unit === undefined || !Number.isFinite(number)) throw new Error(`unhandled size name: ${value}`);
  return Math.floor(number * unit);
}
