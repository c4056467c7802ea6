/**
 * The subscriptions part of the billing port on Stripe: subscriptions with their items, and invoice items (one-off
 * charges such as setup fees). Each item keeps the lookup key it bills in its metadata, because a price gives its
 * lookup key up to the next one when the card changes an amount, and the item must still be known for what it is.
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
  type SubscriptionStatus,
} from '../subscriptions-port';
import type { StripeClient } from './client';
import { isStripeMissing, stripeCall } from './errors';
import { collect, wasReplayed } from './requests';

/** Subscription item metadata key holding the lookup key the item bills. */
export const ITEM_LOOKUP_KEY_METADATA_KEY = 'didops_lookup_key';

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
  /** The subscription with every item (its embedded list stops at a page). */
  const whole = async (subscription: Stripe.Subscription): Promise<BillingSubscription> => {
    const items = subscription.items.has_more ? await collect(stripe.subscriptionItems.list({ subscription: subscription.id, limit: 100 })) : subscription.items.data;
    return subscriptionOf(subscription, items);
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

function subscriptionOf(subscription: Stripe.Subscription, items: readonly Stripe.SubscriptionItem[]): BillingSubscription {
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
  };
}

function itemOf(item: Stripe.SubscriptionItem): SubscriptionItem {
  const metered = item.price.recurring?.usage_type === 'metered';
  return {
    id: item.id,
    lookupKey: item.metadata?.[ITEM_LOOKUP_KEY_METADATA_KEY] ?? item.price.lookup_key ?? '',
    priceId: item.price.id,
    ...(metered ? {} : { quantity: item.quantity ?? 1 }),
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
