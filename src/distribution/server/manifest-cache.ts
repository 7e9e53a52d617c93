/** An entry the cache can weigh. */
interface Weighed {
  content: Buffer;
}

/**
 * A byte-bounded LRU of manifests by digest. Content-addressed data never changes, so entries
 * need no invalidation; callers still check the repository's link before serving one.
 */
export class ManifestCache<T extends Weighed = { content: Buffer; mediaType: string }> {
  private readonly entries = new Map<string, T>();
  private bytes = 0;
  private readonly limit: number;

  constructor(limitBytes: number) {
    this.limit = limitBytes;
  }

  /** The entry for `key`, refreshed as most recently used. */
  get(key: string): T | undefined {
    const entry = this.entries.get(key);
    if (entry) {
      this.entries.delete(key);
      this.entries.set(key, entry);
    }
    return entry;
  }

  /** Adds an entry, evicting the least recently used ones beyond the byte limit. */
  set(key: string, entry: T): void {
    if (entry.content.length > this.limit / 4 || this.entries.has(key)) return;
    this.entries.set(key, entry);
    this.bytes += entry.content.length;
    for (const [oldKey, old] of this.entries) {
      if (this.bytes <= this.limit) break;
      this.entries.delete(oldKey);
      this.bytes -= old.content.length;
    }
  }
}
