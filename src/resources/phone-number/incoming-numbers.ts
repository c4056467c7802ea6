/**
 * A carrier's owned numbers as the PhoneNumber resource reads them: through one listing of the account during a
 * burst of reads (src/core/batched-reads.ts), and by ownership tag, where a lost purchase answer makes the tag
 * "distrusted" so that only the carrier itself can say whether the purchase happened.
 */
import type { NumberSettings, OwnedNumber, OwnedNumbers, PurchaseOptions } from '../../carriers/carrier';
import { ListingReads } from '../../core/batched-reads';
import { answerWasLost } from '../../core/lost-answer';

/** The account's owned numbers at one carrier. */
export class IncomingNumbers {
  /** A refresh of many numbers is served from one listing of the account. */
  readonly batch: ListingReads<OwnedNumber>;

  constructor(
    private readonly numbers: OwnedNumbers,
    /** Tag lookups always ask the carrier (one whose purchases are orders: a pending one is in no listing). */
    private readonly tagsAtCarrier = false,
  ) {
    this.batch = new ListingReads({ list: () => this.numbers.list(), idOf: (n) => n.id, keyOf: (n) => n.tag });
  }

  /**
   * Owned numbers carrying the ownership `tag`: the numbers an earlier run bought for a resource. During a burst of
   * creates they come from the batch's listing (one scan of the account, not one per create); otherwise from the
   * carrier, narrowed to `digits`.
   */
  async tagged(tag: string, digits?: string, options?: PurchaseOptions): Promise<OwnedNumber[]> {
    if (this.tagsAtCarrier) return this.taggedNow(tag, digits, options);
    return this.batch.find(tag, () => this.taggedNow(tag, digits, options));
  }

  /**
   * Owned numbers carrying `tag` as the carrier has them now (a carrier whose purchases are orders finishes a pending
   * one first): after a lost answer only the carrier knows whether the purchase happened, so no listing may answer.
   */
  async taggedNow(tag: string, digits?: string, options?: PurchaseOptions): Promise<OwnedNumber[]> {
    const found = await this.numbers.tagged(tag, digits, options);
    for (const n of found) this.batch.remember(n);
    return found;
  }

  /** The number with this id as the carrier has it now, from the batch's listing during a refresh of many. */
  read(id: string): Promise<OwnedNumber | undefined> {
    return this.batch.read(id, () => this.numbers.fetch(id));
  }

  /** The number with this id, or undefined when it no longer exists (released outside didops). */
  fetch(id: string): Promise<OwnedNumber | undefined> {
    return this.numbers.fetch(id);
  }

  /** Owned numbers, optionally only those whose E.164 contains `digits`. */
  list(digits?: string): Promise<OwnedNumber[]> {
    return this.numbers.list(digits);
  }

  /** Buys `e164` with its settings, so a bought number is never left half-configured. */
  async purchase(e164: string, settings: NumberSettings, options?: PurchaseOptions): Promise<OwnedNumber> {
    try {
      const bought = await this.numbers.purchase(e164, settings, options);
      this.batch.remember(bought);
      return bought;
    } catch (err) {
      // The purchase may have happened (and may still land) without this process seeing it: a listing taken before
      // it landed would say the tag is free, so the tag is looked for at the carrier from now on.
      if (settings.tag && answerWasLost(err)) this.batch.distrust(settings.tag);
      throw err;
    }
  }

  /** Changes settings of an owned number (safe to repeat). */
  async update(id: string, settings: NumberSettings, operation: string): Promise<OwnedNumber> {
    const updated = await this.numbers.update(id, settings, operation);
    this.batch.remember(updated);
    return updated;
  }

  /** Releases a number; true when it was released now, false when it was already gone. */
  async release(id: string, e164: string): Promise<boolean> {
    try {
      return await this.numbers.release(id, e164);
    } finally {
      // Released or not, the listing's copy may be wrong now; the next read asks the carrier.
      this.batch.forget(id);
    }
  }
}
