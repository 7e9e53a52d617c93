import { createHash } from 'node:crypto';

/** A cache key: sha256 over the JSON of its parts (parent key, instruction, inputs). */
export function cacheKey(...parts: unknown[]): string {
  return `sha256:${createHash('sha256').update(JSON.stringify(parts)).digest('hex')}`;
}
