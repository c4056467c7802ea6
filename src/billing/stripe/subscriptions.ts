/**
 * The subscriptions part of the billing port on Stripe: subscriptions with their items, and invoice items (one-off
 * charges such as setup fees). Each item keeps the lookup key it bills in its metadata, because a price gives its
 * lookup key up to the next one when the card changes an amount, and the item must still be known for what it is.
 *
 * A subscription's planned lines are the later phases of the schedule managing it (schedules.ts). Stripe's schedule
 * replaces the items at each phase, so a subscription on a schedule is changed through the schedule: the current
 * phase takes the change (Stripe applies it to the subscription at once, prorated as asked) and every later phase
 * takes the planned lines; a cancellation at period end releases the schedule first, as Stripe leaves cancellation
 * of a scheduled subscription to its schedule.
 */
import type Stripe from 'stripe';
import type { BillingMetadata } from '../catalogue-port';
import {
  matchesMetadata,
  type BillingSubscription,
  type BillingSubscriptions,
  type InvoiceCharge,
  type ItemChange,
  type SubscriptionItem,
  type SubscriptionLine,
  type SubscriptionChange,
  type SubscriptionStatus,
} from '../subscriptions-port';
import type { StripeClient } from './client';
import { isStripeMissing, stripeCall } from './errors';
import { collect, subscriptionItemsOf, wasReplayed } from './requests';
import {
  intervalOf,
  ITEM_LOOKUP_KEY_METADATA_KEY,
  phaseItemOfLine,
  phaseItemsOfSubscription,
  plannedLinesOf,
  rewritePhases,
  scheduleOf,
  type PhaseDraft,
  type PhaseItemDraft,
  type SchedulePhases,
} from './schedules';

export { ITEM_LOOKUP_KEY_METADATA_KEY };

/** Statuses of a subscription that is over: nothing more is billed, and it cannot be changed. */
const OVER: ReadonlySet<string> = new Set(['canceled', 'incomplete_expired']);

/** The subscriptions part of the billing port, on the given Stripe client. */
export function stripeSubscriptions(stripe: StripeClient): BillingSubscriptions {
  const retrieve = async (id: string): Promise<Stripe.Subscription | undefined> => {
    try {
      return await stripe.subscriptions.retrieve(id);
    } catch (err) {
      if (isStripeMissing(err)) return undefined;
      throw err;
    }
  };
  const itemsOf = (subscription: Stripe.Subscription) => subscriptionItemsOf(stripe, subscription);
  /** The subscription with every item and what its schedule plans. */
  const whole = async (subscription: Stripe.Subscription): Promise<BillingSubscription> => {
    const [items, phases] = await Promise.all([itemsOf(subscription), scheduleOf(stripe, subscription)]);
    return subscriptionOf(subscription, items, phases);
  };
  /** A change to a subscription on a schedule, made through the schedule's phases. */
  const changeScheduled = async (subscription: Stripe.Subscription, phases: SchedulePhases, change: SubscriptionChange, write: { idempotencyKey: string }): Promise<void> => {
    const settle = (phase: PhaseDraft, items: readonly PhaseItemDraft[]): PhaseDraft => ({
      ...phase,
      items,
      ...(change.taxRateIds !== undefined ? { taxRateIds: change.taxRateIds } : {}),
      ...(change.collectionMethod !== undefined ? { collectionMethod: change.collectionMethod } : {}),
      ...(change.daysUntilDue !== undefined ? { daysUntilDue: change.daysUntilDue } : {}),
    });
    const items = await itemsOf(subscription);
    const current = settle(phases.current, changedItems(phaseItemsOfSubscription(items), items, change.items));
    const later = phases.later.map((phase) => settle(phase, change.plannedLines ? change.plannedLines.map(phaseItemOfLine) : phase.items));
    await rewritePhases(stripe, phases.schedule, { current, later, prorationBehavior: change.prorationBehavior, interval: intervalOf(subscription) }, write.idempotencyKey);
  };

  return {
    getSubscription: (id) =>
      stripeCall({ operation: `read subscription ${id}` }, async () => {
        const found = await retrieve(id);
        return found && whole(found);
      }),

    findSubscriptions: (customerId, metadata) =>
      stripeCall({ operation: `find subscriptions of ${customerId}` }, async () => {
        const all = await collect(stripe.subscriptions.list({ customer: customerId, status: 'all', limit: 100 }));
        return Promise.all(all.filter((s) => matchesMetadata(s.metadata, metadata)).map(whole));
      }),

    createSubscription: (spec, write) =>
      stripeCall({ operation: `create the subscription of ${spec.customerId}` }, async () => {
        const created = await stripe.subscriptions.create(
          {
            customer: spec.customerId,
            items: spec.lines.map(itemParams),
            ...(spec.taxRateIds.length > 0 ? { default_tax_rates: [...spec.taxRateIds] } : {}),
            collection_method: spec.collectionMethod,
            ...(spec.daysUntilDue !== undefined ? { days_until_due: spec.daysUntilDue } : {}),
            // The subscription exists even when its first payment fails; its status says so (`incomplete`).
            payment_behavior: 'allow_incomplete',
            metadata: { ...spec.metadata },
          },
          { idempotencyKey: write.idempotencyKey },
        );
        // A replayed answer is the subscription as it was first made; what it is now is what the caller needs.
        return whole(wasReplayed(created) ? ((await retrieve(created.id)) ?? created) : created);
      }),

    changeSubscription: (id, change, write) =>
      stripeCall({ operation: `change subscription ${id}` }, async () => {
        const found = await retrieve(id);
        const phases = found && (await scheduleOf(stripe, found));
        if (found && phases) {
          await changeScheduled(found, phases, change, write);
          return whole((await retrieve(id)) ?? found);
        }
        const params: Stripe.SubscriptionUpdateParams = {
          items: change.items.map(itemChangeParams),
          proration_behavior: change.prorationBehavior,
          payment_behavior: 'allow_incomplete',
        };
        if (change.taxRateIds !== undefined) params.default_tax_rates = change.taxRateIds.length > 0 ? [...change.taxRateIds] : '';
        if (change.collectionMethod !== undefined) params.collection_method = change.collectionMethod;
        if (change.daysUntilDue !== undefined && change.daysUntilDue !== null) params.days_until_due = change.daysUntilDue;
        const updated = await stripe.subscriptions.update(id, params, { idempotencyKey: write.idempotencyKey });
        return whole(wasReplayed(updated) ? ((await retrieve(id)) ?? updated) : updated);
      }),

    cancelSubscription: (id, options) =>
      stripeCall({ operation: `cancel subscription ${id}` }, async () => {
        const found = await retrieve(id);
        if (!found || OVER.has(found.status)) return;
        if (options.atPeriodEnd) {
          // What a schedule planned for after the period would never start; Stripe cancels a scheduled subscription only through its schedule.
          const phases = await scheduleOf(stripe, found);
          if (phases) await stripe.subscriptionSchedules.release(phases.schedule.id);
          if (!found.cancel_at_period_end) await stripe.subscriptions.update(id, { cancel_at_period_end: true });
          return;
        }
        // A final invoice bills the usage the meters counted this period (and, with `prorate`, credits unused time).
        await stripe.subscriptions.cancel(id, { invoice_now: true, prorate: options.prorate });
      }),

    findInvoiceCharges: (customerId, metadata) =>
      stripeCall({ operation: `find invoice items of ${customerId}` }, async () =>
        (await collect(stripe.invoiceItems.list({ customer: customerId, limit: 100 }))).filter((item) => matchesMetadata(item.metadata, metadata)).map(invoiceChargeOf),
      ),

    createInvoiceCharge: (spec, write) =>
      stripeCall({ operation: `add "${spec.description}" to the next invoice of ${spec.customerId}` }, async () =>
        invoiceChargeOf(
          await stripe.invoiceItems.create(
            {
              customer: spec.customerId,
              pricing: { price: spec.priceId },
              ...(spec.subscriptionId !== undefined ? { subscription: spec.subscriptionId } : {}),
              description: spec.description,
              metadata: { ...spec.metadata },
            },
            { idempotencyKey: write.idempotencyKey },
          ),
        ),
      ),
  };
}

/** A new item: its price, its quantity when licensed, and the lookup key it bills. */
function itemParams(line: SubscriptionLine): Stripe.SubscriptionCreateParams.Item {
  return { price: line.priceId, ...(line.quantity !== undefined ? { quantity: line.quantity } : {}), metadata: { [ITEM_LOOKUP_KEY_METADATA_KEY]: line.lookupKey } };
}

function itemChangeParams(change: ItemChange): Stripe.SubscriptionUpdateParams.Item {
  switch (change.kind) {
    case 'add':
      return itemParams(change.line);
    case 'remove':
      return { id: change.itemId, deleted: true };
    case 'update':
      return {
        id: change.itemId,
        ...(change.priceId !== undefined ? { price: change.priceId } : {}),
        ...(change.quantity !== undefined ? { quantity: change.quantity } : {}),
        metadata: { [ITEM_LOOKUP_KEY_METADATA_KEY]: change.lookupKey },
      };
  }
}

/** The phase items after item changes (by subscription item id; `items` are the subscription's, in the same order as `current`). */
function changedItems(current: readonly PhaseItemDraft[], items: readonly Stripe.SubscriptionItem[], changes: readonly ItemChange[]): PhaseItemDraft[] {
  const byId = new Map(items.map((item, i) => [item.id, current[i]!] as const));
  const added: PhaseItemDraft[] = [];
  for (const change of changes) {
    if (change.kind === 'add') added.push(phaseItemOfLine(change.line));
    else if (change.kind === 'remove') byId.delete(change.itemId);
    else {
      const item = byId.get(change.itemId);
      if (!item) continue;
      byId.set(change.itemId, {
        price: change.priceId ?? item.price,
        ...(change.quantity !== undefined ? { quantity: change.quantity } : item.quantity !== undefined ? { quantity: item.quantity } : {}),
        metadata: { ...item.metadata, [ITEM_LOOKUP_KEY_METADATA_KEY]: change.lookupKey },
      });
    }
  }
  return [...byId.values(), ...added];
}

function subscriptionOf(subscription: Stripe.Subscription, items: readonly Stripe.SubscriptionItem[], phases: SchedulePhases | undefined): BillingSubscription {
  const latest = subscription.latest_invoice;
  const customer = subscription.customer;
  return {
    id: subscription.id,
    customerId: typeof customer === 'string' ? customer : customer.id,
    status: subscription.status as SubscriptionStatus,
    currency: subscription.currency.toUpperCase(),
    items: items.map(itemOf),
    collectionMethod: subscription.collection_method === 'send_invoice' ? 'send_invoice' : 'charge_automatically',
    daysUntilDue: subscription.days_until_due ?? null,
    taxRateIds: (subscription.default_tax_rates ?? []).map((rate: Stripe.TaxRate | string) => (typeof rate === 'string' ? rate : rate.id)),
    cancelAtPeriodEnd: subscription.cancel_at_period_end,
    latestInvoiceId: latest === null ? null : typeof latest === 'string' ? latest : (latest.id ?? null),
    metadata: { ...subscription.metadata },
    planned: plannedLinesOf(phases),
  };
}

function itemOf(item: Stripe.SubscriptionItem): SubscriptionItem {
  const metered = item.price.recurring?.usage_type === 'metered';
  return {
    id: item.id,
    lookupKey: item.metadata?.[ITEM_LOOKUP_KEY_METADATA_KEY] ?? item.price.lookup_key ?? '',
    priceId: item.price.id,
    ...(metered ? {} : { quantity: item.quantity ?? 1 }),
    currentPeriodStart: item.current_period_start ?? null,
    currentPeriodEnd: item.current_period_end ?? null,
  };
}

function invoiceChargeOf(item: Stripe.InvoiceItem): InvoiceCharge {
  const customer = item.customer;
  const invoice = item.invoice;
  return {
    id: item.id,
    customerId: typeof customer === 'string' ? customer : customer.id,
    amount: item.amount,
    currency: item.currency.toUpperCase(),
    invoiceId: invoice === null ? null : typeof invoice === 'string' ? invoice : (invoice.id ?? null),
    metadata: { ...(item.metadata ?? {}) } as BillingMetadata,
  };
}
