/**
 * One subscription per customer and rate card may bill minutes. Stripe sums a meter's usage per customer, and bills
 * that whole sum on every subscription item priced on the meter, so two subscriptions of one account on one card
 * with metered items would each bill all of the account's minutes (the sandbox does the same).
 */
import type { Billing } from '../../billing/billing';
import { OWNER_METADATA_KEY, parseLookupKey, RATE_CARD_METADATA_KEY } from '../../billing/rate-card-keys';
import type { BillingSubscription, SubscriptionLine } from '../../billing/subscriptions-port';
import { ValidationError } from '../../core/errors';

/** Statuses after which a subscription bills no more usage. */
const OVER: ReadonlySet<string> = new Set(['canceled', 'incomplete_expired']);

/** Who is about to bill minutes, and what is theirs already. */
export interface MeteredBilling {
  readonly customerId: string;
  readonly cardKey: string;
  /** The lines the subscription will have; only metered ones (no quantity) matter. */
  readonly lines: readonly SubscriptionLine[];
  /** The resource's identity: subscriptions it made are its own. */
  readonly owner: string;
  /** The resource's live subscription, when it has one (an update). */
  readonly subscriptionId?: string;
}

/**
 * Throws on `meteredMinutes` when another live subscription of the customer already bills the same card's minutes,
 * naming it; does nothing when the plan bills no minutes.
 */
export async function refuseSharedMeteredUsage(billing: Pick<Billing, 'subscriptions'>, plan: MeteredBilling): Promise<void> {
  if (!plan.lines.some((line) => line.quantity === undefined)) return;
  const onCard = await billing.subscriptions.findSubscriptions(plan.customerId, { [RATE_CARD_METADATA_KEY]: plan.cardKey });
  const other = onCard.find(
    (s) => s.id !== plan.subscriptionId && s.metadata[OWNER_METADATA_KEY] !== plan.owner && !OVER.has(s.status) && billsMinutesOf(s, plan.cardKey),
  );
  if (!other) return;
  const owner = other.metadata[OWNER_METADATA_KEY];
  throw new ValidationError({
    field: 'meteredMinutes',
    summary: `subscription ${other.id}${owner ? ` (${owner})` : ''} already bills this account's minutes on rate card "${plan.cardKey}"`,
    detail:
      "Stripe bills a meter's whole usage for a customer on every subscription priced on it, so both would bill every minute; " +
      'set `meteredMinutes: false` on one of them',
  });
}

/** True when `subscription` has a metered item priced from the card `cardKey`. */
function billsMinutesOf(subscription: BillingSubscription, cardKey: string): boolean {
  return subscription.items.some((item) => {
    const parsed = parseLookupKey(item.lookupKey);
    return item.quantity === undefined && parsed?.cardKey === cardKey && (parsed.kind === 'minutes' || parsed.kind === 'connect');
  });
}
