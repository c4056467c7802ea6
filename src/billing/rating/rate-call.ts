/**
 * Rating: one call's billable seconds and rate class, and a billing period's lines exactly as Stripe will invoice
 * them. Stripe sees per rate class one meter whose events are billable seconds and one metered price per second
 * (metered-price.ts); it sums the period's seconds, applies the price (tiers included) and rounds the line once,
 * half up. `ratePeriod` does the same sums with the same prices, so its totals equal the invoice's to the minor
 * unit (docs/billing.md, "Rounding").
 *
 * Every rate class of the card has a line, used or not, because every class is a subscription item on Stripe and
 * an idle tiered class can still owe its first tier's flat fee. Calls no rate covers are returned, never dropped,
 * and cost nothing: Stripe never hears of them.
 *
 * Both rate through the card's compiled rater (compiled-rater.ts), the one implementation of the look-up and the
 * billable seconds that the reconciler's bulk rating uses too.
 */
import { money, sumMoney, type Money } from '../../core/money';
import { compileRater } from './compiled-rater';
import { lineAmountFor } from './metered-amount';
import type { MeteredPriceSpec } from './metered-price';
import { reasonOfCode } from './prefix-trie';
import { CONNECT_FEE_CLASS_KEY, unratedSummary, type UnratedReason } from './rate-class';
import type { CallDirection, MinuteRate, RateCard } from './rate-card';

/** What rating needs of a call record. */
export interface CallToRate {
  /** `inbound` (to one of our numbers) or `outbound` (from one). */
  readonly direction: CallDirection;
  /** The other party's number in E.164 (the caller of an inbound call, the callee of an outbound one). */
  readonly otherParty: string;
  /** Answered duration in seconds; 0 for a call that was not answered. Fractions are billed as a whole second. */
  readonly durationSeconds: number;
}

/** One call, rated. */
export type RatedCall =
  | {
      readonly kind: 'rated';
      /** {@link rateClassKey} of the rate that priced it: the meter its seconds go to. */
      readonly rateClass: string;
      /** The rate. */
      readonly rate: MinuteRate;
      /** Position of the rate in `card.minutes.rates`. */
      readonly rateIndex: number;
      /** Seconds to report to the class's meter (0 for an unanswered call). */
      readonly billableSeconds: number;
      /** True when the call was answered, so it counts towards the connect fee. */
      readonly answered: boolean;
    }
  | { readonly kind: 'unrated'; readonly reason: UnratedReason; readonly summary: string };

/**
 * Rates one call: its rate class and billable seconds, or why it has no rate. A corrupt duration (NaN, Infinity)
 * makes a record unratable, reported like any other rather than thrown mid-period.
 */
export function rateCall(card: RateCard, call: CallToRate): RatedCall {
  return compileRater(card).rate(call);
}

/** One rate class's invoice line for a period. */
export interface RateClassLine {
  /** {@link rateClassKey}, e.g. `out-44`. */
  readonly rateClass: string;
  /** The card's rate. */
  readonly rate: MinuteRate;
  /** The Stripe price it is billed on (per second). */
  readonly price: MeteredPriceSpec;
  /** Calls rated in this class, answered or not. */
  readonly calls: number;
  /** Answered calls among them. */
  readonly answeredCalls: number;
  /** The period's total billable seconds: the meter's sum. */
  readonly billableSeconds: number;
  /** What Stripe bills for the line, rounded once, half up. */
  readonly amount: Money;
}

/** The connect fee's invoice line: answered calls of every class on one price. */
export interface ConnectFeeLine {
  /** {@link CONNECT_FEE_CLASS_KEY}. */
  readonly rateClass: string;
  /** The Stripe price (per call). */
  readonly price: MeteredPriceSpec;
  /** Answered, rated calls: the connect meter's count. */
  readonly answeredCalls: number;
  /** answeredCalls × connectFee, rounded once, half up. */
  readonly amount: Money;
}

/** A call of the period no rate covers, kept so the reconciler can report it. */
export interface UnratedCall {
  /** Position of the call in the input, counted from 0. */
  readonly index: number;
  /** The call as given. */
  readonly call: CallToRate;
  /** Machine-readable reason. */
  readonly reason: UnratedReason;
  /** What is missing, for a person. */
  readonly summary: string;
}

/** A period's rating: Stripe's usage lines for it and the calls nothing priced. */
export interface PeriodRating {
  /** The card's currency. */
  readonly currency: string;
  /** One line per rate class of the card, in card order. */
  readonly lines: readonly RateClassLine[];
  /** The connect fee line, when the card has a connect fee. */
  readonly connectFee?: ConnectFeeLine;
  /** Calls that no rate covers; they cost nothing. */
  readonly unrated: readonly UnratedCall[];
  /** Sum of the rounded lines: the usage part of Stripe's invoice subtotal. */
  readonly total: Money;
}

/** Rates a billing period's calls into the lines and total Stripe will invoice for them. */
export function ratePeriod(card: RateCard, calls: Iterable<CallToRate>): PeriodRating {
  const rater = compileRater(card);
  const classes = rater.classes;
  const seconds = new Array<number>(classes.length).fill(0);
  const callCounts = new Array<number>(classes.length).fill(0);
  const answeredCounts = new Array<number>(classes.length).fill(0);
  const unrated: UnratedCall[] = [];
  let index = 0;
  for (const call of calls) {
    const rateIndex = rater.classify(call);
    if (rateIndex < 0) {
      const reason = reasonOfCode(rateIndex);
      unrated.push({ index, call, reason, summary: unratedSummary(reason, call) });
    } else {
      const billed = rater.billableSeconds(call.durationSeconds);
      seconds[rateIndex] += billed;
      callCounts[rateIndex] += 1;
      if (billed > 0) answeredCounts[rateIndex] += 1;
    }
    index += 1;
  }
  const lines = classes.map((c, i): RateClassLine => ({
    rateClass: c.rateClass,
    rate: c.rate,
    price: c.price,
    calls: callCounts[i],
    answeredCalls: answeredCounts[i],
    billableSeconds: seconds[i],
    amount: money(lineAmountFor(c.price, seconds[i]), card.currency),
  }));
  const price = rater.connectFeePrice;
  const connectFee = price === undefined ? undefined : connectFeeLine(price, answeredCounts.reduce((a, b) => a + b, 0), card.currency);
  const amounts = [...lines.map((l) => l.amount), ...(connectFee ? [connectFee.amount] : [])];
  return { currency: card.currency, lines, ...(connectFee ? { connectFee } : {}), unrated, total: sumMoney(amounts, card.currency) };
}

function connectFeeLine(price: MeteredPriceSpec, answeredCalls: number, currency: string): ConnectFeeLine {
  return { rateClass: CONNECT_FEE_CLASS_KEY, price, answeredCalls, amount: money(lineAmountFor(price, answeredCalls), currency) };
}
