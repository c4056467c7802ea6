/**
 * The names rating gives its answers: a rate class (direction + prefix, the key of a Stripe meter and price), the
 * reasons a call has no rate, and the sentence that tells a person what to add. findRate, rateCall, the compiled
 * rater and the reconciler all answer in these terms, so a record reads the same whoever rated it.
 */
import { callingCodeOf } from './calling-codes';
import type { CallDirection, MinuteRate } from './rate-card';

/** Rate class key of the connect fee's meter and price, beside the per-rate keys of {@link rateClassKey}. */
export const CONNECT_FEE_CLASS_KEY = 'connect';

/**
 * The stable id of a rate class: direction and prefix, `out-44` or `in-1800`. Stripe meters, prices and lookup keys
 * and the reconciler's rated records are named by it, so it never changes while the direction and prefix stay.
 */
export function rateClassKey(rate: Pick<MinuteRate, 'direction' | 'prefix'>): string {
  return `${rate.direction === 'inbound' ? 'in' : 'out'}-${rate.prefix}`;
}

/** Why a call has no rate, in the order they are checked; the compiled rater encodes each as its position. */
export const UNRATED_REASONS = ['not-a-duration', 'not-a-number', 'no-minute-rates', 'no-matching-prefix'] as const;
/** Why a call has no rate. */
export type UnratedReason = (typeof UNRATED_REASONS)[number];

/** The answer of `findRate`: the rate that prices the call, or why none does. */
export type RateLookup =
  | {
      readonly kind: 'rated';
      /** The winning rate. */
      readonly rate: MinuteRate;
      /** Its {@link rateClassKey}. */
      readonly rateClass: string;
      /** Its position in `card.minutes.rates`, for diagnostics and per-class totals. */
      readonly index: number;
    }
  | {
      readonly kind: 'unrated';
      /** Machine-readable reason. */
      readonly reason: UnratedReason;
      /** One sentence for a person: which number, which direction, what is missing. */
      readonly summary: string;
    };

/** One sentence for a person about a call that has no rate: what is wrong with it, or which rate to add. */
export function unratedSummary(reason: UnratedReason, call: { readonly direction: CallDirection; readonly otherParty: string; readonly durationSeconds?: number }): string {
  const { direction, otherParty } = call;
  switch (reason) {
    case 'not-a-duration':
      return `the ${direction} call with ${otherParty} has no usable duration (${call.durationSeconds})`;
    case 'not-a-number':
      return `"${otherParty}" is not an E.164 number, so no prefix can rate the ${direction} call`;
    case 'no-minute-rates':
      return `the rate card prices no minutes, so the ${direction} call with ${otherParty} has no rate`;
    case 'no-matching-prefix': {
      const code = callingCodeOf(otherParty.startsWith('+') ? otherParty.slice(1) : otherParty);
      const fix = code ? `add an ${direction} rate for "${code}" or a longer prefix of it` : `add an ${direction} rate whose prefix starts the number`;
      return `no ${direction} rate covers ${otherParty}; ${fix}`;
    }
  }
}
