/**
 * Reporting usage, in didops' terms: what a customer used (billable seconds of a rate class, answered calls) becomes
 * usage events on the meters a rate card created (their event names come from rate-card-keys.ts), which the provider
 * adds up into the metered prices of the customer's subscription.
 *
 * Exactly once: every event carries an identifier derived from what it counts ({@link usageIdentifier}), and the
 * provider counts an identifier once, so reporting the same usage again (a retry, a re-run after a crash, two
 * reconcilers racing) never bills it twice. Reporting is therefore safe to repeat, in whole or in part.
 *
 * What the provider checks later: on Stripe's high-throughput stream an event whose meter, customer, value or time it
 * refuses is dropped after the request succeeded and shows in the meter's error reports; `reportUsage` checks what it
 * can know (names, values, identifiers) before sending.
 */
import { idempotencyKey } from '../core/idempotency';

/** Longest identifier and event name a provider takes (Stripe: 100 characters). */
export const MAX_USAGE_NAME_LENGTH = 100;

/** One usage record. */
export interface UsageEvent {
  /** The meter's event name, from rate-card-keys.ts (`minutesMeterEventName`, `connectMeterEventName`). */
  readonly eventName: string;
  /** The provider's customer id (`cus_…`) of the billing account that used it. */
  readonly customerId: string;
  /** How much: billable seconds, or 1 for an answered call; a non-negative number of at most 15 significant digits. */
  readonly value: number;
  /** When it was used (the call's start), a UTC instant; the provider takes up to 35 days back and 5 minutes ahead. */
  readonly timestamp: Date;
  /** What makes it count once: the same usage always gets the same identifier ({@link usageIdentifier}). */
  readonly identifier: string;
}

/** What a report did. */
export interface UsageReport {
  /** Events sent (each counted once by the provider, however often it was sent). */
  readonly events: number;
  /** Batches sent, one request each (the provider's maximum per request: Stripe 100); resends are not counted. */
  readonly batches: number;
  /** Times the provider's short-lived session was renewed while it ran. */
  readonly sessionRenewals: number;
}

/** Usage reporting. */
export interface BillingUsage {
  /**
   * Sends the events, in batches, and resolves once the provider has accepted every one; a failure rejects with a
   * DidopsError naming the event (`events[203].value`). Sending again what was accepted changes nothing.
   */
  reportUsage(events: readonly UsageEvent[]): Promise<UsageReport>;
}

/**
 * The identifier of a usage event: derived from `source` (what produced it, e.g. `reconciler`) and `parts` (what it
 * counts, e.g. a call record's id and the rate class), so the same usage always has the same identifier;
 * `didops-usage-` and 22 base32 characters, within every provider's limit.
 */
export function usageIdentifier(source: string, parts: unknown): string {
  return idempotencyKey({ resource: source, operation: 'usage', inputs: parts });
}
