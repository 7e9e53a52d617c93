import { compareStrings } from '../registry-storage.js';

/** A page of a sorted list and the headers announcing the next one. */
export interface Page {
  items: string[];
  headers: Record<string, string>;
}

/**
 * Applies the spec's `n` (page size) and `last` (exclusive start) to a sorted list, and sets
 * `Link: <path?n=&last=>; rel="next"` when more entries follow.
 */
export function paginate(sorted: string[], url: URL, path: string): Page {
  const last = url.searchParams.get('last');
  const nParam = url.searchParams.get('n');
  const n = nParam !== null && /^\d+$/.test(nParam) ? Number(nParam) : undefined;
  const start = last === null ? 0 : sorted.findIndex((entry) => compareStrings(entry, last) > 0);
  const rest = start < 0 ? [] : sorted.slice(start);
  if (n === undefined || rest.length <= n) return { items: rest, headers: {} };
  const items = rest.slice(0, n);
  const headers: Record<string, string> = {};
  if (n > 0) headers.Link = `<${path}?n=${n}&last=${encodeURIComponent(items[items.length - 1])}>; rel="next"`;
  return { items, headers };
}
