/**
 * Payment methods of a customer on Stripe, for the customers part of the billing port. Attaching a test token such
 * as `pm_card_visa` makes a new payment method each time, so the attach carries the caller's idempotency key.
 */
import type Stripe from 'stripe';
import type { IdempotentWrite } from '../catalogue-port';
import type { AttachedPaymentMethod } from '../customers-port';
import type { StripeClient } from './client';
import { stripeCall } from './errors';
import { unlessMissing } from './requests';

/** Attaches a payment method (an id or a test token) to a customer. */
export function attachPaymentMethod(stripe: StripeClient, customerId: string, paymentMethod: string, write: IdempotentWrite): Promise<AttachedPaymentMethod> {
  return stripeCall({ operation: `attach payment method ${paymentMethod} to ${customerId}` }, async () =>
    paymentMethodOf(await stripe.paymentMethods.attach(paymentMethod, { customer: customerId }, { idempotencyKey: write.idempotencyKey })),
  );
}

/** The payment method with this id, if it is attached to the customer. */
export function getPaymentMethod(stripe: StripeClient, customerId: string, paymentMethodId: string): Promise<AttachedPaymentMethod | undefined> {
  return stripeCall({ operation: `read payment method ${paymentMethodId}` }, () =>
    unlessMissing(async () => paymentMethodOf(await stripe.customers.retrievePaymentMethod(customerId, paymentMethodId))),
  );
}

function paymentMethodOf(method: Stripe.PaymentMethod): AttachedPaymentMethod {
  return { id: method.id, type: method.type, label: labelOf(method) };
}

function labelOf(method: Stripe.PaymentMethod): string {
  if (method.card) return `${method.card.brand} ending ${method.card.last4}`;
  if (method.us_bank_account) return `${method.us_bank_account.bank_name ?? 'bank account'} ending ${method.us_bank_account.last4 ?? '????'}`;
  return method.type;
}
