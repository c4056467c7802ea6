/**
 * `/v1/subscriptions`: create (first invoice collected at once), list (customer, price, status, test_clock,
 * collection_method), retrieve, update (fields, items with prorations, cancellation at period end) and cancel
 * (`DELETE`, with `invoice_now` and `prorate`). The subscriptions services do the work.
 */
import type { SandboxContext } from '../../context';
import { listObjects, readListRequest } from '../http/list';
import { applyMetadata, type StripeParams } from '../http/params';
import { respond } from '../http/respond';
import type { StripeApp } from '../http/router';
import { invalidParam } from '../http/stripe-error';
import { readCouponIds, readCustomer, readTaxRates, requireCustomerCurrency } from '../invoicing/billing-params';
import type { SubscriptionDoc, SubscriptionStatus } from '../invoicing/billing-types';
import { findObject } from '../services/lookup';
import { billingOf } from '../stripe-billing';
import { cancelSubscriptionNow } from '../subscriptions/subscription-cancellation';
import { createSubscription } from '../subscriptions/subscription-creation';
import { SUBSCRIPTION_TYPE } from '../subscriptions/subscription-documents';
import { readCustomerPaymentMethod, readItemChanges, readNewItems, readOneOffItems, readPaymentBehavior, readProrationBehavior } from '../subscriptions/subscription-params';
import { updateSubscription } from '../subscriptions/subscription-updates';

const STATUSES: readonly SubscriptionStatus[] = ['active', 'canceled', 'incomplete', 'incomplete_expired', 'past_due', 'paused', 'trialing', 'unpaid'];

/** `payment_settings[payment_method_types]`, when sent. */
function readPaymentMethodTypes(params: StripeParams): string[] | null | undefined {
  const settings = params.object('payment_settings', { allowed: ['payment_method_types', 'payment_method_options', 'save_default_payment_method'] });
  if (!settings) return undefined;
  settings.oneOf('save_default_payment_method', ['off', 'on_subscription'] as const);
  if (settings.raw('payment_method_types') === '') return null;
  return settings.strings('payment_method_types', { maxItems: 30, maxLength: 50 });
}

/** Trials, which the sandbox does not serve, are refused with the reason rather than ignored. */
function refuseUnserved(params: StripeParams): void {
  for (const key of ['trial_end', 'trial_period_days', 'trial_from_plan', 'trial_settings']) {
    if (params.has(key)) throw invalidParam(key, `Trials are not supported by the sandbox (${key}).`);
  }
}

/** Registers the routes. */
export function registerStripeSubscriptionRoutes(app: StripeApp, ctx: SandboxContext): void {
  const bc = billingOf(ctx);
  const find = (id: string) => findObject<SubscriptionDoc>(ctx, SUBSCRIPTION_TYPE, id);

  app.post('/subscriptions', (c) => {
    const params = c.get('params').allowOnly([
      'customer', 'items', 'add_invoice_items', 'billing_cycle_anchor', 'cancel_at', 'cancel_at_period_end', 'collection_method', 'currency',
      'days_until_due', 'default_payment_method', 'default_tax_rates', 'description', 'metadata', 'off_session', 'payment_behavior',
      'payment_settings', 'proration_behavior', 'trial_end', 'trial_period_days', 'trial_from_plan', 'trial_settings', 'discounts',
    ]);
    refuseUnserved(params);
    const customer = readCustomer(ctx, params)!;
    const items = readNewItems(ctx, params);
    requireCustomerCurrency(customer, items[0]!.price.currency, 'items[0][price]');
    const currency = params.currency('currency');
    if (currency !== undefined && currency !== items[0]!.price.currency) throw invalidParam('currency', `The currency ${currency} does not match the prices' currency, ${items[0]!.price.currency}.`);
    const collectionMethod = params.oneOf('collection_method', ['charge_automatically', 'send_invoice'] as const) ?? 'charge_automatically';
    const daysUntilDue = params.integer('days_until_due', { min: 0, max: 730 });
    if (daysUntilDue !== undefined && collectionMethod !== 'send_invoice') throw invalidParam('days_until_due', 'days_until_due is only valid with collection_method=send_invoice.');
    const cancelAt = params.timestamp('cancel_at');
    if (cancelAt !== undefined && cancelAt <= ctx.stripe.timeOf(customer.id)) throw invalidParam('cancel_at', 'Invalid cancel_at: it must be in the future.');
    params.boolean('off_session');
    const subscription = createSubscription(bc, {
      customer,
      items,
      collectionMethod,
      daysUntilDue: daysUntilDue ?? null,
      defaultPaymentMethod: readCustomerPaymentMethod(ctx, params, 'default_payment_method', customer.id) ?? null,
      defaultTaxRates: readTaxRates(ctx, params, 'default_tax_rates') ?? null,
      paymentBehavior: readPaymentBehavior(params),
      prorationBehavior: readProrationBehavior(params),
      cancelAtPeriodEnd: params.boolean('cancel_at_period_end') ?? false,
      cancelAt: cancelAt ?? null,
      billingCycleAnchor: params.timestamp('billing_cycle_anchor') ?? null,
      addInvoiceItems: readOneOffItems(ctx, params),
      metadata: applyMetadata({}, params.metadata()),
      description: params.nullableString('description', { maxLength: 500 }) ?? null,
      paymentMethodTypes: readPaymentMethodTypes(params) ?? null,
      coupons: readCouponIds(params) ?? [],
    });
    return respond(ctx, c, subscription);
  });

  app.get('/subscriptions', (c) => {
    const params = c.get('params');
    const request = readListRequest(params, ['customer', 'price', 'status', 'test_clock', 'collection_method', 'current_period_start', 'current_period_end']);
    const status = params.oneOf('status', [...STATUSES, 'all', 'ended'] as const);
    const price = params.string('price', { maxLength: 255 });
    const testClock = params.string('test_clock', { maxLength: 255 });
    const collectionMethod = params.oneOf('collection_method', ['charge_automatically', 'send_invoice'] as const);
    const statusMatches = (s: SubscriptionDoc) =>
      status === 'all' || (status === undefined ? s.status !== 'canceled' : status === 'ended' ? s.status === 'canceled' || s.status === 'incomplete_expired' : s.status === status);
    return respond(ctx, c, listObjects<SubscriptionDoc>(bc.store, {
      type: SUBSCRIPTION_TYPE,
      customer: params.string('customer', { maxLength: 255 }),
      where: (s) => statusMatches(s)
        && (price === undefined || s.items.data.some((item) => item.price.id === price))
        && (testClock === undefined || s.test_clock === testClock)
        && (collectionMethod === undefined || s.collection_method === collectionMethod),
    }, request, '/v1/subscriptions'));
  });

  app.get('/subscriptions/:id', (c) => {
    c.get('params').allowOnly([]);
    return respond(ctx, c, find(c.req.param('id')));
  });

  app.post('/subscriptions/:id', (c) => {
    const subscription = find(c.req.param('id'));
    const params = c.get('params').allowOnly([
      'items', 'add_invoice_items', 'cancel_at', 'cancel_at_period_end', 'cancellation_details', 'collection_method', 'days_until_due',
      'default_payment_method', 'default_tax_rates', 'description', 'metadata', 'off_session', 'payment_behavior', 'payment_settings',
      'proration_behavior', 'proration_date', 'trial_end', 'trial_from_plan', 'trial_settings', 'discounts',
    ]);
    refuseUnserved(params);
    const details = params.object('cancellation_details', { allowed: ['comment', 'feedback'] });
    params.boolean('off_session');
    const collectionMethod = params.oneOf('collection_method', ['charge_automatically', 'send_invoice'] as const);
    return respond(ctx, c, updateSubscription(bc, subscription, {
      cancelAtPeriodEnd: params.boolean('cancel_at_period_end'),
      cancelAt: params.nullableInteger('cancel_at', { min: 0 }),
      defaultPaymentMethod: readCustomerPaymentMethod(ctx, params, 'default_payment_method', subscription.customer),
      defaultTaxRates: readTaxRates(ctx, params, 'default_tax_rates'),
      collectionMethod,
      daysUntilDue: params.integer('days_until_due', { min: 0, max: 730 }),
      description: params.nullableString('description', { maxLength: 500 }),
      metadata: params.has('metadata') ? applyMetadata(subscription.metadata, params.metadata()) : undefined,
      paymentMethodTypes: readPaymentMethodTypes(params),
      cancellationComment: details?.nullableString('comment', { maxLength: 5000 }),
      cancellationFeedback: details?.nullableString('feedback', { maxLength: 100 }),
      coupons: readCouponIds(params),
    }, readOneOffItems(ctx, params), readItemChanges(ctx, params, subscription), {
      prorationBehavior: readProrationBehavior(params),
      prorationDate: params.timestamp('proration_date'),
      paymentBehavior: readPaymentBehavior(params),
    }));
  });

  app.delete('/subscriptions/:id', (c) => {
    const subscription = find(c.req.param('id'));
    const params = c.get('params').allowOnly(['invoice_now', 'prorate', 'cancellation_details']);
    const details = params.object('cancellation_details', { allowed: ['comment', 'feedback'] });
    return respond(ctx, c, cancelSubscriptionNow(bc, subscription, {
      invoiceNow: params.boolean('invoice_now') ?? false,
      prorate: params.boolean('prorate') ?? false,
      comment: details?.nullableString('comment', { maxLength: 5000 }),
      feedback: details?.nullableString('feedback', { maxLength: 100 }),
    }));
  });
}
