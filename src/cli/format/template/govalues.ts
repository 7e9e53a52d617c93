/** JS classes standing for Go values JS has no equivalent of: typed nils, float64, time.Time, time.Duration, json.Number. */

/** The kinds of typed Go nil values that print differently from a nil interface. */
export type GoNilKind = 'map' | 'slice' | 'pointer';

/** A typed Go nil (a nil map, slice or pointer inside a struct). */
export class GoNil {
  constructor(readonly kind: GoNilKind) {}
  /** Marshals like Go: `null`. */
  toJSON(): null {
    return null;
  }
}

/** A Go float64 whose value may be integral (`1.0` prints `1` but is not an int for `%d` or `eq`). */
export class GoFloat {
  constructor(readonly value: number) {}
  /** JSON of the number itself. */
  toJSON(): number {
    return this.value;
  }
}

/** Go's time.Time from its RFC 3339 text: prints as `2006-01-02 15:04:05.999999999 +0000 UTC`, marshals to the text. */
export class GoTime {
  constructor(readonly text: string) {}
  /** JSON of the RFC 3339 text, like Go's MarshalJSON. */
  toJSON(): string {
    return this.text;
  }
}

/** encoding/json's Number (docker inspect's raw view): a string type holding the number's text. */
export class JsonNumber {
  constructor(readonly text: string) {}
}

/** Go's time.Duration (nanoseconds): prints like Duration.String() (`5s`, `1m30s`, `1.5ms`), marshals to the number. */
export class GoDuration {
  constructor(readonly ns: number) {}
  /** JSON of the nanoseconds, like Go. */
  toJSON(): number {
    return this.ns;
  }
}

/** Go's Duration.String(). */
export function durationString(ns: number): string {
  if (ns === 0) return '0s';
  const sign = ns < 0 ? '-' : '';
  const abs = Math.abs(ns);
  const frac = (value: number, unitNs: number): string => {
    const whole = Math.trunc(value / unitNs);
    const rest = String(value % unitNs).padStart(String(unitNs).length - 1, '0').replace(/0+$/, '');
    return rest ? `${whole}.${rest}` : `${whole}`;
  };
  if (abs < 1e3) return `${sign}${abs}ns`;
  if (abs < 1e6) return `${sign}${frac(abs, 1e3)}µs`;
  if (abs < 1e9) return `${sign}${frac(abs, 1e6)}ms`;
  const h = Math.trunc(abs / 3.6e12);
  const m = Math.trunc((abs % 3.6e12) / 6e10);
  const s = frac(abs % 6e10, 1e9);
  return sign + (h ? `${h}h${m}m${s}s` : m ? `${m}m${s}s` : `${s}s`);
}

/** Go's time.Time.String() of a UTC time: `2026-11-22 06:32:33.478 +0000 UTC`. */
export function goTimeString(d: Date | GoTime): string {
  const iso = d instanceof GoTime ? d.text : d.toISOString();
  const m = /^(\d{4}-\d\d-\d\d)T(\d\d:\d\d:\d\d)(\.\d+)?Z$/.exec(iso);
  if (!m) return iso;
  return `${m[1]} ${m[2]}${(m[3] ?? '').replace(/\.?0+$/, '')} +0000 UTC`;
}
