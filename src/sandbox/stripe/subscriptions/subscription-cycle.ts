/**
 * What happens to a subscription when its time comes (the billing engine calls {@link runSubscriptionDue} at the
 * subscription's due time, in its customer's time):
 * - at a period's end it renews: its items move to the next period (the anchor's day of month, clamped), and a draft
 *   invoice (billing_reason `subscription_cycle`) bills the next period's licensed items in advance, the ended
 *   period's metered usage and the pending invoice items; it is finalized and collected after the grace period. When
 *   the current phase of its schedule ends there too, the next phase's items are taken in between: the ended period's
 *   usage is billed at the prices it was counted under, the new period's licensed items at the new phase's;
 * - when its schedule's current phase ends mid-period, it takes the next phase then (schedule-phases.ts), or the
 *   schedule is released, or, with `end_behavior: cancel`, it ends;
 * - at a period's end with `cancel_at_period_end`, or at `cancel_at`, it ends instead: a last invoice bills the
 *   usage and pending items, if there are any, and the subscription is canceled (customer.subscription.deleted);
 * - an `incomplete` subscription whose first invoice is still unpaid 23 hours after creation expires
 *   (`incomplete_expired`) and that invoice is voided.
 */
import { periodContaining, type BillingPeriod } from '../billing/billing-periods';
import type { BillingContext } from '../billing-context';
import type { SubscriptionDoc } from '../invoicing/billing-types';
import { pendingInvoiceItems } from '../invoicing/invoice-items';
import { voidInvoice } from '../invoicing/invoice-lifecycle';
import { readInvoice } from '../invoicing/invoice-line-store';
import { recurrenceOf } from './subscription-creation';
import { cancelScheduleOf } from '../schedules/schedule-lifecycle';
import { enterScheduledPhase, scheduleCancelsAt } from '../schedules/schedule-phases';
import { currentPeriodOf, INCOMPLETE_LIFETIME_SECONDS, isMetered, publishSubscriptionChange, saveSubscription, scheduleBoundaryOf } from './subscription-documents';
import { createSubscriptionInvoice } from './subscription-invoices';
import { licensedLines, meteredLines } from './subscription-lines';

/** Runs what is due for `subscription` at `at` (its due time). */
export function runSubscriptionDue(bc: BillingContext, subscription: SubscriptionDoc, at: number): void {
  if (subscription.status === 'incomplete') {
    if (at >= subscription.created + INCOMPLETE_LIFETIME_SECONDS) expire(bc, subscription, at);
    return;
  }
  const period = currentPeriodOf(subscription);
  const phaseEnd = scheduleBoundaryOf(bc, subscription);
  if (subscription.cancel_at !== null && subscription.cancel_at <= period.end && at >= subscription.cancel_at) {
    endSubscription(bc, subscription, { start: period.start, end: subscription.cancel_at });
  } else if (phaseEnd !== null && phaseEnd <= period.end && at >= phaseEnd && scheduleCancelsAt(bc, subscription, phaseEnd)) {
    endSubscription(bc, subscription, { start: period.start, end: phaseEnd });
  } else if (phaseEnd !== null && phaseEnd < period.end && at >= phaseEnd) {
    enterScheduledPhase(bc, subscription, phaseEnd, false);
  } else if (at >= period.end) {
    if (subscription.cancel_at_period_end) endSubscription(bc, subscription, period);
    else renew(bc, subscription, period);
  }
}

/** Moves the subscription into its next period and drafts the invoice that bills it. */
function renew(bc: BillingContext, subscription: SubscriptionDoc, ended: BillingPeriod): void {
  const next = periodContaining(subscription.billing_cycle_anchor, recurrenceOf(subscription.items.data[0]!.price), ended.end);
  // Before a scheduled phase changes any price: the period's usage is billed at the prices it was counted under.
  const usage = meteredLines(bc, subscription, ended);
  const moved = saveSubscription(bc, {
    ...subscription,
    items: { ...subscription.items, data: subscription.items.data.map((item) => ({ ...item, current_period_start: next.start, current_period_end: next.end })) },
  });
  publishSubscriptionChange(bc, 'customer.subscription.updated', subscription, moved);
  // Then the next phase, if one starts now, before the new period's licensed items are billed in advance.
  const renewed = enterScheduledPhase(bc, moved, ended.end, true);
  const invoice = createSubscriptionInvoice(bc, renewed, {
    reason: 'subscription_cycle',
    now: ended.end,
    lines: [...usage, ...licensedLines(bc, renewed, next)],
    period: ended,
    autoFinalize: true,
  });
  saveSubscription(bc, { ...bc.store.get<SubscriptionDoc>('subscription', renewed.id)!, latest_invoice: invoice.id });
}

/** Cancels the subscription at `ended.end`, billing its metered usage and pending items first if it has any. */
export function endSubscription(bc: BillingContext, subscription: SubscriptionDoc, ended: BillingPeriod): SubscriptionDoc {
  const hasUsage = subscription.items.data.some(isMetered);
  const hasPending = !pendingInvoiceItems(bc.store, subscription.customer, { subscription: subscription.id, includeUnattached: false }).next().done;
  let latest = subscription.latest_invoice;
  if (hasUsage || hasPending) {
    latest = createSubscriptionInvoice(bc, subscription, { reason: 'subscription_cycle', now: ended.end, lines: meteredLines(bc, subscription, ended), period: ended, autoFinalize: true }).id;
  }
  const canceled = saveSubscription(bc, {
    ...bc.store.get<SubscriptionDoc>('subscription', subscription.id)!,
    status: 'canceled',
    ended_at: ended.end,
    canceled_at: subscription.canceled_at ?? ended.end,
    cancellation_details: { comment: subscription.cancellation_details?.comment ?? null, feedback: subscription.cancellation_details?.feedback ?? null, reason: 'cancellation_requested' },
    latest_invoice: latest,
  });
  publishSubscriptionChange(bc, 'customer.subscription.deleted', subscription, canceled);
  cancelScheduleOf(bc, canceled, ended.end);
  return canceled;
}

/** An incomplete subscription whose first invoice went unpaid: it expires and that invoice is voided. */
function expire(bc: BillingContext, subscription: SubscriptionDoc, at: number): void {
  const expired = saveSubscription(bc, { ...subscription, status: 'incomplete_expired', ended_at: at });
  const first = subscription.latest_invoice ? readInvoice(bc.store, subscription.latest_invoice) : undefined;
  if (first && first.status === 'open') voidInvoice(bc, first, at);
  publishSubscriptionChange(bc, 'customer.subscription.updated', subscription, expired);
  cancelScheduleOf(bc, expired, at);
}

/** Cancels a subscription whose customer was deleted, without invoicing anyone. */
export function endWithCustomer(bc: BillingContext, subscription: SubscriptionDoc, at: number): void {
  const canceled = saveSubscription(bc, { ...subscription, status: 'canceled', canceled_at: subscription.canceled_at ?? at, ended_at: at });
  publishSubscriptionChange(bc, 'customer.subscription.deleted', subscription, canceled);
  cancelScheduleOf(bc, canceled, at);
}
