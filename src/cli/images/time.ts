/** Go's `time.Time.String()` layout in UTC as docker prints CreatedAt: `2026-11-22 06:38:02 +0000 UTC`. */
export function goTimeString(time: string | undefined): string {
  const ms = time === undefined ? NaN : Date.parse(time);
  if (Number.isNaN(ms)) return '0001-01-01 00:00:00 +0000 UTC';
  return `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')} +0000 UTC`;
}

/** RFC 3339 to the second, as `history -H=false` prints CREATED AT. */
export function rfc3339Seconds(time: string | undefined): string {
  const ms = time === undefined ? NaN : Date.parse(time);
  return Number.isNaN(ms) ? '0001-01-01T00:00:00Z' : `${new Date(ms).toISOString().slice(0, 19)}Z`;
}
