/**
 * Creating a subscription, as Stripe does: its items start a period now (or a stub up to a future billing cycle
 * anchor, prorated), its first invoice (billing_reason `subscription_create`) bills the licensed items in advance
 * with `add_invoice_items` and the customer's pending invoice items, is finalized at once and, when the subscription
 * charges automatically, paid at once. `payment_behavior`:
 * - `allow_incomplete` (default): a declined payment leaves the subscription `incomplete` (it expires in 23 hours);
 * - `default_incomplete`: the payment is not attempted; the subscription stays `incomplete` until the invoice is paid;
 * - `error_if_incomplete`: a declined payment is a 402 and nothing is created.
 * Events: customer.subscription.created, invoiceitem.created, invoice.created, invoice.finalized, the payment's,
 * invoice.paid, invoice.payment_succeeded (or invoice.payment_failed), customer.subscription.updated on a status change.
 */
import { cycleBoundary, type BillingPeriod, type Recurrence } from '../billing/billing-periods';
import type { BillingContext } from '../billing-context';
import { atomically } from '../billing-transaction';
import { newStripeId } from '../ids';
import { redeemCoupons } from '../invoicing/coupons';
import { invalidParam } from '../http/stripe-error';
import type { BillingCustomer, BillingPrice, BillingTaxRate, SubscriptionDoc } from '../invoicing/billing-types';
import { collectInvoice } from './subscription-collection';
import { insertSubscription, itemsList, newSubscriptionItem, saveSubscription } from './subscription-documents';
import { createSubscriptionInvoice } from './subscription-invoices';
import { licensedLines } from './subscription-lines';
import { addOneOffItems, type OneOffItemSpec } from './one-off-items';

/** One item of a new subscription. */
export interface NewItemSpec {
  price: BillingPrice;
  quantity?: number;
  taxRates: BillingTaxRate[] | null;
  metadata: Record<string, string>;
}

/** Stripe's `payment_behavior` values. */
export type PaymentBehavior = 'allow_incomplete' | 'default_incomplete' | 'error_if_incomplete' | 'pending_if_incomplete';

/** A subscription to create (parameters already read and checked one by one). */
export interface SubscriptionCreateSpec {
  customer: BillingCustomer;
  items: NewItemSpec[];
  collectionMethod: 'charge_automatically' | 'send_invoice';
  daysUntilDue: number | null;
  defaultPaymentMethod: string | null;
  defaultTaxRates: BillingTaxRate[] | null;
  paymentBehavior: PaymentBehavior;
  prorationBehavior: 'create_prorations' | 'always_invoice' | 'none';
  cancelAtPeriodEnd: boolean;
  cancelAt: number | null;
  billingCycleAnchor: number | null;
  addInvoiceItems: OneOffItemSpec[];
  metadata: Record<string, string>;
  description: string | null;
  paymentMethodTypes: string[] | null;
  /** Coupons to redeem for the subscription (`discounts[][coupon]`). */
  coupons: string[];
}

/** The recurrence every item of a subscription shares (the first item's; the route refuses mixed ones). */
export function recurrenceOf(price: BillingPrice): Recurrence {
  return { interval: price.recurring!.interval, interval_count: price.recurring!.interval_count };
}

/** Creates a subscription and collects its first invoice; see the file header for payment behaviours. */
export function createSubscription(bc: BillingContext, spec: SubscriptionCreateSpec): SubscriptionDoc {
  if (spec.paymentBehavior === 'error_if_incomplete') return atomically(bc, (inner) => create(inner, spec, true));
  return create(bc, spec, false);
}

function create(bc: BillingContext, spec: SubscriptionCreateSpec, failOnDecline: boolean): SubscriptionDoc {
  const now = bc.timeOf(spec.customer.id);
  const recurrence = recurrenceOf(spec.items[0]!.price);
  const anchor = spec.billingCycleAnchor ?? now;
  const naturalEnd = cycleBoundary(now, recurrence, 1);
  if (anchor < now) throw invalidParam('billing_cycle_anchor', `Invalid billing_cycle_anchor ${anchor}: it must not be in the past (now is ${now}).`);
  if (anchor > naturalEnd) throw invalidParam('billing_cycle_anchor', `Invalid billing_cycle_anchor ${anchor}: it cannot be later than the next natural billing date (${naturalEnd}).`);
  const period: BillingPeriod = anchor === now ? { start: now, end: naturalEnd } : { start: now, end: anchor };
  const fullPeriod: BillingPeriod = anchor === now ? period : { start: cycleBoundary(anchor, recurrence, -1), end: anchor };
  const id = newStripeId('sub');
  const currency = spec.items[0]!.price.currency;
  const discounts = redeemCoupons(bc, spec.coupons, { customer: spec.customer.id, subscription: id, currency, now });
  const items = spec.items.map((item) => newSubscriptionItem({ subscription: id, price: item.price, quantity: item.quantity, taxRates: item.taxRates, metadata: item.metadata, period, now }));
  const subscription: SubscriptionDoc = insertSubscription(bc, {
    id,
    object: 'subscription',
    application: null,
    application_fee_percent: null,
    automatic_tax: { disabled_reason: null, enabled: false, liability: null },
    billing_cycle_anchor: anchor,
    billing_cycle_anchor_config: null,
    billing_mode: { flexible: null, type: 'classic' },
    billing_schedules: [],
    billing_thresholds: null,
    cancel_at: spec.cancelAt,
    cancel_at_period_end: spec.cancelAtPeriodEnd,
    canceled_at: spec.cancelAtPeriodEnd || spec.cancelAt !== null ? now : null,
    cancellation_details: { comment: null, feedback: null, reason: spec.cancelAtPeriodEnd || spec.cancelAt !== null ? 'cancellation_requested' : null },
    collection_method: spec.collectionMethod,
    created: now,
    currency,
    customer: spec.customer.id,
    customer_account: null,
    days_until_due: spec.collectionMethod === 'send_invoice' ? (spec.daysUntilDue ?? 30) : null,
    default_payment_method: spec.defaultPaymentMethod,
    default_source: null,
    default_tax_rates: spec.defaultTaxRates,
    description: spec.description,
    discounts,
    ended_at: null,
    invoice_settings: { account_tax_ids: null, issuer: { type: 'self' } },
    items: itemsList(id, items),
    latest_invoice: null,
    livemode: false,
    metadata: spec.metadata,
    next_pending_invoice_item_invoice: null,
    on_behalf_of: null,
    pause_collection: null,
    payment_settings: { payment_method_options: null, payment_method_types: spec.paymentMethodTypes, save_default_payment_method: 'off' },
    pending_invoice_item_interval: null,
    pending_setup_intent: null,
    pending_update: null,
    schedule: null,
    start_date: now,
    status: spec.collectionMethod === 'send_invoice' ? 'active' : 'incomplete',
    test_clock: spec.customer.test_clock ?? null,
    transfer_data: null,
    trial_end: null,
    trial_settings: { end_behavior: { missing_payment_method: 'create_invoice' } },
    trial_start: null,
  });
  bc.events.publish('customer.subscription.created', subscription);
  addOneOffItems(bc, spec.customer, subscription, spec.addInvoiceItems, now);
  const prorateStub = anchor === now || spec.prorationBehavior !== 'none';
  const invoice = createSubscriptionInvoice(bc, subscription, {
    reason: 'subscription_create',
    now,
    lines: prorateStub ? licensedLines(bc, subscription, period, fullPeriod) : [],
    period: { start: now, end: now },
    autoFinalize: false,
  });
  saveSubscription(bc, { ...bc.store.get<SubscriptionDoc>('subscription', id)!, latest_invoice: invoice.id });
  const outcome = collectInvoice(bc, invoice, { at: now, offSession: false, skipPayment: spec.paymentBehavior === 'default_incomplete' });
  if (outcome.declined && failOnDecline) throw outcome.declined;
  return bc.store.get<SubscriptionDoc>('subscription', id)!;
}
