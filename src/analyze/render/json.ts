// `--format json`: the whole analysis (non-finite ratios become null).

import type { CiRuleResult } from '../ci.js';
import type { Analysis } from '../types.js';

/** The analysis as indented JSON, with the CI results when the gate ran. */
export function renderJson(analysis: Analysis, ci?: CiRuleResult[]): string {
  const value = ci === undefined ? analysis : { ...analysis, ci: { pass: ci.every((r) => r.status !== 'fail'), rules: ci } };
  return `${JSON.stringify(value, (_key, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2)}\n`;
}
