/**
 * Subscription and subscription item documents. A subscription is stored with its items inside (`items.data`, as
 * served) and each item is also its own `subscription_item` document (parent: the subscription) so items can be
 * fetched and listed by id; {@link saveSubscription} is the one writer of both and keeps them equal. It also keeps the
 * subscription's due time (its period end, its cancellation time, the end of its schedule's current phase, or the end
 * of its 23 incomplete hours) in the due table, so passing time finds it.
 */
import type { BillingContext } from '../billing-context';
import { previousAttributes } from '../events/previous-attributes';
import { newStripeId } from '../ids';
import type { BillingPrice, BillingTaxRate, SubscriptionDoc, SubscriptionItemDoc } from '../invoicing/billing-types';

/** The store type of subscriptions. */
export const SUBSCRIPTION_TYPE = 'subscription';
/** The store type of subscription items. */
export const SUBSCRIPTION_ITEM_TYPE = 'subscription_item';
/** How long a subscription whose first payment failed stays `incomplete` before it expires (Stripe: 23 hours). */
export const INCOMPLETE_LIFETIME_SECONDS = 23 * 3600;

/** The legacy `plan` Stripe still serves beside an item's price. */
export function planOf(price: BillingPrice): Record<string, unknown> {
  return {
    id: price.id,
    object: 'plan',
    active: price.active,
    amount: price.unit_amount ?? null,
    amount_decimal: price.unit_amount_decimal ?? null,
    billing_scheme: price.billing_scheme,
    created: price.created,
    currency: price.currency,
    interval: price.recurring?.interval ?? 'month',
    interval_count: price.recurring?.interval_count ?? 1,
    livemode: false,
    metadata: price.metadata ?? {},
    meter: price.recurring?.meter ?? null,
    nickname: price.nickname ?? null,
    product: price.product,
    tiers_mode: price.tiers_mode ?? null,
    transform_usage: price.transform_quantity ?? null,
    trial_period_days: null,
    usage_type: price.recurring?.usage_type ?? 'licensed',
  };
}

/** True for an item billed in arrears from a meter. */
export function isMetered(item: SubscriptionItemDoc): boolean {
  return item.price.recurring?.usage_type === 'metered';
}

/** A new item of `subscription` on `price` for the period [start, end). */
export function newSubscriptionItem(spec: {
  subscription: string;
  price: BillingPrice;
  quantity: number | undefined;
  taxRates: BillingTaxRate[] | null;
  metadata: Record<string, string>;
  period: { start: number; end: number };
  now: number;
}): SubscriptionItemDoc {
  const item: SubscriptionItemDoc = {
    id: newStripeId('si'),
    object: 'subscription_item',
    billing_thresholds: null,
    created: spec.now,
    current_period_end: spec.period.end,
    current_period_start: spec.period.start,
    discounts: [],
    metadata: spec.metadata,
    plan: planOf(spec.price),
    price: spec.price,
    subscription: spec.subscription,
    tax_rates: spec.taxRates,
  };
  if (spec.price.recurring?.usage_type !== 'metered') item.quantity = spec.quantity ?? 1;
  return item;
}

/** The subscription's items list object around `items`. */
export function itemsList(subscriptionId: string, items: SubscriptionItemDoc[]): SubscriptionDoc['items'] {
  return { object: 'list', data: items, has_more: false, total_count: items.length, url: `/v1/subscription_items?subscription=${subscriptionId}` };
}

/** The store type of subscription schedules. */
export const SCHEDULE_TYPE = 'subscription_schedule';

/**
 * When the current phase of the schedule managing `subscription` ends (a phase starts or the schedule ends then), or
 * null when no live schedule manages it.
 */
export function scheduleBoundaryOf(bc: BillingContext, subscription: SubscriptionDoc): number | null {
  if (!subscription.schedule) return null;
  const schedule = bc.store.get<{ id: string; object: string; created: number; status: string; current_phase: { end_date: number } | null }>(SCHEDULE_TYPE, subscription.schedule);
  return schedule && schedule.status === 'active' ? (schedule.current_phase?.end_date ?? null) : null;
}

/**
 * When billing must next act on a subscription, or null when it never will again: the end of its period, its
 * cancellation, or `phaseEnd`, the end of its schedule's current phase, whichever comes first.
 */
export function subscriptionDueTime(subscription: SubscriptionDoc, phaseEnd: number | null = null): number | null {
  if (subscription.status === 'incomplete') return subscription.created + INCOMPLETE_LIFETIME_SECONDS;
  if (!['active', 'past_due', 'trialing', 'unpaid'].includes(subscription.status)) return null;
  const periodEnd = currentPeriodOf(subscription).end;
  const ends = subscription.cancel_at !== null ? Math.min(subscription.cancel_at, periodEnd) : periodEnd;
  return phaseEnd !== null ? Math.min(ends, phaseEnd) : ends;
}

/** The subscription's current period: its items share it (the sandbox bills all items of a subscription together). */
export function currentPeriodOf(subscription: SubscriptionDoc): { start: number; end: number } {
  const first = subscription.items.data[0];
  if (!first) return { start: subscription.start_date, end: subscription.start_date };
  return { start: first.current_period_start, end: first.current_period_end };
}

/** Stores a new subscription and its items. */
export function insertSubscription(bc: BillingContext, subscription: SubscriptionDoc): SubscriptionDoc {
  bc.store.transaction(() => {
    bc.store.insert(subscription, { customer: subscription.customer });
    for (const item of subscription.items.data) bc.store.insert(item, { customer: subscription.customer, parent: subscription.id });
    bc.due.schedule(subscription.id, subscriptionDueTime(subscription), subscription.test_clock);
  });
  return subscription;
}

/** Replaces a subscription and its items (inserting new items, deleting removed ones). */
export function saveSubscription(bc: BillingContext, subscription: SubscriptionDoc): SubscriptionDoc {
  const saved = { ...subscription, items: itemsList(subscription.id, subscription.items.data) };
  bc.store.transaction(() => {
    const kept = new Set(saved.items.data.map((item) => item.id));
    for (const old of [...bc.store.scan<SubscriptionItemDoc>({ type: SUBSCRIPTION_ITEM_TYPE, parent: saved.id })]) {
      if (!kept.has(old.id)) bc.store.delete(old.id);
    }
    for (const item of saved.items.data) {
      if (bc.store.seqOf(item.id) === undefined) bc.store.insert(item, { customer: saved.customer, parent: saved.id });
      else bc.store.update(item);
    }
    bc.store.update(saved);
    bc.due.schedule(saved.id, subscriptionDueTime(saved, scheduleBoundaryOf(bc, saved)), saved.test_clock);
  });
  return saved;
}

/** Publishes customer.subscription.updated (or .deleted) for a change from `before` to `after`, with what changed. */
export function publishSubscriptionChange(bc: BillingContext, type: 'customer.subscription.updated' | 'customer.subscription.deleted', before: SubscriptionDoc, after: SubscriptionDoc): void {
  const previous = previousAttributes(before, after);
  bc.events.publish(type, after, previous ? { previousAttributes: previous } : {});
}
