/**
 * A rate card compiled for bulk rating: the prefix trie of its rates, its increment checked once, each class's
 * Stripe price in integers. `rateCall`, `findRate` and `ratePeriod` are thin wrappers over the compiled rater of
 * their card ({@link compileRater}), so there is one implementation of the rules and the reconciler's bulk path rates
 * exactly as they do.
 *
 * Per call the rater allocates nothing but its answer; `rateBatch` writes into preallocated typed arrays and
 * allocates nothing at all. A compiled rater reads its card once: treat a checked card as immutable.
 */
import { incrementProblem, secondsOnGrid } from './billable-seconds';
import { allocateCallAmount, callCostText, safeNumberOf, scaledPriceOf, toScaledAmount, type ClassTally, type ScaledPrice } from './call-amount';
import { connectFeePriceOf, meteredPriceOf, type MeteredPriceSpec } from './metered-price';
import { PrefixTrie, reasonOfCode, unratedCode } from './prefix-trie';
import { rateClassKey, unratedSummary, type RateLookup } from './rate-class';
import type { CallToRate, RatedCall } from './rate-call';
import type { CallDirection, MinuteRate, RateCard } from './rate-card';

/** One rate class of a compiled card: a rate, its key and its Stripe price. */
export interface CompiledRateClass {
  /** Position of the rate in `card.minutes.rates`: the rate index answers carry. */
  readonly index: number;
  /** `rateClassKey(rate)`, e.g. `out-44`: the meter its seconds go to. */
  readonly rateClass: string;
  /** The card's rate. */
  readonly rate: MinuteRate;
  /** Its Stripe price per billable second. */
  readonly price: MeteredPriceSpec;
  /** True when the price has tiers, so a call's amount is an allocation that needs the period's tally. */
  readonly tiered: boolean;
}

/** The answers of `rateBatch`, one slot per call, in typed arrays a caller can reuse batch after batch. */
export interface RatedBatch {
  /** Calls answered in this batch (the arrays may be longer). */
  count: number;
  /** Per call: the rate index (≥ 0) in `card.minutes.rates`, or a negative code whose reason `unratedReasonOf` names. */
  readonly rateIndex: Int32Array;
  /** Per call: billable seconds (0 for an unanswered or unrated call). */
  readonly billableSeconds: Float64Array;
}

/** Typed arrays for `rateBatch` answers of up to `capacity` calls. */
export function createRatedBatch(capacity: number): RatedBatch {
  return { count: 0, rateIndex: new Int32Array(capacity), billableSeconds: new Float64Array(capacity) };
}

/** The reason a negative rate index of a {@link RatedBatch} stands for. */
export const unratedReasonOf = reasonOfCode;

const NOT_A_DURATION = unratedCode('not-a-duration');

/** A rate card compiled for rating many calls. */
export class CompiledRater {
  /** The card's rate classes, in card order (the rate index is the position). */
  readonly classes: readonly CompiledRateClass[];
  /** The connect fee per answered call in 10⁻¹² minor units; 0 when the card has none. */
  readonly connectFeeScaled: bigint;
  /** The connect fee's Stripe price, when the card has a fee. */
  readonly connectFeePrice: MeteredPriceSpec | undefined;
  private readonly connectFeeNumber: number | undefined;
  private readonly trie: PrefixTrie;
  private readonly scaledPrices: readonly ScaledPrice[];
  private readonly found: readonly Extract<RateLookup, { kind: 'rated' }>[];
  private readonly initial: number;
  private readonly subsequent: number;
  private readonly minimum: number;
  /** A bad increment on an unchecked card fails the first rated call, as `billableSeconds` always has. */
  private readonly incrementError: Error | undefined;

  /** Compiles `card`; prefer {@link compileRater}, which compiles each card once. */
  constructor(readonly card: RateCard) {
    const minutes = card.minutes;
    const rates = minutes?.rates ?? [];
    this.trie = new PrefixTrie(minutes?.rates);
    this.classes = rates.map((rate, index) => ({ index, rateClass: rateClassKey(rate), rate, price: meteredPriceOf(rate), tiered: rate.tiers !== undefined }));
    this.scaledPrices = this.classes.map((c) => scaledPriceOf(c.price));
    this.found = this.classes.map((c) => ({ kind: 'rated', rate: c.rate, rateClass: c.rateClass, index: c.index }));
    this.connectFeePrice = minutes?.connectFee === undefined ? undefined : connectFeePriceOf(minutes.connectFee);
    this.connectFeeScaled = this.connectFeePrice?.billingScheme === 'per_unit' ? toScaledAmount(this.connectFeePrice.unitAmountDecimal) : 0n;
    this.connectFeeNumber = safeNumberOf(this.connectFeeScaled);
    this.initial = minutes?.increment.initial ?? 1;
    this.subsequent = minutes?.increment.subsequent ?? 1;
    this.minimum = minutes?.minimumSeconds ?? 0;
    this.incrementError = minutes ? incrementProblem(minutes.increment) : undefined;
  }

  /** The rate index of `call` (≥ 0), or a negative code: its duration is unusable, or `lookup` found no rate. */
  classify(call: CallToRate): number {
    return this.classifyRecord(call.direction, call.otherParty, call.durationSeconds);
  }

  /** {@link classify} of a call given by its fields, for callers whose records have another shape. */
  classifyRecord(direction: CallDirection, otherParty: string, durationSeconds: number): number {
    if (!Number.isFinite(durationSeconds)) return NOT_A_DURATION;
    return this.trie.lookup(direction, otherParty);
  }

  /** The rate index of the longest prefix of `otherParty` in `direction` (≥ 0), or a negative code for why none. */
  lookup(direction: CallDirection, otherParty: string): number {
    return this.trie.lookup(direction, otherParty);
  }

  /** Billable seconds of a finite duration on the card's increment and minimum. */
  billableSeconds(durationSeconds: number): number {
    if (this.incrementError) throw this.incrementError;
    return secondsOnGrid(durationSeconds, this.initial, this.subsequent, this.minimum);
  }

  /** The rate of the longest prefix matching `otherParty` in `direction`, or why there is none (`findRate`'s answer). */
  find(direction: CallDirection, otherParty: string): RateLookup {
    const index = this.trie.lookup(direction, otherParty);
    if (index >= 0) return this.found[index];
    const reason = reasonOfCode(index);
    return { kind: 'unrated', reason, summary: unratedSummary(reason, { direction, otherParty }) };
  }

  /** Rates one call: its rate class and billable seconds, or why it has no rate (`rateCall`'s answer). */
  rate(call: CallToRate): RatedCall {
    const index = this.classify(call);
    if (index < 0) {
      const reason = reasonOfCode(index);
      return { kind: 'unrated', reason, summary: unratedSummary(reason, call) };
    }
    const rated = this.classes[index];
    const seconds = this.billableSeconds(call.durationSeconds);
    return { kind: 'rated', rateClass: rated.rateClass, rate: rated.rate, rateIndex: index, billableSeconds: seconds, answered: seconds > 0 };
  }

  /**
   * Rates `calls` into `into` (reused when it has room, else new arrays): per call its rate index or unrated code and
   * its billable seconds. Allocates nothing per call.
   */
  rateBatch(calls: ArrayLike<CallToRate>, into?: RatedBatch): RatedBatch {
    const count = calls.length;
    const out = into && into.rateIndex.length >= count && into.billableSeconds.length >= count ? into : createRatedBatch(count);
    const { rateIndex, billableSeconds } = out;
    for (let i = 0; i < count; i++) {
      const call = calls[i];
      const index = this.classify(call);
      rateIndex[i] = index;
      billableSeconds[i] = index >= 0 ? this.billableSeconds(call.durationSeconds) : 0;
    }
    out.count = count;
    return out;
  }

  /**
   * The exact amount of a rated call's minutes in 10⁻¹² minor units (call-amount.ts): seconds × the per-second price,
   * or, for a tiered class, the call's allocation from the period's `tally`, which it advances. The connect fee is
   * not included: it is its own invoice line ({@link connectFeeScaled} per answered call).
   */
  callAmount(rateIndex: number, billableSeconds: number, tally?: ClassTally): bigint {
    const price = this.scaledPrices[rateIndex];
    if (!price) throw new RangeError(`${rateIndex} is not a rate index of this card (it has ${this.scaledPrices.length} rates)`);
    return allocateCallAmount(price, billableSeconds, tally);
  }

  /**
   * What a rated call costs, as the decimal text the reconciler stores (`amount_decimal`): {@link callAmount} plus
   * the connect fee when the call was answered (billable seconds above 0), exact and unrounded.
   */
  callCostText(rateIndex: number, billableSeconds: number, tally?: ClassTally): string {
    const price = this.scaledPrices[rateIndex];
    if (!price) throw new RangeError(`${rateIndex} is not a rate index of this card (it has ${this.scaledPrices.length} rates)`);
    const answered = billableSeconds > 0;
    return callCostText(price, billableSeconds, tally, answered ? this.connectFeeScaled : 0n, answered ? this.connectFeeNumber : 0);
  }
}

const compiled = new WeakMap<RateCard, CompiledRater>();

/** The compiled rater of `card`: compiled on first use and kept as long as the card object lives, so callers need not hold it. */
export function compileRater(card: RateCard): CompiledRater {
  let rater = compiled.get(card);
  if (!rater) {
    rater = new CompiledRater(card);
    compiled.set(card, rater);
  }
  return rater;
}
