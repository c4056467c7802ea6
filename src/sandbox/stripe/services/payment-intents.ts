/**
 * Payment intents: opened for an amount, confirmed with a payment method (a test token makes a fresh one), captured
 * later when `capture_method=manual`, canceled. A decline leaves the intent `requires_payment_method` with
 * `last_payment_error` and a failed charge, and is answered as Stripe does: 402 `card_error` embedding the intent.
 * Operations return the intent and, for a decline, the error rather than throwing it, so billing can charge an
 * invoice and read the outcome (charge-customer.ts).
 */
import type { SandboxContext } from '../../context';
import { previousAttributes } from '../events/previous-attributes';
import { invalidParam, invalidRequest, type StripeApiError } from '../http/stripe-error';
import type { StripeObject } from '../store/stripe-objects-repository';
import { recordCharge, servedCharge, type StripeCharge } from './charges';
import { sharedIntentFields, type IntentOpening } from './intent-fields';
import { attachPaymentMethod, declineError, paymentOutcomeOf, resolvePaymentMethod, type StripePaymentMethod } from './payment-methods';

/** A payment intent's status. */
export type PaymentIntentStatus = 'requires_payment_method' | 'requires_confirmation' | 'requires_action' | 'processing' | 'requires_capture' | 'canceled' | 'succeeded';

/** A payment intent as served. */
export interface StripePaymentIntent extends StripeObject {
  object: 'payment_intent';
  amount: number;
  amount_capturable: number;
  amount_received: number;
  capture_method: 'automatic' | 'automatic_async' | 'manual';
  currency: string;
  customer: string | null;
  description: string | null;
  last_payment_error: Record<string, unknown> | null;
  latest_charge: string | null;
  metadata: Record<string, string>;
  payment_method: string | null;
  payment_method_types: string[];
  setup_future_usage: 'off_session' | 'on_session' | null;
  status: PaymentIntentStatus;
}

/** What an intent is opened with. */
export interface PaymentIntentFields extends IntentOpening {
  amount: number;
  currency: string;
  captureMethod?: StripePaymentIntent['capture_method'];
  setupFutureUsage?: StripePaymentIntent['setup_future_usage'];
  receiptEmail?: string | null;
  statementDescriptor?: string | null;
}

/** The result of an operation that may be declined. */
export interface PaymentAttempt {
  paymentIntent: StripePaymentIntent;
  /** The 402 Stripe answers for a decline (the intent is in it); undefined on success. */
  error?: StripeApiError;
}

/** The smallest amount Stripe charges, in minor units of the currency. */
function minimumAmount(currency: string): number {
  return ({ gbp: 30, jpy: 50, huf: 17500, mxn: 1000, hkd: 400, nok: 300, sek: 300, dkk: 250 } as Record<string, number>)[currency] ?? 50;
}

/** Refuses amounts below Stripe's minimum for the currency. */
export function checkAmount(amount: number, currency: string, param = 'amount'): void {
  const minimum = minimumAmount(currency);
  if (amount < minimum) {
    const shown = currency === 'usd' ? `$${(minimum / 100).toFixed(2)} usd` : `${(minimum / 100).toFixed(2)} ${currency}`;
    throw invalidParam(param, `Amount must be at least ${shown}`, 'amount_too_small');
  }
}

/** Stores a new intent (`requires_payment_method`, or `requires_confirmation` with a payment method) and publishes `payment_intent.created`. */
export function openPaymentIntent(ctx: SandboxContext, fields: PaymentIntentFields): StripePaymentIntent {
  const intent: StripePaymentIntent = {
    ...sharedIntentFields(ctx, 'pi', fields),
    object: 'payment_intent',
    amount: fields.amount,
    amount_capturable: 0,
    amount_details: { tip: {} },
    amount_received: 0,
    application: null,
    application_fee_amount: null,
    canceled_at: null,
    cancellation_reason: null,
    capture_method: fields.captureMethod ?? 'automatic_async',
    confirmation_method: 'automatic',
    currency: fields.currency,
    customer_account: null,
    last_payment_error: null,
    latest_charge: null,
    payment_record: null,
    processing: null,
    receipt_email: fields.receiptEmail ?? null,
    review: null,
    setup_future_usage: fields.setupFutureUsage ?? null,
    shipping: null,
    source: null,
    statement_descriptor: fields.statementDescriptor ?? null,
    statement_descriptor_suffix: null,
    transfer_data: null,
    transfer_group: null,
  };
  if (fields.paymentMethod) checkPaymentMethodFits(intent, fields.paymentMethod, 'payment_method');
  ctx.stripe.store.insert(intent, { customer: fields.customer });
  ctx.stripe.events.publish('payment_intent.created', intent);
  return intent;
}

/** A payment method must be of an allowed type and not belong to another customer. */
function checkPaymentMethodFits(intent: StripePaymentIntent, pm: StripePaymentMethod, param: string): void {
  if (!intent.payment_method_types.includes(pm.type)) {
    throw invalidParam(param, `The PaymentMethod provided (${pm.type}) is not allowed for this PaymentIntent. Please attach a PaymentMethod of one of the following types: ${intent.payment_method_types.join(', ')}.`, 'payment_intent_incompatible_payment_method');
  }
  if (pm.customer !== null && intent.customer !== null && pm.customer !== intent.customer) {
    throw invalidParam(param, `The provided PaymentMethod ${pm.id} belongs to another Customer; it cannot be used with this PaymentIntent's Customer ${intent.customer}.`);
  }
  if (pm.customer !== null && intent.customer === null) {
    throw invalidParam(param, `The provided PaymentMethod ${pm.id} is attached to a Customer; pass that customer on the PaymentIntent to use it.`);
  }
}

/**
 * Confirms an intent with its payment method (or `paymentMethodId`, which replaces it): charges it, or authorises it
 * for a manual capture. Publishes the charge's event and `payment_intent.succeeded`,
 * `payment_intent.amount_capturable_updated` or `payment_intent.payment_failed`.
 */
export function confirmPaymentIntent(ctx: SandboxContext, intent: StripePaymentIntent, options: { paymentMethodId?: string; param?: string } = {}): PaymentAttempt {
  if (intent.status !== 'requires_payment_method' && intent.status !== 'requires_confirmation') {
    throw invalidRequest(`This PaymentIntent's status is ${intent.status}, but it can only be confirmed when it requires a payment method or confirmation.`, undefined, 'payment_intent_unexpected_state');
  }
  const param = options.param ?? 'payment_method';
  const pm = options.paymentMethodId !== undefined ? resolvePaymentMethod(ctx, options.paymentMethodId, param) : intent.payment_method ? resolvePaymentMethod(ctx, intent.payment_method, param) : undefined;
  if (!pm) {
    throw invalidRequest('You cannot confirm this PaymentIntent because it\'s missing a payment method. Update the PaymentIntent with a payment method and then confirm it again.', param, 'payment_intent_unexpected_state');
  }
  checkPaymentMethodFits(intent, pm, param);
  const outcome = paymentOutcomeOf(pm);
  const capture = intent.capture_method !== 'manual';
  const charge = recordCharge(ctx, {
    amount: intent.amount, currency: intent.currency, customer: intent.customer, paymentIntent: intent.id, paymentMethod: pm, outcome, capture,
    description: intent.description, metadata: intent.metadata, receiptEmail: intent.receipt_email as string | null,
  });
  if (outcome !== 'succeed') {
    const error = declineError(pm, outcome, { charge: charge.id });
    const failed: StripePaymentIntent = {
      ...intent, status: 'requires_payment_method', payment_method: null, latest_charge: charge.id,
      last_payment_error: { ...error.toBody().error, charge: charge.id, payment_method: pm },
    };
    ctx.stripe.store.update(failed);
    ctx.stripe.events.publish('payment_intent.payment_failed', failed);
    error.details.payment_intent = failed;
    return { paymentIntent: failed, error };
  }
  const succeeded: StripePaymentIntent = {
    ...intent, payment_method: pm.id, latest_charge: charge.id, last_payment_error: null,
    status: capture ? 'succeeded' : 'requires_capture',
    amount_received: capture ? intent.amount : 0,
    amount_capturable: capture ? 0 : intent.amount,
  };
  ctx.stripe.store.update(succeeded);
  if (intent.setup_future_usage && intent.customer && pm.customer === null) attachPaymentMethod(ctx, pm.id, intent.customer, param);
  ctx.stripe.events.publish(capture ? 'payment_intent.succeeded' : 'payment_intent.amount_capturable_updated', succeeded);
  return { paymentIntent: succeeded };
}

/** Captures an authorised intent, all of it or `amount` (the rest is released, shown as refunded on the charge). */
export function capturePaymentIntent(ctx: SandboxContext, intent: StripePaymentIntent, amount?: number): StripePaymentIntent {
  if (intent.status !== 'requires_capture') {
    throw invalidRequest(`This PaymentIntent could not be captured because it has a status of ${intent.status}. Only a PaymentIntent with one of the following statuses may be captured: requires_capture.`, undefined, 'payment_intent_unexpected_state');
  }
  const captured = amount ?? intent.amount_capturable;
  if (captured > intent.amount_capturable) throw invalidParam('amount_to_capture', `The amount to capture (${captured}) is greater than the amount capturable (${intent.amount_capturable}).`, 'amount_too_large');
  const charge = ctx.stripe.store.get<StripeCharge>('charge', intent.latest_charge!)!;
  const capturedCharge: StripeCharge = { ...charge, captured: true, amount_captured: captured, amount_refunded: intent.amount - captured, refunded: captured === 0 };
  ctx.stripe.store.update(capturedCharge);
  ctx.stripe.events.publish('charge.captured', servedCharge(ctx, capturedCharge), { previousAttributes: previousAttributes(charge, capturedCharge) });
  const done: StripePaymentIntent = { ...intent, status: 'succeeded', amount_capturable: 0, amount_received: captured };
  ctx.stripe.store.update(done);
  ctx.stripe.events.publish('payment_intent.succeeded', done);
  return done;
}

/** Cancels an intent that has not succeeded; an authorisation is released. */
export function cancelPaymentIntent(ctx: SandboxContext, intent: StripePaymentIntent, reason: string | null): StripePaymentIntent {
  if (intent.status === 'succeeded' || intent.status === 'canceled') {
    throw invalidRequest(`You cannot cancel this PaymentIntent because it has a status of ${intent.status}. Only a PaymentIntent with one of the following statuses may be canceled: requires_payment_method, requires_capture, requires_confirmation, requires_action, processing.`, undefined, 'payment_intent_unexpected_state');
  }
  if (intent.status === 'requires_capture' && intent.latest_charge) {
    const charge = ctx.stripe.store.get<StripeCharge>('charge', intent.latest_charge)!;
    ctx.stripe.store.update({ ...charge, amount_refunded: charge.amount, refunded: true });
  }
  const canceled: StripePaymentIntent = { ...intent, status: 'canceled', canceled_at: ctx.stripe.timeOf(intent.customer), cancellation_reason: reason, amount_capturable: 0 };
  ctx.stripe.store.update(canceled);
  ctx.stripe.events.publish('payment_intent.canceled', canceled);
  return canceled;
}
