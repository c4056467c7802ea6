/**
 * Collecting an invoice and what its outcome does to its subscription, as Stripe does it: a draft is finalized;
 * a charge_automatically invoice is charged (send_invoice ones wait for the customer); a paid invoice makes an
 * `incomplete` or `past_due` subscription `active`; a failed charge leaves a new subscription `incomplete` and makes a
 * renewing one `past_due`. Each status change publishes customer.subscription.updated with the previous status.
 */
import type { BillingContext } from '../billing-context';
import { invalidRequest, type StripeApiError } from '../http/stripe-error';
import type { InvoiceDoc, SubscriptionDoc, SubscriptionStatus } from '../invoicing/billing-types';
import { attemptInvoicePayment, finalizeInvoice, payOutOfBand, saveInvoice } from '../invoicing/invoice-lifecycle';
import { publishSubscriptionChange, saveSubscription, SUBSCRIPTION_TYPE } from './subscription-documents';

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
  let open = invoice.status === 'draft' ? finalizeInvoice(bc, invoice, options.at) : invoice;
  // default_incomplete leaves the first payment to the customer's own confirmation: no automatic attempt later either.
  if (options.skipPayment && open.next_payment_attempt !== null) open = saveInvoice(bc, { ...open, next_payment_attempt: null });
  if (open.status !== 'open' || open.collection_method !== 'charge_automatically' || options.skipPayment) {
    settleSubscriptionOf(bc, open);
    return { invoice: open };
  }
  const outcome = attemptInvoicePayment(bc, open, { paymentMethod: options.paymentMethod ?? null, offSession: options.offSession, at: options.at });
  settleSubscriptionOf(bc, outcome.invoice);
  return outcome;
}

/**
 * `POST /v1/invoices/{id}/pay`: finalizes a draft, then records an out-of-band payment or charges the invoice; a
 * decline is thrown (402) after the failed attempt is recorded. Its subscription follows the outcome.
 */
export function payInvoice(bc: BillingContext, invoice: InvoiceDoc, options: { paidOutOfBand: boolean; paymentMethod: string | null; offSession: boolean }): InvoiceDoc {
  if (invoice.status === 'paid') throw invalidRequest(`Invoice is already paid (invoice ${invoice.id}).`, undefined, 'invoice_already_paid');
  if (invoice.status === 'void') throw invalidRequest(`You can't pay invoice ${invoice.id}: it is void.`, undefined, 'invoice_not_editable');
  const at = bc.timeOf(invoice.customer);
  const open = invoice.status === 'draft' ? finalizeInvoice(bc, invoice, at) : invoice;
  if (open.status === 'paid') {
    settleSubscriptionOf(bc, open);
    return open;
  }
  if (options.paidOutOfBand) {
    const paid = payOutOfBand(bc, open, at);
    settleSubscriptionOf(bc, paid);
    return paid;
  }
  const outcome = attemptInvoicePayment(bc, open, { paymentMethod: options.paymentMethod, offSession: options.offSession, at });
  settleSubscriptionOf(bc, outcome.invoice);
  if (outcome.declined) throw outcome.declined;
  return outcome.invoice;
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
  publishSubscriptionChange(bc, 'customer.subscription.updated', subscription, updated);
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
