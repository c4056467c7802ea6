/**
 * Purchases by identical search criteria within one provider process. Resources with the same criteria (a pool of
 * support lines, `count = 1000` over a few area codes) are created side by side by both engines; searching at once,
 * they would all see the same first matches and race for them, and some would run out of candidates. So the matches
 * of one search are handed out one per purchase, each to one purchase only, and a search runs only when none is left
 * (one at a time per criteria: purchases that arrive meanwhile wait for its matches). The purchases themselves run
 * side by side. A stack of 1,000 numbers over ten area codes searches about 200 times instead of 1,000, and a pool of
 * 100 numbers in one area code is bought at the engine's parallelism, not one at a time.
 *
 * A handed-out match may have been sold meanwhile; the purchase then asks for the next one.
 */
import type { FoundNumber } from '../../search/search-numbers';

/** How long unused matches are offered; past it they are likely stale, and a new search is made. */
const MATCH_TTL_MS = 30_000;

/** The matches of one criteria: found and not handed out yet, and every number handed out while the process lives. */
interface Lane {
  pool: FoundNumber[];
  foundAt: number;
  readonly handedOut: Set<string>;
  /** Handed out, and their purchase not finished: a search still finds them, so it must look past them. */
  readonly buying: Set<string>;
  searching?: Promise<void>;
}

/** The lanes of identical searches; one per handler, so one per provider process and account. */
export class SearchLanes {
  private readonly lanes = new Map<string, Lane>();

  constructor(private readonly now: () => number = Date.now) {}

  /**
   * The next match for a purchase with criteria `key`, one that no other purchase of this process was given. When
   * none is left, `search` runs (or the purchase waits for the search another one started); it is told how many of
   * the carrier's matches are being bought right now, so it asks for that many more. Undefined when a search finds
   * nothing that was not handed out already; an error of `search` goes to the purchase that ran it. Tell
   * {@link settled} when the purchase of the match is over, bought or not.
   */
  async next(key: string, search: (beingBought: number) => Promise<FoundNumber[]>): Promise<FoundNumber | undefined> {
    const lane = this.laneOf(key);
    while (lane.pool.length === 0) {
      if (lane.searching) {
        // Someone else's search: its matches may serve this purchase too.
        await lane.searching.catch(() => undefined);
        continue;
      }
      const searching = this.refill(lane, search);
      lane.searching = searching;
      try {
        await searching;
      } finally {
        if (lane.searching === searching) lane.searching = undefined;
      }
      if (lane.pool.length === 0) return undefined;
    }
    const match = lane.pool.shift()!;
    lane.handedOut.add(match.phoneNumber);
    lane.buying.add(match.phoneNumber);
    return match;
  }

  /** The purchase of a match handed out for `key` is over (bought, sold to someone else, or failed). */
  settled(key: string, phoneNumber: string): void {
    this.lanes.get(key)?.buying.delete(phoneNumber);
  }

  private async refill(lane: Lane, search: (beingBought: number) => Promise<FoundNumber[]>): Promise<void> {
    const found = await search(lane.buying.size);
    lane.pool = found.filter((f) => !lane.handedOut.has(f.phoneNumber));
    lane.foundAt = this.now();
  }

  private laneOf(key: string): Lane {
    let lane = this.lanes.get(key);
    if (!lane) this.lanes.set(key, (lane = { pool: [], foundAt: 0, handedOut: new Set(), buying: new Set() }));
    // Matches found long ago have likely been sold to someone else: search afresh.
    if (lane.pool.length > 0 && this.now() - lane.foundAt > MATCH_TTL_MS) lane.pool = [];
    return lane;
  }
}
