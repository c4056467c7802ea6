/**
 * Values derived from documents of the store (the active meter of an event name, whether a customer exists and on
 * which clock), kept between requests: the meter event endpoints ask the same few questions for every event, and
 * reading and parsing the same JSON documents again was a fifth of their work. The cache empties itself whenever a
 * document of one of its types may have changed (the store's write version moved, which every insert, update, delete
 * and rollback does), and it is never filled inside a transaction, whose reads may still roll back; so it can only
 * answer what a read of the store would answer now.
 */
import type { StripeObjectsRepository } from './stripe-objects-repository';

/** Entries kept before the cache starts over (a run with more customers than this reads some twice, no more). */
const DEFAULT_MAX_ENTRIES = 50_000;

/** A cache of values derived from the documents of some types. */
export class DocumentCache<V> {
  private readonly entries = new Map<string, V>();
  private filledAt = -1;

  constructor(
    private readonly store: StripeObjectsRepository,
    /** The document types the values are derived from. */
    private readonly types: readonly string[],
    private readonly maxEntries = DEFAULT_MAX_ENTRIES,
  ) {}

  /** The value for `key`: cached if nothing it derives from changed since, else `load()` (kept outside transactions). */
  get(key: string, load: () => V): V {
    const version = this.version();
    if (version !== this.filledAt) {
      this.entries.clear();
      this.filledAt = version;
    }
    if (this.entries.has(key)) return this.entries.get(key) as V;
    const value = load();
    if (this.store.inTransaction) return value;
    if (this.entries.size >= this.maxEntries) this.entries.clear();
    this.entries.set(key, value);
    return value;
  }

  private version(): number {
    let sum = 0;
    for (const type of this.types) sum += this.store.writeVersion(type);
    return sum;
  }
}
