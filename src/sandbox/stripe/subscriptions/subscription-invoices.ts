/**
 * A subscription's invoices: a draft with the subscription's lines for a period plus every pending invoice item of
 * the customer that belongs to this subscription or to none (prorations first, as Stripe lists them), stored and
 * announced with invoice.created. Collection (finalize, charge, the subscription's status after it) is
 * subscription-collection.ts.
 */
import type { BillingPeriod } from '../billing/billing-periods';
import type { BillingContext } from '../billing-context';
import type { BillingReason, InvoiceDoc, SubscriptionDoc } from '../invoicing/billing-types';
import { discountTerms, onceDiscounts } from '../invoicing/coupons';
import { withPendingItems } from '../invoicing/draft-lines';
import { newDraftInvoice, subscriptionItemLine, type SubscriptionLineSpec } from '../invoicing/invoice-documents';
import { insertInvoice, invoiceCustomer } from '../invoicing/invoice-lifecycle';
import { saveSubscription, SUBSCRIPTION_TYPE } from './subscription-documents';

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
      discounts: discountTerms(bc, subscription.discounts, spec.now).map((d) => d.id),
    });
    const withItems = withPendingItems(bc, draft, { subscription: subscription.id, includeUnattached: true });
    const lines = [...withItems.lines.data, ...spec.lines.map((line) => subscriptionItemLine(draft.id, line))];
    const invoice = insertInvoice(bc, { ...withItems, lines: { ...withItems.lines, data: lines, total_count: lines.length } });
    useUpOnceDiscounts(bc, subscription.id, invoice.discounts);
    return invoice;
  });
}

/** A `once` discount is spent by the first invoice it reaches: it leaves the subscription (as on Stripe). */
function useUpOnceDiscounts(bc: BillingContext, subscriptionId: string, used: readonly string[]): void {
  const once = onceDiscounts(bc, used);
  if (once.size === 0) return;
  const current = bc.store.get<SubscriptionDoc>(SUBSCRIPTION_TYPE, subscriptionId)!;
  saveSubscription(bc, { ...current, discounts: current.discounts.filter((id) => !once.has(id)) });
}
