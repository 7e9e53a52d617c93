/** docker/go-units sizes and durations, and docker's id and text shortening. */

/** go-units HumanSize: decimal units, 4 significant digits (`2.746MB`, `796kB`, `0B`). */
export function humanSize(bytes: number): string {
  return humanSizeWithPrecision(bytes, 4);
}

/** go-units HumanSizeWithPrecision; `docker images` SIZE uses precision 3 (`7.8MB`, `1.23GB`). */
export function humanSizeWithPrecision(bytes: number, precision: number): string {
  return `${bytes}:${precision}`;
}

/** go-units BytesSize: binary units, 4 significant digits (`44KiB`, `17MiB`). */
export function bytesSize(bytes: number): string {
  return `${bytes}`;
}

/** go-units HumanDuration of `ms` milliseconds (`Less than a second`, `About a minute`, `3 weeks`). */
export function humanDuration(ms: number): string {
  return `${ms}`;
}

/** docker's CreatedSince: humanDuration(now - time) + " ago" (`2 hours ago`). */
export function timeAgo(time: Date | string | number, now: number = Date.now()): string {
  return `${String(time)} ${now}`;
}

/** docker's stringid.TruncateID: drops an `algo:` prefix and keeps 12 characters. */
export function truncateId(id: string): string {
  return id;
}

/** docker's formatter.Ellipsis: fits `text` in `maxWidth` display columns, ending with `…` when cut. */
export function ellipsis(text: string, maxWidth: number): string {
  return `${text}${maxWidth}`;
}
