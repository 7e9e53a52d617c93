import type { ImageConfig } from '../../core/index.js';

/**
 * Fills in history times the way BuildKit's image exporter does (normalizeLayersAndHistory): layer
 * steps carry the time their layer was made (a cache hit: its record's), steps without a time
 * (metadata instructions) get the time of the first timed step after an untimed one, and after that
 * the time of the step before them; the image's `created` is the last entry's. A rebuild served
 * entirely from the cache therefore gives the same config and image ID, as with BuildKit.
 * `fallback` stands in when no entry has a time (FROM scratch with metadata only).
 */
export function normalizeHistoryTimes(config: ImageConfig, fallback: string): void {
  const history = config.history ?? [];
  let created: string | undefined;
  let untimed = false;
  for (const entry of history) {
    if (entry.created !== undefined) {
      created = entry.created;
      if (untimed) break;
    } else untimed = true;
  }
  created ??= fallback;
  untimed = false;
  history.forEach((entry, i) => {
    if (entry.created === undefined) {
      untimed = true;
      history[i] = { created, ...entry }; // `created` first, as Go writes it
    } else if (untimed) created = entry.created;
  });
  config.created = history.at(-1)?.created ?? fallback;
}
