/**
 * Which rate prices a call: the rate of the call's direction whose prefix is the longest leading part of the other
 * party's number (the caller for inbound calls, the callee for outbound ones). A call no rate covers comes back as
 * a typed "unrated" answer, never a throw and never silently dropped: the reconciler keeps and reports it.
 *
 * The reconciler looks up millions of calls a second, so each card is compiled once (kept per card object; treat a
 * checked card as immutable) into one map per direction plus the prefix lengths it holds, longest first: a look-up
 * is a handful of map probes, whatever the card's size.
 */
import { callingCodeOf } from './calling-codes';
import type { CallDirection, MinuteRate, RateCard } from './rate-card';

/** Rate class key of the connect fee's meter and price, beside the per-rate keys of {@link rateClassKey}. */
export const CONNECT_FEE_CLASS_KEY = 'connect';

/**
 * The stable id of a rate class: direction and prefix, `out-44` or `in-1800`. Stripe meters, prices and lookup keys
 * and the reconciler's rated records are named by it, so it never changes while the direction and prefix stay.
 */
export function rateClassKey(rate: Pick<MinuteRate, 'direction' | 'prefix'>): string {
  return `${rate.direction === 'inbound' ? 'in' : 'out'}-${rate.prefix}`;
}

/** Why a call has no rate. */
export type UnratedReason = 'no-minute-rates' | 'no-matching-prefix' | 'not-a-number' | 'not-a-duration';

/** The answer of {@link findRate}: the rate that prices the call, or why none does. */
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

interface CompiledDirection {
  readonly byPrefix: ReadonlyMap<string, Extract<RateLookup, { kind: 'rated' }>>;
  /** Distinct prefix lengths of this direction, longest first. */
  readonly lengths: readonly number[];
}

const compiled = new WeakMap<RateCard, Readonly<Record<CallDirection, CompiledDirection>>>();

function compile(card: RateCard): Readonly<Record<CallDirection, CompiledDirection>> {
  const cached = compiled.get(card);
  if (cached) return cached;
  const build = (direction: CallDirection): CompiledDirection => {
    const byPrefix = new Map<string, Extract<RateLookup, { kind: 'rated' }>>();
    (card.minutes?.rates ?? []).forEach((rate, index) => {
      // checkRateCard refuses duplicates; on an unchecked card the first rate of a prefix wins, as it reads.
      if (rate.direction === direction && !byPrefix.has(rate.prefix)) byPrefix.set(rate.prefix, { kind: 'rated', rate, rateClass: rateClassKey(rate), index });
    });
    const lengths = [...new Set([...byPrefix.keys()].map((p) => p.length))].sort((a, b) => b - a);
    return { byPrefix, lengths };
  };
  const result = { inbound: build('inbound'), outbound: build('outbound') };
  compiled.set(card, result);
  return result;
}

/** The rate of the longest prefix matching `otherParty` (E.164, "+" optional) in `direction`, or why there is none. */
export function findRate(card: RateCard, direction: CallDirection, otherParty: string): RateLookup {
  const digits = otherParty.startsWith('+') ? otherParty.slice(1) : otherParty;
  if (!/^[1-9]\d{0,14}$/.test(digits)) {
    return { kind: 'unrated', reason: 'not-a-number', summary: `"${otherParty}" is not an E.164 number, so no prefix can rate the ${direction} call` };
  }
  if (!card.minutes) return { kind: 'unrated', reason: 'no-minute-rates', summary: `the rate card prices no minutes, so the ${direction} call with ${otherParty} has no rate` };
  const { byPrefix, lengths } = compile(card)[direction];
  for (const length of lengths) {
    if (length > digits.length) continue;
    const hit = byPrefix.get(digits.slice(0, length));
    if (hit) return hit;
  }
  const code = callingCodeOf(digits);
  const fix = code ? `add an ${direction} rate for "${code}" or a longer prefix of it` : `add an ${direction} rate whose prefix starts the number`;
  return { kind: 'unrated', reason: 'no-matching-prefix', summary: `no ${direction} rate covers ${otherParty}; ${fix}` };
}
