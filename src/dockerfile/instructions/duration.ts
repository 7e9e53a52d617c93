// Go's time.ParseDuration, for HEALTHCHECK intervals (result in nanoseconds).

const UNITS: Record<string, number> = { ns: 1, us: 1e3, 'µs': 1e3, 'μs': 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 };
const PART = /^(\d*\.?\d*)(ns|us|µs|μs|ms|s|m|h)/;

/** Nanoseconds of a Go duration string like `1m30s`; throws on malformed input. */
export function parseGoDuration(text: string): number {
  let s = text;
  let sign = 1;
  if (s.startsWith('-') || s.startsWith('+')) {
    sign = s.startsWith('-') ? -1 : 1;
    s = s.slice(1);
  }
  if (s === '0') return 0;
  if (s === '') throw new Error(`time: invalid duration ${JSON.stringify(text)}`);
  let total = 0;
  while (s !== '') {
    const m = PART.exec(s);
    if (!m || m[1] === '' || m[1] === '.') throw new Error(`time: invalid duration ${JSON.stringify(text)}`);
    total += Number(m[1]) * UNITS[m[2]];
    s = s.slice(m[0].length);
  }
  return Math.round(sign * total);
}
