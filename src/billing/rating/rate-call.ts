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
 */
import { money, sumMoney, type Money } from '../../core/money';
import { billableSeconds } from './billable-seconds';
import { findRate, rateClassKey, CONNECT_FEE_CLASS_KEY, type UnratedReason } from './find-rate';
import { lineAmountFor } from './metered-amount';
import { connectFeePriceOf, meteredPriceOf, type MeteredPriceSpec } from './metered-price';
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
      /** Seconds to report to the class's meter (0 for an unanswered call). */
      readonly billableSeconds: number;
      /** True when the call was answered, so it counts towards the connect fee. */
      readonly answered: boolean;
    }
  | { readonly kind: 'unrated'; readonly reason: UnratedReason; readonly summary: string };

/** A corrupt duration (NaN, Infinity) makes a record unratable, reported like any other rather than thrown mid-period. */
function badDuration(call: CallToRate): Extract<RatedCall, { kind: 'unrated' }> | undefined {
  if (Number.isFinite(call.durationSeconds)) return undefined;
  return { kind: 'unrated', reason: 'not-a-duration', summary: `the ${call.direction} call with ${call.otherParty} has no usable duration (${call.durationSeconds})` };
}

/** Rates one call: its rate class and billable seconds, or why it has no rate. */
export function rateCall(card: RateCard, call: CallToRate): RatedCall {
  const found = badDuration(call) ?? findRate(card, call.direction, call.otherParty);
  if (found.kind === 'unrated') return found;
  const minutes = card.minutes;
  // findRate only rates calls on a card with minutes.
  const seconds = minutes ? billableSeconds(call.durationSeconds, minutes.increment, minutes.minimumSeconds) : 0;
  return { kind: 'rated', rateClass: found.rateClass, rate: found.rate, billableSeconds: seconds, answered: seconds > 0 };
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
  const rates = card.minutes?.rates ?? [];
  const seconds = new Array<number>(rates.length).fill(0);
  const callCounts = new Array<number>(rates.length).fill(0);
  const answeredCounts = new Array<number>(rates.length).fill(0);
  const unrated: UnratedCall[] = [];
  let index = 0;
  for (const call of calls) {
    const found = badDuration(call) ?? findRate(card, call.direction, call.otherParty);
    if (found.kind === 'unrated') {
      unrated.push({ index, call, reason: found.reason, summary: found.summary });
    } else if (card.minutes) {
      const billed = billableSeconds(call.durationSeconds, card.minutes.increment, card.minutes.minimumSeconds);
      seconds[found.index] += billed;
      callCounts[found.index] += 1;
      if (billed > 0) answeredCounts[found.index] += 1;
    }
    index += 1;
  }
  const lines = rates.map((rate, i): RateClassLine => {
    const price = meteredPriceOf(rate);
    return {
      rateClass: rateClassKey(rate),
      rate,
      price,
      calls: callCounts[i],
      answeredCalls: answeredCounts[i],
      billableSeconds: seconds[i],
      amount: money(lineAmountFor(price, seconds[i]), card.currency),
    };
  });
  const connectFee = card.minutes?.connectFee === undefined ? undefined : connectFeeLine(card.minutes.connectFee, answeredCounts.reduce((a, b) => a + b, 0), card.currency);
  const amounts = [...lines.map((l) => l.amount), ...(connectFee ? [connectFee.amount] : [])];
  return { currency: card.currency, lines, ...(connectFee ? { connectFee } : {}), unrated, total: sumMoney(amounts, card.currency) };
}

function connectFeeLine(connectFee: string, answeredCalls: number, currency: string): ConnectFeeLine {
  const price = connectFeePriceOf(connectFee);
  return { rateClass: CONNECT_FEE_CLASS_KEY, price, answeredCalls, amount: money(lineAmountFor(price, answeredCalls), currency) };
}
