/**
 * Longest-prefix match of a card's rates as a digit trie in two typed arrays, one root per direction. A look-up
 * walks the number's digits once, checking that it is an E.164 number on the way, and allocates nothing: this is the
 * reconciler's hottest loop (issue #13 asks for a million records a second per core), where slicing a string for
 * each candidate prefix length and probing a map costs more than the rest of rating together.
 */
import { UNRATED_REASONS, type UnratedReason } from './rate-class';
import type { CallDirection, MinuteRate } from './rate-card';

const INBOUND_ROOT = 0;
const OUTBOUND_ROOT = 1;
const CHAR_PLUS = 43;
const CHAR_ZERO = 48;
/** E.164 allows at most 15 digits. */
const MAX_DIGITS = 15;

/** The code a look-up answers for `reason`: negative, so a rate index (≥ 0) and a reason share one number. */
export function unratedCode(reason: UnratedReason): number {
  return -1 - UNRATED_REASONS.indexOf(reason);
}

/** The reason a negative look-up answer stands for. */
export function reasonOfCode(code: number): UnratedReason {
  return UNRATED_REASONS[-1 - code];
}

const NOT_A_NUMBER = unratedCode('not-a-number');
const NO_MINUTE_RATES = unratedCode('no-minute-rates');
const NO_MATCHING_PREFIX = unratedCode('no-matching-prefix');

/** A card's prefixes compiled for look-up. */
export class PrefixTrie {
  /** `next[node * 10 + digit]`: the child node, or -1. */
  private readonly next: Int32Array;
  /** `rateAt[node]`: index in the card's rates of the rate whose prefix ends at this node, or -1. */
  private readonly rateAt: Int32Array;

  /** Builds the trie of `rates` (the card's `minutes.rates`, undefined when it prices no minutes). */
  constructor(private readonly rates: readonly MinuteRate[] | undefined) {
    const next: number[] = new Array<number>(20).fill(-1);
    const rateAt: number[] = [-1, -1];
    (rates ?? []).forEach((rate, index) => {
      let node = rate.direction === 'inbound' ? INBOUND_ROOT : OUTBOUND_ROOT;
      for (let i = 0; i < rate.prefix.length; i++) {
        const slot = node * 10 + (rate.prefix.charCodeAt(i) - CHAR_ZERO);
        if (next[slot] < 0) {
          next[slot] = rateAt.length;
          rateAt.push(-1);
          for (let d = 0; d < 10; d++) next.push(-1);
        }
        node = next[slot];
      }
      // checkRateCard refuses duplicates; on an unchecked card the first rate of a prefix wins, as it reads.
      if (rateAt[node] < 0) rateAt[node] = index;
    });
    this.next = Int32Array.from(next);
    this.rateAt = Int32Array.from(rateAt);
  }

  /**
   * The index in the card's rates of the longest prefix of `otherParty` (E.164, "+" optional) among `direction`'s
   * rates, or a negative {@link unratedCode}: not an E.164 number, no minute rates, or no prefix matches.
   */
  lookup(direction: CallDirection, otherParty: string): number {
    const length = otherParty.length;
    let i = length > 0 && otherParty.charCodeAt(0) === CHAR_PLUS ? 1 : 0;
    const digits = length - i;
    if (digits < 1 || digits > MAX_DIGITS || otherParty.charCodeAt(i) === CHAR_ZERO) return NOT_A_NUMBER;
    // Any other direction (a corrupt record) has no root, so nothing matches; it is never a throw mid-batch.
    let node = direction === 'inbound' ? INBOUND_ROOT : direction === 'outbound' ? OUTBOUND_ROOT : -1;
    let best = node >= 0 ? this.rateAt[node] : -1;
    for (; i < length; i++) {
      const digit = otherParty.charCodeAt(i) - CHAR_ZERO;
      if (digit < 0 || digit > 9) return NOT_A_NUMBER;
      if (node >= 0) {
        node = this.next[node * 10 + digit];
        if (node >= 0 && this.rateAt[node] >= 0) best = this.rateAt[node];
      }
    }
    if (this.rates === undefined) return NO_MINUTE_RATES;
    return best >= 0 ? best : NO_MATCHING_PREFIX;
  }
}
