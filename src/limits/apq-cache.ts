import type { PersistedQueryOptions } from '@apollo/server';

/** The cache interface Apollo Server keeps automatic persisted queries in. */
type QueryCache = NonNullable<PersistedQueryOptions['cache']>;

/**
 * The store of automatic persisted queries (APQ): document text by SHA-256, in memory, holding
 * at most `maxBytes` of text (UTF-16 code units × 2, keys included). When a new document does
 * not fit, the least recently used ones are dropped; a client whose hash was dropped gets
 * PERSISTED_QUERY_NOT_FOUND and sends the full document again, as the APQ protocol expects.
 * A single document larger than the whole budget is not kept. TTLs are ignored: size bounds it.
 */
export class ApqCache implements QueryCache {
  // A Map iterates in insertion order; re-inserting on every hit makes the first key the LRU.
  private readonly entries = new Map<string, string>();
  private bytes = 0;

  constructor(private readonly maxBytes: number) {}

  async get(key: string): Promise<string | undefined> {
    const value = this.entries.get(key);
    if (value === undefined) return undefined;
    this.entries.delete(key);
    this.entries.set(key, value);
    return value;
  }

  async set(key: string, value: string): Promise<void> {
    await this.delete(key);
    const size = sizeOf(key, value);
    if (size > this.maxBytes) return;
    while (this.bytes + size > this.maxBytes) {
      const [oldest, text] = this.entries.entries().next().value as [string, string];
      this.entries.delete(oldest);
      this.bytes -= sizeOf(oldest, text);
    }
    this.entries.set(key, value);
    this.bytes += size;
  }

  async delete(key: string): Promise<boolean> {
    const value = this.entries.get(key);
    if (value === undefined) return false;
    this.entries.delete(key);
    this.bytes -= sizeOf(key, value);
    return true;
  }

  /** Documents held and their size in bytes, for tests and metrics. */
  usage(): { documents: number; bytes: number } {
    return { documents: this.entries.size, bytes: this.bytes };
  }
}

function sizeOf(key: string, value: string): number {
  return (key.length + value.length) * 2;
}
