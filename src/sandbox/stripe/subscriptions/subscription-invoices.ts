/**
 * A subscription's invoices: a draft with the subscription's lines for a period plus every pending invoice item of
 * the customer that belongs to this subscription or to none (prorations first, as Stripe lists them), stored and
 * announced with invoice.created. Collection (finalize, charge, the subscription's status after it) is
 * subscription-collection.ts.
 */
import type { BillingPeriod } from '../billing/billing-periods';
import type { BillingContext } from '../billing-context';
import type { BillingReason, InvoiceDoc, SubscriptionDoc } from '../invoicing/billing-types';
import { withPendingItems } from '../invoicing/draft-lines';
import { newDraftInvoice, subscriptionItemLine, type SubscriptionLineSpec } from '../invoicing/invoice-documents';
import { insertInvoice, invoiceCustomer } from '../invoicing/invoice-lifecycle';

/** What a subscription invoice bills. */
export interface SubscriptionInvoiceSpec {
  reason: BillingReason;
  /** The customer's time: the invoice's `created`. */
  now: number;
  lines: SubscriptionLineSpec[];
  /** The period the invoice reports (`period_start`/`period_end`). */
  period: BillingPeriod;
  /** Whether it is finalized by itself after the grace period (renewals), rather than at once by the caller. */
  autoFinalize: boolean;
}

/** Creates the draft invoice of `subscription` for `spec`, taking the customer's pending invoice items. */
export function createSubscriptionInvoice(bc: BillingContext, subscription: SubscriptionDoc, spec: SubscriptionInvoiceSpec): InvoiceDoc {
  return bc.store.transaction(() => {
    const customer = invoiceCustomer(bc, subscription.customer);
    const draft = newDraftInvoice({
      customer,
      now: spec.now,
      currency: subscription.currency,
      billingReason: spec.reason,
      collectionMethod: subscription.collection_method,
      daysUntilDue: subscription.days_until_due,
      autoAdvance: true,
      finalizesAt: spec.autoFinalize ? spec.now + bc.settings.finalizationGraceSeconds : null,
      subscription,
      defaultTaxRates: subscription.default_tax_rates ?? [],
      defaultPaymentMethod: subscription.default_payment_method,
      description: null,
      metadata: {},
      period: spec.period,
    });
    const withItems = withPendingItems(bc, draft, { subscription: subscription.id, includeUnattached: true });
    const lines = [...withItems.lines.data, ...spec.lines.map((line) => subscriptionItemLine(draft.id, line))];
    return insertInvoice(bc, { ...withItems, lines: { ...withItems.lines, data: lines, total_count: lines.length } });
  });
}
