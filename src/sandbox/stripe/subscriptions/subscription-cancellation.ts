/**
 * Cancelling a subscription now (`DELETE /v1/subscriptions/{id}`): with `prorate`, the unused time of its licensed
 * items is credited as pending proration items; with `invoice_now`, a final invoice bills its metered usage so far
 * and its pending items (those credits included) and is collected at once. The subscription is `canceled` from now
 * on (customer.subscription.deleted), and so is the schedule managing it, if one does. Scheduling a cancellation
 * (`cancel_at_period_end`, `cancel_at`) is an update; subscription-cycle.ts carries it out when the time comes.
 */
import { prorationItems } from '../billing/proration';
import { priceAmount } from '../billing/price-amount';
import type { BillingContext } from '../billing-context';
import { invalidRequest } from '../http/stripe-error';
import type { SubscriptionDoc } from '../invoicing/billing-types';
import { createInvoiceItem } from '../invoicing/invoice-items';
import { invoiceCustomer } from '../invoicing/invoice-lifecycle';
import { cancelScheduleOf } from '../schedules/schedule-lifecycle';
import { collectInvoice } from './subscription-collection';
import { currentPeriodOf, isMetered, publishSubscriptionChange, saveSubscription } from './subscription-documents';
import { createSubscriptionInvoice } from './subscription-invoices';
import { describeDate, meteredLines, productNameOf } from './subscription-lines';

/** How to cancel. */
export interface CancelOptions {
  invoiceNow: boolean;
  prorate: boolean;
  comment?: string | null;
  feedback?: string | null;
}

/** Cancels `subscription` now; see the file header. */
export function cancelSubscriptionNow(bc: BillingContext, subscription: SubscriptionDoc, options: CancelOptions): SubscriptionDoc {
  if (subscription.status === 'canceled' || subscription.status === 'incomplete_expired') {
    throw invalidRequest(`This subscription is already ${subscription.status === 'canceled' ? 'canceled' : 'expired'} (subscription ${subscription.id}).`);
  }
  const at = bc.timeOf(subscription.customer);
  const period = currentPeriodOf(subscription);
  const customer = invoiceCustomer(bc, subscription.customer);
  if (options.prorate) {
    for (const item of subscription.items.data.filter((i) => !isMetered(i))) {
      const full = priceAmount(item.price, item.quantity ?? 1).amount;
      for (const credit of prorationItems({ oldFullAmount: full, newFullAmount: null, period, at })) {
        createInvoiceItem(bc, {
          customer, now: at, currency: item.price.currency, amount: credit.amount, quantity: String(item.quantity ?? 1),
          unitAmountDecimal: item.price.unit_amount_decimal ?? null, price: { id: item.price.id, product: item.price.product },
          description: `Unused time on ${item.quantity ?? 1} × ${productNameOf(bc, item.price)} after ${describeDate(at)}`,
          period: credit.period, taxRates: item.tax_rates, metadata: {}, invoice: null, subscription: { id: subscription.id, item: item.id }, proration: true,
        });
      }
    }
  }
  let latest = subscription.latest_invoice;
  if (options.invoiceNow) {
    const invoice = createSubscriptionInvoice(bc, subscription, { reason: 'subscription_update', now: at, lines: meteredLines(bc, subscription, { start: period.start, end: at }), period: { start: period.start, end: at }, autoFinalize: false });
    latest = invoice.id;
    collectInvoice(bc, invoice, { at, offSession: false });
  }
  const canceled = saveSubscription(bc, {
    ...bc.store.get<SubscriptionDoc>('subscription', subscription.id)!,
    status: 'canceled',
    canceled_at: at,
    ended_at: at,
    cancel_at: null,
    cancel_at_period_end: false,
    cancellation_details: { comment: options.comment ?? null, feedback: options.feedback ?? null, reason: 'cancellation_requested' },
    latest_invoice: latest,
  });
  publishSubscriptionChange(bc, 'customer.subscription.deleted', subscription, canceled);
  cancelScheduleOf(bc, canceled, at);
  return canceled;
}
