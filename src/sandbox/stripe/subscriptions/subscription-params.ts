/**
 * Reading a subscription's parameters as Stripe checks them: `items[]` (recurring active prices, one item per price,
 * all in one currency and on one interval, no quantity on a metered price), `add_invoice_items[]`,
 * `proration_behavior`, `payment_behavior` and the default payment method (attached to the customer).
 */
import type { SandboxContext } from '../../context';
import type { StripeParams } from '../http/params';
import { applyMetadata } from '../http/params';
import { invalidParam } from '../http/stripe-error';
import { readPrice, readTaxRates } from '../invoicing/billing-params';
import type { BillingPrice, SubscriptionDoc } from '../invoicing/billing-types';
import type { ProrationBehavior } from '../billing/proration';
import { findObject } from '../services/lookup';
import type { ItemChange } from './subscription-changes';
import type { NewItemSpec, PaymentBehavior } from './subscription-creation';
import type { OneOffItemSpec } from './one-off-items';

const ITEM_PARAMS = ['price', 'price_data', 'quantity', 'tax_rates', 'metadata', 'discounts', 'billing_thresholds', 'plan'] as const;

/** `proration_behavior` (default create_prorations). */
export function readProrationBehavior(params: StripeParams): ProrationBehavior {
  return params.oneOf('proration_behavior', ['create_prorations', 'always_invoice', 'none'] as const) ?? 'create_prorations';
}

/** `payment_behavior` (default allow_incomplete). */
export function readPaymentBehavior(params: StripeParams): PaymentBehavior {
  return params.oneOf('payment_behavior', ['allow_incomplete', 'default_incomplete', 'error_if_incomplete', 'pending_if_incomplete'] as const) ?? 'allow_incomplete';
}

/** A payment method the customer has attached (Stripe refuses one that is not attached to it). */
export function readCustomerPaymentMethod(ctx: SandboxContext, params: StripeParams, key: string, customer: string): string | null | undefined {
  const id = params.nullableString(key, { maxLength: 255 });
  if (!id) return id;
  const pm = findObject<{ id: string; object: string; created: number; customer: string | null }>(ctx, 'payment_method', id, params.name(key));
  if (pm.customer !== customer) throw invalidParam(params.name(key), `The payment method ${id} is not attached to customer ${customer}; attach it first.`);
  return id;
}

/** Refuses parameters of an item the sandbox does not serve, with the reason. */
function refuseUnserved(item: StripeParams): void {
  if (item.has('price_data')) throw invalidParam(item.name('price_data'), `${item.name('price_data')} is not supported by the sandbox; create the price first and pass ${item.name('price')}.`);
  if (item.has('plan')) throw invalidParam(item.name('plan'), `${item.name('plan')} is the legacy name of price; pass ${item.name('price')}.`);
  if (item.has('discounts')) throw invalidParam(item.name('discounts'), 'Discounts on subscription items are not supported by the sandbox.');
  if (item.has('billing_thresholds')) throw invalidParam(item.name('billing_thresholds'), 'Billing thresholds are not supported by the sandbox.');
}

/** An item's quantity, refused on a metered price (its usage comes from its meter). */
function readItemQuantity(item: StripeParams, price: BillingPrice | undefined): number | undefined {
  const quantity = item.integer('quantity', { min: 0, max: 99_999_999 });
  if (quantity !== undefined && price?.recurring?.usage_type === 'metered') {
    throw invalidParam(item.name('quantity'), `A metered price (${price.id}) takes no quantity: its usage comes from its billing meter.`);
  }
  return quantity;
}

/** Stripe's limit on the items of one subscription, whichever request adds them. */
const MAX_SUBSCRIPTION_ITEMS = 20;

/**
 * The prices a subscription has after a change (`existing`: the items it keeps; `prices`: the ones the change sets or
 * adds) must share currency and interval with the first, appear once, and be at most {@link MAX_SUBSCRIPTION_ITEMS}.
 */
export function checkPricesFit(prices: readonly { price: BillingPrice; param: string }[], existing: readonly BillingPrice[] = []): void {
  const all = [...existing.map((price) => ({ price, param: 'items' })), ...prices];
  const first = all[0]?.price;
  if (!first) return;
  // On the total, not per request: 20 items and one more through an update or /v1/subscription_items is 21 all the same.
  if (all.length > MAX_SUBSCRIPTION_ITEMS) throw invalidParam('items', `Invalid items: at most ${MAX_SUBSCRIPTION_ITEMS} items are allowed on a subscription; this change would leave it with ${all.length}.`);
  const seen = new Set<string>();
  for (const { price, param } of all) {
    if (price.currency !== first.currency) throw invalidParam(param, `All prices of a subscription must have the same currency: ${price.id} is in ${price.currency}, ${first.id} in ${first.currency}.`);
    const [a, b] = [price.recurring!, first.recurring!];
    if (a.interval !== b.interval || a.interval_count !== b.interval_count) {
      throw invalidParam(param, `All prices of a subscription must have the same billing interval: ${price.id} bills every ${a.interval_count} ${a.interval}, ${first.id} every ${b.interval_count} ${b.interval}.`);
    }
    if (seen.has(price.id)) throw invalidParam(param, `Cannot add multiple subscription items with the same price: ${price.id}.`);
    seen.add(price.id);
  }
}

/** `items[]` of a new subscription (1 to 20). */
export function readNewItems(ctx: SandboxContext, params: StripeParams): NewItemSpec[] {
  const items = params.objects('items', { required: true, maxItems: 20, allowed: ITEM_PARAMS })!;
  if (items.length === 0) throw invalidParam('items', 'Missing required param: items. A subscription needs at least one item.', 'parameter_missing');
  const specs = items.map((item): NewItemSpec => {
    refuseUnserved(item);
    const price = readPrice(ctx, item, 'price', { required: true, recurring: true })!;
    return { price, quantity: readItemQuantity(item, price), taxRates: readTaxRates(ctx, item, 'tax_rates') ?? null, metadata: applyMetadata({}, item.metadata()) };
  });
  checkPricesFit(specs.map((spec, i) => ({ price: spec.price, param: `items[${i}][price]` })));
  return specs;
}

/** `items[]` of a subscription update: changes to its items (by `id`), deletions, and new items. */
export function readItemChanges(ctx: SandboxContext, params: StripeParams, subscription: SubscriptionDoc): ItemChange[] {
  const items = params.objects('items', { maxItems: 20, allowed: [...ITEM_PARAMS, 'id', 'deleted', 'clear_usage'] }) ?? [];
  const changes = items.map((item, i): ItemChange => {
    refuseUnserved(item);
    const price = readPrice(ctx, item, 'price', { recurring: true });
    const id = item.string('id', { maxLength: 255 });
    const existing = id === undefined ? undefined : subscription.items.data.find((si) => si.id === id);
    if (id !== undefined && !existing) throw invalidParam(`items[${i}][id]`, `Subscription item ${id} does not belong to subscription ${subscription.id}.`);
    return {
      id,
      deleted: item.boolean('deleted'),
      clearUsage: item.boolean('clear_usage'),
      price,
      quantity: readItemQuantity(item, price ?? existing?.price),
      taxRates: readTaxRates(ctx, item, 'tax_rates'),
      metadata: item.has('metadata') ? applyMetadata(existing?.metadata ?? {}, item.metadata()) : undefined,
      param: `items[${i}]`,
    };
  });
  const kept = subscription.items.data.filter((si) => !changes.some((c) => c.id === si.id && (c.deleted || c.price)));
  checkPricesFit(changes.filter((c) => c.price && !c.deleted).map((c) => ({ price: c.price!, param: `${c.param}[price]` })), kept.map((si) => si.price));
  return changes;
}

/** `add_invoice_items[]` (up to 20 one-off prices). */
export function readOneOffItems(ctx: SandboxContext, params: StripeParams): OneOffItemSpec[] {
  const items = params.objects('add_invoice_items', { maxItems: 20, allowed: ['price', 'price_data', 'quantity', 'tax_rates', 'discounts', 'metadata', 'period'] }) ?? [];
  return items.map((item) => {
    refuseUnserved(item);
    if (item.has('period')) throw invalidParam(item.name('period'), `${item.name('period')} is not supported by the sandbox; one-off items bill on the next invoice.`);
    const price = readPrice(ctx, item, 'price', { required: true })!;
    return { price, quantity: item.integer('quantity', { min: 1, max: 99_999_999 }) ?? 1, taxRates: readTaxRates(ctx, item, 'tax_rates') ?? null, metadata: applyMetadata({}, item.metadata()) };
  });
}
