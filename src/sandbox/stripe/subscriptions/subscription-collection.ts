/**
 * Collecting an invoice and what its outcome does to its subscription, as Stripe does it: a draft is finalized;
 * a charge_automatically invoice is charged (send_invoice ones wait for the customer); a paid invoice makes an
 * `incomplete` or `past_due` subscription `active`; a failed charge leaves a new subscription `incomplete` and makes a
 * renewing one `past_due`. Each status change publishes customer.subscription.updated with the previous status.
 */
import type { BillingContext } from '../billing-context';
import type { StripeApiError } from '../http/stripe-error';
import type { InvoiceDoc, SubscriptionDoc, SubscriptionStatus } from '../invoicing/billing-types';
import { attemptInvoicePayment, finalizeInvoice } from '../invoicing/invoice-lifecycle';
import { saveSubscription, SUBSCRIPTION_TYPE } from './subscription-documents';

/** How to collect. */
export interface CollectionOptions {
  at: number;
  /** Off session for renewals (no customer present), on session for API calls. */
  offSession: boolean;
  /** A payment method for this attempt instead of the invoice's or customer's default. */
  paymentMethod?: string | null;
  /** Finalize only (payment_behavior=default_incomplete leaves the first payment to the client). */
  skipPayment?: boolean;
}

/** Finalizes (if a draft) and, when it charges automatically, charges an invoice; then updates its subscription. */
export function collectInvoice(bc: BillingContext, invoice: InvoiceDoc, options: CollectionOptions): { invoice: InvoiceDoc; declined?: StripeApiError } {
  const open = invoice.status === 'draft' ? finalizeInvoice(bc, invoice, options.at) : invoice;
  if (open.status !== 'open' || open.collection_method !== 'charge_automatically' || options.skipPayment) {
    settleSubscriptionOf(bc, open);
    return { invoice: open };
  }
  const outcome = attemptInvoicePayment(bc, open, { paymentMethod: options.paymentMethod ?? null, offSession: options.offSession, at: options.at });
  settleSubscriptionOf(bc, outcome.invoice);
  return outcome;
}

/** Moves the invoice's subscription to the status the invoice's state calls for, if it changes. */
export function settleSubscriptionOf(bc: BillingContext, invoice: InvoiceDoc): void {
  const subscriptionId = invoice.parent?.subscription_details.subscription;
  if (!subscriptionId) return;
  const subscription = bc.store.get<SubscriptionDoc>(SUBSCRIPTION_TYPE, subscriptionId);
  if (!subscription) return;
  const next = statusAfter(subscription, invoice);
  if (next === subscription.status) return;
  const updated = saveSubscription(bc, { ...subscription, status: next });
  bc.events.publish('customer.subscription.updated', updated, { previousAttributes: { status: subscription.status } });
}

function statusAfter(subscription: SubscriptionDoc, invoice: InvoiceDoc): SubscriptionStatus {
  const current = subscription.status;
  if (current === 'canceled' || current === 'incomplete_expired') return current;
  if (invoice.status === 'paid') return current === 'incomplete' || current === 'past_due' || current === 'unpaid' ? 'active' : current;
  if (invoice.status === 'open' && invoice.attempted && invoice.collection_method === 'charge_automatically') {
    if (invoice.billing_reason === 'subscription_create') return 'incomplete';
    return current === 'active' ? 'past_due' : current;
  }
  return current;
}
