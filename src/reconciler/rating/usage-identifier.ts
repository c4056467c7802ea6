/**
 * The deterministic identifier of a usage event: `didops:<carrier>:<carrier call id>:<class>`, the same however
 * often the call is rated, so Stripe (which refuses a second event with an identifier it has seen) and the outbox's
 * primary key both drop a repeat instead of billing it twice.
 */
import { createHash } from 'node:crypto';

/** Stripe's limit on a meter event's `identifier`. */
export const MAX_USAGE_IDENTIFIER_LENGTH = 100;

/** The longest class key: `out-` and a 15-digit prefix (`connect` is shorter). */
const LONGEST_CLASS_KEY = 'out-'.length + 15;

/**
 * What every usage identifier of a call starts with, `didops:<carrier>:<carrier call id>:`; the class follows. A
 * carrier call id that could take an identifier past Stripe's 100 characters is replaced by `h-` and 40 hex digits
 * of its SHA-256, still one stem per call.
 */
export function usageIdentifierStem(carrier: string, carrierCallId: string): string {
  const stem = `didops:${carrier}:${carrierCallId}:`;
  if (stem.length + LONGEST_CLASS_KEY <= MAX_USAGE_IDENTIFIER_LENGTH) return stem;
  return `didops:${carrier}:h-${createHash('sha256').update(carrierCallId, 'utf8').digest('hex').slice(0, 40)}:`;
}

/** The identifier of the usage a call reports to one meter: `classKey` is the rate class (`out-44`) or `connect`. */
export function usageIdentifier(carrier: string, carrierCallId: string, classKey: string): string {
  return usageIdentifierStem(carrier, carrierCallId) + classKey;
}
