/**
 * `POST /v1/invoices/create_preview`: the next invoice of a subscription (or of a customer: its subscription due
 * soonest, else its pending invoice items) as it would be made at the end of the current period: the pending items
 * (prorations included), the period's metered usage so far, and the next period's licensed items in advance (those
 * of the schedule's next phase when one starts then), with tax and the customer's balance as they stand. With `subscription_details[items]` the changes are previewed too
 * (their prorations dated `proration_date`). Nothing is stored: the work runs in a transaction that is rolled back,
 * with its events dropped.
 */
import { periodContaining } from '../billing/billing-periods';
import type { BillingContext } from '../billing-context';
import { invalidRequest } from '../http/stripe-error';
import { enterScheduledPhase, scheduleCancelsAt } from '../schedules/schedule-phases';
import { changeSubscriptionItems, type ChangeOptions, type ItemChange } from '../subscriptions/subscription-changes';
import { recurrenceOf } from '../subscriptions/subscription-creation';
import { currentPeriodOf, SUBSCRIPTION_TYPE } from '../subscriptions/subscription-documents';
import { licensedLines, meteredLines } from '../subscriptions/subscription-lines';
import type { BillingCustomer, InvoiceDoc, SubscriptionDoc } from './billing-types';
import { discountTerms } from './coupons';
import { withPendingItems } from './draft-lines';
import { newDraftInvoice, servedInvoice, subscriptionItemLine } from './invoice-documents';
import { recalculateDraft } from './invoice-lifecycle';

/** What to preview. */
export interface PreviewSpec {
  customer: BillingCustomer;
  subscription?: SubscriptionDoc;
  changes: readonly ItemChange[];
  changeOptions: ChangeOptions;
}

const ROLLBACK = Symbol('preview rollback');

/** The invoice `spec` previews, as served (never stored). */
export function previewInvoice(bc: BillingContext, spec: PreviewSpec): InvoiceDoc {
  const quiet: BillingContext = { ...bc, events: { publish: () => undefined } };
  let preview: InvoiceDoc | undefined;
  try {
    bc.store.transaction(() => {
      let subscription = spec.subscription ?? soonestSubscription(bc, spec.customer.id);
      if (subscription && spec.changes.length > 0) {
        // A preview never charges: an always_invoice change is shown as the prorations it would invoice.
        const options: ChangeOptions = { ...spec.changeOptions, prorationBehavior: spec.changeOptions.prorationBehavior === 'none' ? 'none' : 'create_prorations' };
        subscription = changeSubscriptionItems(quiet, subscription, spec.changes, options);
      }
      preview = upcomingInvoice(quiet, spec.customer, subscription);
      throw ROLLBACK;
    });
  } catch (err) {
    if (err !== ROLLBACK) throw err;
  }
  return preview!;
}

/** The customer's live subscription whose period ends first. */
function soonestSubscription(bc: BillingContext, customer: string): SubscriptionDoc | undefined {
  const live = [...bc.store.scan<SubscriptionDoc>({ type: SUBSCRIPTION_TYPE, customer, where: (s) => ['active', 'past_due', 'trialing', 'unpaid'].includes(s.status) })];
  return live.sort((a, b) => currentPeriodOf(a).end - currentPeriodOf(b).end)[0];
}

function upcomingInvoice(bc: BillingContext, customer: BillingCustomer, subscription: SubscriptionDoc | undefined): InvoiceDoc {
  const now = bc.timeOf(customer.id);
  if (subscription && ['canceled', 'incomplete_expired'].includes(subscription.status)) {
    throw invalidRequest(`No upcoming invoices for subscription ${subscription.id}: it has ended.`, 'subscription', 'invoice_upcoming_none');
  }
  const period = subscription ? currentPeriodOf(subscription) : { start: now, end: now };
  const draft = newDraftInvoice({
    customer,
    now: period.end,
    currency: subscription?.currency ?? customer.currency ?? 'usd',
    billingReason: 'upcoming',
    collectionMethod: subscription?.collection_method ?? 'charge_automatically',
    daysUntilDue: subscription?.days_until_due ?? null,
    autoAdvance: true,
    finalizesAt: period.end + bc.settings.finalizationGraceSeconds,
    subscription,
    defaultTaxRates: subscription?.default_tax_rates ?? [],
    defaultPaymentMethod: subscription?.default_payment_method ?? null,
    description: null,
    metadata: {},
    period,
    discounts: subscription ? discountTerms(bc, subscription.discounts, period.end).map((d) => d.id) : [],
  });
  const withItems = withPendingItems(bc, draft, { subscription: subscription?.id, includeUnattached: true });
  const lines = [...withItems.lines.data];
  if (subscription) {
    const next = periodContaining(subscription.billing_cycle_anchor, recurrenceOf(subscription.items.data[0]!.price), period.end);
    const ends = subscription.cancel_at_period_end || (subscription.cancel_at !== null && subscription.cancel_at <= period.end) || scheduleCancelsAt(bc, subscription, period.end);
    // A schedule's phase that starts with the next period bills it (this runs in the preview's rolled-back transaction).
    const renewed = ends ? subscription : enterScheduledPhase(bc, subscription, period.end, true);
    const specs = [...meteredLines(bc, subscription, period), ...(ends ? [] : licensedLines(bc, renewed, next))];
    lines.push(...specs.map((line) => subscriptionItemLine(draft.id, line)));
  }
  if (lines.length === 0) throw invalidRequest(`No upcoming invoices for customer: ${customer.id}`, 'customer', 'invoice_upcoming_none');
  const id = `upcoming_${draft.id}`;
  const calculated = recalculateDraft(bc, { ...withItems, id, lines: { ...withItems.lines, data: lines.map((line) => ({ ...line, invoice: id })), total_count: lines.length, url: `/v1/invoices/${id}/lines` } });
  // A preview is never stored, so there is no `/lines` to page: it carries every line.
  return servedInvoice(calculated, Number.POSITIVE_INFINITY);
}
