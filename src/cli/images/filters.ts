import { BerthError } from '../../core/index.js';

/** docker's `--filter key=value` flags grouped by key (`dangling=true`, `label=a=b` …). */
export type Filters = Map<string, string[]>;

/** Parses repeated `--filter` values, accepting only `allowed` keys (docker's "invalid filter" error otherwise). */
export function parseFilters(values: string[] | undefined, allowed: readonly string[]): Filters {
  const filters: Filters = new Map();
  for (const value of values ?? []) {
    const eq = value.indexOf('=');
    if (eq <= 0) throw new BerthError('FILTER_INVALID', `bad format of filter (expected name=value): ${value}`);
    const key = value.slice(0, eq).toLowerCase();
    if (!allowed.includes(key)) throw new BerthError('FILTER_INVALID', `invalid filter '${key}'`, { hint: `valid filters: ${allowed.join(', ')}` });
    filters.set(key, [...(filters.get(key) ?? []), value.slice(eq + 1)]);
  }
  return filters;
}

/** Collects a repeatable commander option into an array. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** Matches a label filter (`key` or `key=value`) against a label map. */
export function matchesLabel(labels: Record<string, string> | undefined | null, filter: string): boolean {
  const eq = filter.indexOf('=');
  const key = eq < 0 ? filter : filter.slice(0, eq);
  if (labels == null || !(key in labels)) return false;
  return eq < 0 || labels[key] === filter.slice(eq + 1);
}

/** Parses docker's `until`/`since` time values: RFC 3339 times, Unix seconds, or durations (`10m`, `24h`) before now. */
export function parseTimeFilter(value: string, now = Date.now()): number {
  const duration = /^(\d+(?:\.\d+)?)(ns|us|ms|s|m|h)$/.exec(value);
  if (duration) {
    const unit: Record<string, number> = { ns: 1e-6, us: 1e-3, ms: 1, s: 1e3, m: 60e3, h: 3600e3 };
    return now - Number(duration[1]) * unit[duration[2]];
  }
  if (/^\d+(\.\d+)?$/.test(value)) return Number(value) * 1000;
  const parsed = Date.parse(value);
  if (Number.isNaN(parsed)) throw new BerthError('FILTER_INVALID', `invalid time value "${value}": use an RFC 3339 time, Unix seconds or a duration like 24h`);
  return parsed;
}

/** docker's glob matching for `reference=` filters (path.Match: `*` and `?` do not cross `/`). */
export function matchesReferencePattern(name: string, pattern: string): boolean {
  const source = pattern.replace(/[.+^${}()|\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]');
  return new RegExp(`^${source}$`).test(name);
}
