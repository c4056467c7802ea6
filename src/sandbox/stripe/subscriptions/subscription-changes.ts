/**
 * Changing a subscription's items mid-period (add, remove, new quantity, new price), with Stripe's prorations
 * (proration.ts): a licensed item's change makes a credit for the unused time of what it was and a charge for the
 * remaining time of what it becomes, as pending invoice items of the subscription (`create_prorations`, the
 * default), invoiced and collected at once (`always_invoice`), or not at all (`none`). Metered items are never
 * prorated: their period's usage is billed at the price they have when the period ends; removing one bills its
 * usage so far as a pending item unless `clear_usage`. Publishes invoiceitem.created per proration and
 * customer.subscription.updated with the items as they were.
 */
import { prorationItems, type ProrationBehavior } from '../billing/proration';
import { priceAmount } from '../billing/price-amount';
import type { BillingContext } from '../billing-context';
import { atomically } from '../billing-transaction';
import { invalidParam, invalidRequest } from '../http/stripe-error';
import type { BillingCustomer, BillingPrice, BillingTaxRate, SubscriptionDoc, SubscriptionItemDoc } from '../invoicing/billing-types';
import { createInvoiceItem } from '../invoicing/invoice-items';
import { invoiceCustomer } from '../invoicing/invoice-lifecycle';
import { collectInvoice } from './subscription-collection';
import { currentPeriodOf, isMetered, newSubscriptionItem, planOf, publishSubscriptionChange, saveSubscription } from './subscription-documents';
import { createSubscriptionInvoice } from './subscription-invoices';
import { describeDate, meteredLine, productNameOf } from './subscription-lines';
import type { PaymentBehavior } from './subscription-creation';

/** One item change: a new item (no `id`), or an existing one changed or `deleted`. */
export interface ItemChange {
  id?: string;
  deleted?: boolean;
  clearUsage?: boolean;
  price?: BillingPrice;
  quantity?: number;
  taxRates?: BillingTaxRate[] | null;
  metadata?: Record<string, string>;
  /** Where the change came from, for errors (`items[1]`). */
  param: string;
}

/** How the changes are billed. */
export interface ChangeOptions {
  prorationBehavior: ProrationBehavior;
  /** The moment prorations are computed for (default: now). */
  prorationDate?: number;
  paymentBehavior: PaymentBehavior;
}

/** Applies item changes to a live subscription; returns it as saved. */
export function changeSubscriptionItems(bc: BillingContext, subscription: SubscriptionDoc, changes: readonly ItemChange[], options: ChangeOptions): SubscriptionDoc {
  if (changes.length === 0) return subscription;
  if (subscription.status === 'canceled' || subscription.status === 'incomplete_expired') {
    throw invalidRequest(`A ${subscription.status} subscription cannot change its items (subscription ${subscription.id}).`, 'items');
  }
  if (options.paymentBehavior === 'error_if_incomplete' && options.prorationBehavior === 'always_invoice') {
    return atomically(bc, (inner) => apply(inner, subscription, changes, options, true));
  }
  return apply(bc, subscription, changes, options, false);
}

function apply(bc: BillingContext, subscription: SubscriptionDoc, changes: readonly ItemChange[], options: ChangeOptions, failOnDecline: boolean): SubscriptionDoc {
  const now = bc.timeOf(subscription.customer);
  const period = currentPeriodOf(subscription);
  const at = options.prorationDate ?? now;
  if (at < period.start || at > period.end) throw invalidParam('proration_date', `Invalid proration_date ${at}: it must lie in the current period (${period.start} to ${period.end}).`);
  const customer = invoiceCustomer(bc, subscription.customer);
  let items = [...subscription.items.data];
  for (const change of changes) {
    const index = change.id === undefined ? -1 : items.findIndex((item) => item.id === change.id);
    if (change.id !== undefined && index < 0) throw invalidParam(`${change.param}[id]`, `Subscription item ${change.id} does not belong to subscription ${subscription.id}.`);
    const before = index >= 0 ? items[index]! : undefined;
    const after = change.deleted ? undefined : changedItem(subscription, before, change, period, now);
    if (after && before && isMetered(before) !== isMetered(after)) {
      throw invalidParam(`${change.param}[price]`, 'A subscription item cannot switch between a licensed and a metered price; delete it and add a new item.');
    }
    const prorated = (before && !isMetered(before)) || (after && !isMetered(after));
    if (prorated) prorate(bc, customer, subscription, before, after, { period, at, behavior: options.prorationBehavior, now });
    if (before && !after && isMetered(before) && !change.clearUsage) billUsageSoFar(bc, customer, subscription, before, { start: period.start, end: at }, now);
    if (!after) items = items.filter((item) => item !== before);
    else if (before) items[index] = after;
    else items.push(after);
  }
  if (items.length === 0) throw invalidParam('items', 'A subscription must keep at least one item; cancel the subscription instead.');
  const updated = saveSubscription(bc, { ...subscription, items: { ...subscription.items, data: items } });
  publishSubscriptionChange(bc, 'customer.subscription.updated', subscription, updated);
  if (options.prorationBehavior !== 'always_invoice') return updated;
  const invoice = createSubscriptionInvoice(bc, updated, { reason: 'subscription_update', now, lines: [], period: { start: at, end: at }, autoFinalize: false });
  saveSubscription(bc, { ...bc.store.get<SubscriptionDoc>('subscription', updated.id)!, latest_invoice: invoice.id });
  const outcome = collectInvoice(bc, invoice, { at: now, offSession: false });
  if (outcome.declined && failOnDecline) throw outcome.declined;
  return bc.store.get<SubscriptionDoc>('subscription', updated.id)!;
}

/** The item after a change: a new item on the current period, or the existing one with its new fields. */
function changedItem(subscription: SubscriptionDoc, before: SubscriptionItemDoc | undefined, change: ItemChange, period: { start: number; end: number }, now: number): SubscriptionItemDoc {
  if (!before) {
    if (!change.price) throw invalidParam(`${change.param}[price]`, `Missing required param: ${change.param}[price].`, 'parameter_missing');
    return newSubscriptionItem({ subscription: subscription.id, price: change.price, quantity: change.quantity, taxRates: change.taxRates ?? null, metadata: change.metadata ?? {}, period, now });
  }
  const price = change.price ?? before.price;
  const item: SubscriptionItemDoc = {
    ...before,
    price,
    plan: planOf(price),
    tax_rates: change.taxRates === undefined ? before.tax_rates : change.taxRates,
    metadata: change.metadata ?? before.metadata,
  };
  if (change.quantity !== undefined) {
    if (price.recurring?.usage_type === 'metered') throw invalidParam(`${change.param}[quantity]`, 'A metered subscription item has no quantity: its usage comes from its meter.');
    item.quantity = change.quantity;
  }
  return item;
}

/** The proration invoice items of one item's change. */
function prorate(
  bc: BillingContext,
  customer: BillingCustomer,
  subscription: SubscriptionDoc,
  before: SubscriptionItemDoc | undefined,
  after: SubscriptionItemDoc | undefined,
  when: { period: { start: number; end: number }; at: number; behavior: ProrationBehavior; now: number },
): void {
  const full = (item: SubscriptionItemDoc | undefined) => (item && !isMetered(item) ? priceAmount(item.price, item.quantity ?? 1).amount : null);
  const unchanged = before && after && before.price.id === after.price.id && before.quantity === after.quantity;
  if (unchanged) return;
  for (const proration of prorationItems({ oldFullAmount: full(before), newFullAmount: full(after), period: when.period, at: when.at }, when.behavior)) {
    const item = (proration.kind === 'unused_time' ? before : after)!;
    const quantity = String(item.quantity ?? 1);
    const verb = proration.kind === 'unused_time' ? 'Unused time on' : 'Remaining time on';
    createInvoiceItem(bc, {
      customer,
      now: when.now,
      currency: item.price.currency,
      amount: proration.amount,
      quantity,
      unitAmountDecimal: item.price.unit_amount_decimal ?? null,
      price: { id: item.price.id, product: item.price.product },
      description: `${verb} ${quantity} × ${productNameOf(bc, item.price)} after ${describeDate(when.at)}`,
      period: proration.period,
      taxRates: item.tax_rates,
      metadata: {},
      invoice: null,
      subscription: { id: subscription.id, item: item.id },
      proration: true,
    });
  }
}

/** A removed metered item's usage so far, as a pending invoice item of the subscription. */
function billUsageSoFar(bc: BillingContext, customer: BillingCustomer, subscription: SubscriptionDoc, item: SubscriptionItemDoc, period: { start: number; end: number }, now: number): void {
  const line = meteredLine(bc, customer.id, item, period);
  createInvoiceItem(bc, {
    customer,
    now,
    currency: item.price.currency,
    amount: line.amount,
    quantity: line.quantity,
    unitAmountDecimal: line.unitAmountDecimal,
    price: { id: item.price.id, product: item.price.product },
    description: line.description,
    period,
    taxRates: item.tax_rates,
    metadata: {},
    invoice: null,
    subscription: { id: subscription.id, item: item.id },
  });
}
