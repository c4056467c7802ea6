/**
 * Purchases by identical search criteria within one provider process. Resources with the same criteria (a pool of
 * support lines, `count = 1000` over a few area codes) are created side by side by both engines; searching at once,
 * they all see the same first matches and race for them, so some would run out of candidates. So they take turns,
 * and a search's matches that its purchase did not use are handed to the next purchase with the same criteria: a
 * stack of 1,000 numbers over ten area codes searches about 200 times instead of 1,000. A handed-on match may have
 * been sold meanwhile; the purchase then tries the next one, and searches afresh when none is left.
 */
import type { FoundNumber } from '../../search/search-numbers';

/** How long unused matches are offered to the next purchase; past it they are likely stale. */
const LEFTOVER_TTL_MS = 30_000;

/** The turns and unused matches of identical searches; one per handler, so one per provider process and account. */
export class SearchLanes {
  private readonly turns = new Map<string, Promise<unknown>>();
  private readonly unused = new Map<string, { found: FoundNumber[]; until: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Runs `purchase` after every purchase queued before it with the same `key`; without a key, at once. */
  async inTurn<T>(key: string | undefined, purchase: () => Promise<T>): Promise<T> {
    if (key === undefined) return purchase();
    const turn = (this.turns.get(key) ?? Promise.resolve()).catch(() => undefined).then(purchase);
    this.turns.set(key, turn);
    try {
      return await turn;
    } finally {
      if (this.turns.get(key) === turn) this.turns.delete(key);
    }
  }

  /** Takes the matches an earlier search with `key` found and did not use, if they are recent. */
  takeUnused(key: string): FoundNumber[] {
    const entry = this.unused.get(key);
    this.unused.delete(key);
    return entry && entry.until > this.now() ? entry.found : [];
  }

  /** Offers matches a search with `key` found but did not use to the next purchase with the same key. */
  keepUnused(key: string, found: FoundNumber[]): void {
    const now = this.now();
    if (this.unused.size >= 1000) {
      // Criteria used once (every resource its own search) would otherwise pile up for the life of the process.
      for (const [k, entry] of this.unused) if (entry.until <= now) this.unused.delete(k);
    }
    if (found.length === 0) this.unused.delete(key);
    else this.unused.set(key, { found, until: now + LEFTOVER_TTL_MS });
  }
}
