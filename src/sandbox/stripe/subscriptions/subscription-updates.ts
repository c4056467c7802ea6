/**
 * `POST /v1/subscriptions/{id}`: the subscription's own fields (cancellation at period end or at a time, default
 * payment method and tax rates, collection, metadata…) and, through subscription-changes.ts, its items with their
 * prorations. `cancel_at_period_end` records the request time as `canceled_at`, as Stripe does; undoing it clears it.
 * A subscription a schedule manages takes item changes (its next phase replaces them) but no cancellation: that is
 * the schedule's (`end_behavior`), as on Stripe.
 */
import { previousAttributes } from '../events/previous-attributes';
import type { BillingContext } from '../billing-context';
import { invalidParam, invalidRequest } from '../http/stripe-error';
import type { BillingTaxRate, SubscriptionDoc } from '../invoicing/billing-types';
import { redeemCoupons } from '../invoicing/coupons';
import { invoiceCustomer } from '../invoicing/invoice-lifecycle';
import { liveScheduleOf } from '../schedules/schedule-lifecycle';
import { addOneOffItems, type OneOffItemSpec } from './one-off-items';
import { changeSubscriptionItems, type ChangeOptions, type ItemChange } from './subscription-changes';
import { publishSubscriptionChange, saveSubscription } from './subscription-documents';

/** Field changes of a subscription; undefined leaves a field as it is. */
export interface SubscriptionFieldChanges {
  cancelAtPeriodEnd?: boolean;
  cancelAt?: number | null;
  defaultPaymentMethod?: string | null;
  defaultTaxRates?: BillingTaxRate[] | null;
  collectionMethod?: 'charge_automatically' | 'send_invoice';
  daysUntilDue?: number;
  description?: string | null;
  metadata?: Record<string, string>;
  paymentMethodTypes?: string[] | null;
  cancellationComment?: string | null;
  cancellationFeedback?: string | null;
  /** Coupons that replace the subscription's discounts (`[]` clears them). */
  coupons?: string[];
}

/** Applies field changes, one-off items and item changes to a subscription; returns it as saved. */
export function updateSubscription(
  bc: BillingContext,
  subscription: SubscriptionDoc,
  fields: SubscriptionFieldChanges,
  oneOffItems: readonly OneOffItemSpec[],
  itemChanges: readonly ItemChange[],
  options: ChangeOptions,
): SubscriptionDoc {
  if (subscription.status === 'canceled' || subscription.status === 'incomplete_expired') {
    const onlyNotes = Object.entries(fields).every(([key, value]) => value === undefined || ['metadata', 'cancellationComment', 'cancellationFeedback'].includes(key));
    if (!onlyNotes || itemChanges.length > 0 || oneOffItems.length > 0) {
      throw invalidRequest(`A canceled subscription can only update its cancellation_details and metadata (subscription ${subscription.id} is ${subscription.status}).`);
    }
  }
  const schedule = liveScheduleOf(bc, subscription);
  const cancellationChanges = (fields.cancelAtPeriodEnd !== undefined && fields.cancelAtPeriodEnd !== subscription.cancel_at_period_end)
    || (fields.cancelAt !== undefined && fields.cancelAt !== subscription.cancel_at);
  if (schedule && cancellationChanges) {
    throw invalidRequest(`The subscription is managed by the subscription schedule \`${schedule.id}\`, and updating any cancelation behavior directly is not allowed. Please update the schedule instead.`);
  }
  const now = bc.timeOf(subscription.customer);
  if (fields.cancelAt !== undefined && fields.cancelAt !== null && fields.cancelAt <= now) {
    throw invalidParam('cancel_at', `Invalid cancel_at ${fields.cancelAt}: it must be in the future (now is ${now}).`);
  }
  const collectionMethod = fields.collectionMethod ?? subscription.collection_method;
  const cancelAtPeriodEnd = fields.cancelAtPeriodEnd ?? subscription.cancel_at_period_end;
  const cancelAt = fields.cancelAt !== undefined ? fields.cancelAt : subscription.cancel_at;
  const cancelling = cancelAtPeriodEnd || cancelAt !== null;
  const changed: SubscriptionDoc = {
    ...subscription,
    cancel_at_period_end: cancelAtPeriodEnd,
    cancel_at: cancelAt,
    canceled_at: subscription.status === 'canceled' ? subscription.canceled_at : cancelling ? (subscription.canceled_at ?? now) : null,
    cancellation_details: {
      comment: fields.cancellationComment !== undefined ? fields.cancellationComment : (subscription.cancellation_details?.comment ?? null),
      feedback: fields.cancellationFeedback !== undefined ? fields.cancellationFeedback : (subscription.cancellation_details?.feedback ?? null),
      reason: cancelling || subscription.status === 'canceled' ? 'cancellation_requested' : null,
    },
    collection_method: collectionMethod,
    days_until_due: collectionMethod === 'send_invoice' ? (fields.daysUntilDue ?? subscription.days_until_due ?? 30) : null,
    default_payment_method: fields.defaultPaymentMethod !== undefined ? fields.defaultPaymentMethod : subscription.default_payment_method,
    default_tax_rates: fields.defaultTaxRates !== undefined ? fields.defaultTaxRates : subscription.default_tax_rates,
    description: fields.description !== undefined ? fields.description : subscription.description,
    metadata: fields.metadata ?? subscription.metadata,
    discounts: fields.coupons === undefined ? subscription.discounts
      : redeemCoupons(bc, fields.coupons, { customer: subscription.customer, subscription: subscription.id, currency: subscription.currency, now }),
    payment_settings: fields.paymentMethodTypes !== undefined
      ? { ...(subscription.payment_settings ?? { payment_method_options: null, save_default_payment_method: 'off' }), payment_method_types: fields.paymentMethodTypes }
      : subscription.payment_settings,
  };
  const saved = saveSubscription(bc, changed);
  if (oneOffItems.length > 0) addOneOffItems(bc, invoiceCustomer(bc, saved.customer), saved, oneOffItems, now);
  if (itemChanges.length > 0) return changeSubscriptionItems(bc, saved, itemChanges, options);
  if (previousAttributes(subscription, saved)) publishSubscriptionChange(bc, 'customer.subscription.updated', subscription, saved);
  return saved;
}
