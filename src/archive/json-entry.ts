import { BerthError } from '../core/index.js';

/** Parses an archive entry as JSON; invalid JSON is an ARCHIVE_INVALID error naming the entry. */
export function parseJsonEntry<T>(bytes: Buffer, entry: string): T {
  try {
    return JSON.parse(bytes.toString('utf8')) as T;
  } catch (err) {
    throw new BerthError('ARCHIVE_INVALID', `invalid archive: entry ${entry}: invalid JSON (${(err as Error).message})`);
  }
}

/** Throws ARCHIVE_INVALID naming the entry when `ok` is false. */
export function expectShape(ok: boolean, entry: string, what: string): void {
  if (!ok) throw new BerthError('ARCHIVE_INVALID', `invalid archive: entry ${entry}: ${what}`);
}
