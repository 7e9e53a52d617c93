/** docker/go-units sizes and durations, and docker's id and text shortening (exact texts). */
import { formatFloat } from './template/numfmt.js';

const DECIMAL_UNITS = ['B', 'kB', 'MB', 'GB', 'TB', 'PB', 'EB', 'ZB', 'YB'];
const BINARY_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB', 'ZiB', 'YiB'];

function scaled(size: number, base: number, units: string[]): [number, string] {
  let i = 0;
  while (size >= base && i < units.length - 1) {
    size /= base;
    i++;
  }
  return [size, units[i]];
}

/** go-units HumanSize: decimal units, 4 significant digits (`2.746MB`, `796kB`, `0B`). */
export function humanSize(bytes: number): string {
  return humanSizeWithPrecision(bytes, 4);
}

/** go-units HumanSizeWithPrecision (`%.*g%s`); `docker images` SIZE uses precision 3 (`7.8MB`, `1.23GB`). */
export function humanSizeWithPrecision(bytes: number, precision: number): string {
  const [size, unit] = scaled(bytes, 1000, DECIMAL_UNITS);
  return formatFloat(size, 'g', precision) + unit;
}

/** go-units BytesSize: binary units, 4 significant digits (`44KiB`, `17MiB`). */
export function bytesSize(bytes: number): string {
  const [size, unit] = scaled(bytes, 1024, BINARY_UNITS);
  return formatFloat(size, 'g', 4) + unit;
}

/** go-units HumanDuration of `ms` milliseconds (`Less than a second`, `About a minute`, `3 weeks`). */
export function humanDuration(ms: number): string {
  const seconds = Math.trunc(ms / 1000);
  if (seconds < 1) return 'Less than a second';
  if (seconds === 1) return '1 second';
  if (seconds < 60) return `${seconds} seconds`;
  const minutes = Math.trunc(seconds / 60);
  if (minutes === 1) return 'About a minute';
  if (minutes < 60) return `${minutes} minutes`;
  // time.Duration.Round(time.Hour): halves round away from zero.
  const hours = Math.round(ms / 3_600_000);
  if (hours === 1) return 'About an hour';
  if (hours < 48) return `${hours} hours`;
  if (hours < 24 * 7 * 2) return `${Math.trunc(hours / 24)} days`;
  if (hours < 24 * 30 * 2) return `${Math.trunc(hours / 24 / 7)} weeks`;
  if (hours < 24 * 365 * 2) return `${Math.trunc(hours / 24 / 30)} months`;
  return `${Math.trunc(Math.trunc(ms / 3_600_000) / 24 / 365)} years`;
}

/** docker's CreatedSince: humanDuration(now - time) + " ago" (`2 hours ago`). */
export function timeAgo(time: Date | string | number, now: number = Date.now()): string {
  return `${humanDuration(now - new Date(time).getTime())} ago`;
}

/** docker's stringid.TruncateID: drops an `algo:` prefix and keeps 12 characters. */
export function truncateId(id: string): string {
  const colon = id.indexOf(':');
  const hex = colon >= 0 ? id.slice(colon + 1) : id;
  return hex.length > 12 ? hex.slice(0, 12) : hex;
}

/** Display width of a code point as go-runewidth counts it (East Asian wide/fullwidth = 2, combining = 0). */
function runeWidth(c: string): number {
  if (/\p{Mn}|\p{Me}|\p{Cf}/u.test(c)) return 0;
  const cp = c.codePointAt(0)!;
  const wide =
    (cp >= 0x1100 && cp <= 0x115f) || (cp >= 0x2e80 && cp <= 0xa4cf && cp !== 0x303f) || (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0xfe30 && cp <= 0xfe4f) || (cp >= 0xff00 && cp <= 0xff60) || (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x1f300 && cp <= 0x1f64f) || (cp >= 0x1f900 && cp <= 0x1f9ff) || (cp >= 0x20000 && cp <= 0x3fffd);
  return wide ? 2 : 1;
}

/** docker's formatter.Ellipsis: fits `text` in `maxWidth` display columns, ending with `…` when cut. */
export function ellipsis(text: string, maxWidth: number): string {
  if (maxWidth <= 0) return '';
  const runes = [...text];
  if (maxWidth === 1) return runes[0] ?? '';
  let width = 0;
  const ends = runes.map((r) => (width += runeWidth(r)));
  if (width <= maxWidth) return text;
  const keep = ends.findIndex((w, i) => w <= maxWidth - 1 && ends[i + 1] > maxWidth - 1);
  return keep < 0 ? text : runes.slice(0, keep + 1).join('') + '…';
}
