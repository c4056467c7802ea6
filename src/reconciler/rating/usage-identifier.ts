/**
 * The deterministic identifier of a usage event: `didops:<carrier>:<carrier call id>:<class>`, the same however
 * often the call is rated, so Stripe (which refuses a second event with an identifier it has seen) and the outbox's
 * primary key both drop a repeat instead of billing it twice.
 */
import { createHash } from 'node:crypto';

/** Stripe's limit on a meter event's `identifier`. */
export const MAX_USAGE_IDENTIFIER_LENGTH = 100;

/**
 * The identifier of the usage a call reports to one meter (`classKey` is the rate class, e.g. `out-44`, or
 * `connect`). A carrier call id too long for Stripe's 100 characters is replaced by `h-` and 40 hex digits of its
 * SHA-256, still one identifier per call.
 */
export function usageIdentifier(carrier: string, carrierCallId: string, classKey: string): string {
  const identifier = `didops:${carrier}:${carrierCallId}:${classKey}`;
  if (identifier.length <= MAX_USAGE_IDENTIFIER_LENGTH) return identifier;
  return `didops:${carrier}:h-${createHash('sha256').update(carrierCallId, 'utf8').digest('hex').slice(0, 40)}:${classKey}`;
}
