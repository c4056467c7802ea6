/**
 * Charging a customer off-session, for the billing part of the sandbox (an invoice paid automatically at renewal):
 * a payment intent confirmed with the given payment method or the customer's default one
 * (`invoice_settings.default_payment_method`). The outcome comes back instead of being thrown, so the caller can mark
 * the invoice paid or its payment failed.
 */
import type { SandboxContext } from '../../context';
import { invalidRequest, type StripeApiError } from '../http/stripe-error';
import type { StripeCustomer } from './customers';
import { findObject } from './lookup';
import { confirmPaymentIntent, openPaymentIntent, type StripePaymentIntent } from './payment-intents';
import { resolvePaymentMethod } from './payment-methods';

/** What to charge. */
export interface ChargeCustomerRequest {
  customer: string;
  /** Minor units of `currency`. */
  amount: number;
  currency: string;
  /** A payment method (or test token) to use instead of the customer's default one. */
  paymentMethod?: string;
  metadata?: Record<string, string>;
  description?: string | null;
}

/** How the charge went: `ok` with a succeeded intent, or not, with the intent left as it stands and the reason. */
export interface ChargeCustomerResult {
  ok: boolean;
  paymentIntent: StripePaymentIntent;
  /** The decline (402 card_error) or the missing payment method (400), as Stripe would report it. */
  error?: StripeApiError;
}

/** Charges a customer now; see the module comment. Throws only when the customer does not exist. */
export function chargeCustomer(ctx: SandboxContext, request: ChargeCustomerRequest): ChargeCustomerResult {
  const customer = findObject<StripeCustomer>(ctx, 'customer', request.customer, 'customer');
  const pmId = request.paymentMethod ?? customer.invoice_settings.default_payment_method;
  const paymentMethod = pmId ? resolvePaymentMethod(ctx, pmId, 'payment_method') : null;
  const intent = openPaymentIntent(ctx, {
    amount: request.amount, currency: request.currency, customer: customer.id, paymentMethod,
    paymentMethodTypes: paymentMethod ? [paymentMethod.type] : ['card'], captureMethod: 'automatic',
    description: request.description ?? null, metadata: request.metadata ?? {},
  });
  if (!paymentMethod) {
    return {
      ok: false,
      paymentIntent: intent,
      error: invalidRequest(`The customer ${customer.id} has no default payment method (invoice_settings.default_payment_method) to charge.`, 'payment_method', 'resource_missing'),
    };
  }
  const attempt = confirmPaymentIntent(ctx, intent);
  return { ok: attempt.error === undefined, paymentIntent: attempt.paymentIntent, error: attempt.error };
}
