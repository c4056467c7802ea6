/**
 * Which rate prices a call: the rate of the call's direction whose prefix is the longest leading part of the other
 * party's number (the caller for inbound calls, the callee for outbound ones). A call no rate covers comes back as
 * a typed "unrated" answer, never a throw and never silently dropped: the reconciler keeps and reports it.
 *
 * The look-up is the card's compiled rater's (compiled-rater.ts, a digit trie built once per card object).
 */
import { compileRater } from './compiled-rater';
import type { RateLookup } from './rate-class';
import type { CallDirection, RateCard } from './rate-card';

export { CONNECT_FEE_CLASS_KEY, rateClassKey, UNRATED_REASONS, unratedSummary, type RateLookup, type UnratedReason } from './rate-class';

/** The rate of the longest prefix matching `otherParty` (E.164, "+" optional) in `direction`, or why there is none. */
export function findRate(card: RateCard, direction: CallDirection, otherParty: string): RateLookup {
  return compileRater(card).find(direction, otherParty);
}
