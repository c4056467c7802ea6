/**
 * Reads of many carrier objects served from one listing of the account. A refresh of a stack of 10,000 numbers asks
 * for each one; fetched one by one at an engine's parallelism of 10 against a carrier that answers in 200 ms, that
 * is minutes, and it meets the carrier's concurrency limits. Listing the account page by page (1,000 a page on
 * Twilio) serves the same reads with a hundredth of the requests. The same listing answers "which objects carry this
 * key" (an ownership tag) for a burst of creates, each of which would otherwise scan the account.
 *
 * The rules that keep it truthful:
 * - a listing is made only once calls show that a batch is under way (the first few are answered directly, so a
 *   stack of three numbers never lists an account of 10,000);
 * - it lives for one command: it expires a minute after it was started (Terraform and Pulumi start a provider
 *   process per command, so in practice the process ends first);
 * - an object the listing lacks is fetched directly before it is reported gone (one bought after the listing, or
 *   one that moved between pages while they were read);
 * - writes made through the same owner replace or drop their entry, so a read after an update sees the update; a
 *   write whose answer was lost makes its key distrusted, so it is looked for at the carrier from then on.
 */

/** Options of {@link ListingReads}. */
export interface ListingReadsOptions<T> {
  /** Lists every object of the account (all pages). */
  readonly list: () => Promise<T[]>;
  /** The id a read asks for (a SID). */
  readonly idOf: (item: T) => string;
  /** Other keys an object is found by with {@link ListingReads.find} (its ownership tag), if any. */
  readonly keyOf?: (item: T) => string | undefined;
  /** Calls answered directly before a listing is made (default 16). */
  readonly directCalls?: number;
  /** How long a listing serves after it was started, in ms (default 60 s). */
  readonly ttlMs?: number;
  /** Clock (tests pass their own). */
  readonly now?: () => number;
}

/** One listing, indexed by id and by key. */
class ListingIndex<T> {
  private readonly byId = new Map<string, T>();
  private readonly byKey = new Map<string, Set<string>>();

  constructor(
    private readonly idOf: (item: T) => string,
    private readonly keyOf: ((item: T) => string | undefined) | undefined,
    items: readonly T[],
  ) {
    for (const item of items) this.put(item);
  }

  get(id: string): T | undefined {
    return this.byId.get(id);
  }

  find(key: string): T[] {
    return [...(this.byKey.get(key) ?? [])].map((id) => this.byId.get(id)!);
  }

  put(item: T): void {
    const id = this.idOf(item);
    this.drop(id);
    this.byId.set(id, item);
    const key = this.keyOf?.(item);
    if (key === undefined) return;
    let ids = this.byKey.get(key);
    if (!ids) this.byKey.set(key, (ids = new Set()));
    ids.add(id);
  }

  drop(id: string): void {
    const old = this.byId.get(id);
    if (old === undefined) return;
    this.byId.delete(id);
    const key = this.keyOf?.(old);
    if (key !== undefined) this.byKey.get(key)?.delete(id);
  }
}

interface Listing<T> {
  readonly startedAt: number;
  /** Undefined when the listing failed: every call it would have answered is then answered directly. */
  readonly index: Promise<ListingIndex<T> | undefined>;
}

/** Serves reads by id (and look-ups by key) from one listing of the account once enough come in; see the module. */
export class ListingReads<T> {
  private calls = 0;
  private listing: Listing<T> | undefined;
  private readonly distrusted = new Set<string>();
  private readonly directCalls: number;
  private readonly ttlMs: number;
  private readonly now: () => number;
  /** Listings made so far (for tests and benchmarks). */
  listings = 0;

  constructor(private readonly options: ListingReadsOptions<T>) {
    this.directCalls = options.directCalls ?? 16;
    this.ttlMs = options.ttlMs ?? 60_000;
    this.now = options.now ?? Date.now;
  }

  /** The object with this id, from the listing when one serves, else from `fetchOne`; undefined when it is gone. */
  async read(id: string, fetchOne: () => Promise<T | undefined>): Promise<T | undefined> {
    const index = await this.servingIndex();
    const listed = index?.get(id);
    return listed !== undefined ? listed : fetchOne();
  }

  /**
   * The objects carrying `key`, from the listing when one serves, else from `direct` (a narrower query of the
   * carrier). Absence from a listing is believed here: whatever carries the key was made before the listing (and is
   * in it) or by this process since (and was remembered).
   */
  async find(key: string, direct: () => Promise<T[]>): Promise<T[]> {
    if (this.distrusted.has(key)) return direct();
    const index = await this.servingIndex();
    return index ? index.find(key) : direct();
  }

  /**
   * From now on, looks for `key` at the carrier, never in a listing: a write carrying it may have happened without
   * this process seeing the answer (a purchase whose answer was lost), so absence from a listing proves nothing.
   */
  distrust(key: string): void {
    this.distrusted.add(key);
  }

  /** Records the object as a write through the same owner returned it, so later reads see the write. */
  remember(item: T): void {
    void this.listing?.index.then((index) => index?.put(item));
  }

  /** Drops the object (released or deleted), so a later read asks the carrier. */
  forget(id: string): void {
    void this.listing?.index.then((index) => index?.drop(id));
  }

  /** The listing that answers this call, or undefined when the call is to be answered directly. */
  private async servingIndex(): Promise<ListingIndex<T> | undefined> {
    this.calls++;
    if (this.calls <= this.directCalls) return undefined;
    const now = this.now();
    if (!this.listing || now - this.listing.startedAt >= this.ttlMs) {
      this.listings++;
      const { list, idOf, keyOf } = this.options;
      this.listing = {
        startedAt: now,
        index: list().then(
          (items) => new ListingIndex(idOf, keyOf, items),
          () => undefined,
        ),
      };
    }
    return this.listing.index;
  }
}
