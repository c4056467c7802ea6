/**
 * A subscription entering the next phase of its schedule, when the current phase ends (subscription-cycle.ts calls
 * {@link enterScheduledPhase} at that moment). The phase's items replace the subscription's: an item whose price the
 * phase keeps stays (same id, the phase's quantity and metadata); a metered item on a meter the phase prices
 * differently keeps its id and takes the new price (as an item update would, so the meter's usage is never billed
 * twice); every other item is removed and the phase's other prices become new items. The phase's tax rates,
 * collection and metadata are set too.
 *
 * At a period end (the usual case: a change planned "from the next period") the caller has already billed the ended
 * period's usage at the prices in effect during it, and moved the items into the new period; the change then makes no
 * prorations and drops the removed metered items' usage (it was just billed). Mid-period, the change is prorated as
 * the phase's `proration_behavior` says, exactly as an update of the subscription would be.
 */
import type { BillingContext } from '../billing-context';
import type { BillingPrice, SubscriptionDoc } from '../invoicing/billing-types';
import { changeSubscriptionItems, type ItemChange } from '../subscriptions/subscription-changes';
import { isMetered, publishSubscriptionChange, saveSubscription } from '../subscriptions/subscription-documents';
import { nextPhaseOf, type PhaseDoc } from './schedule-documents';
import { enterPhase, liveScheduleOf, releaseSchedule } from './schedule-lifecycle';

/** The item changes that give `subscription` the items of `phase`; `clearUsage` on removed metered items. */
export function phaseItemChanges(bc: BillingContext, subscription: SubscriptionDoc, phase: PhaseDoc, clearUsage: boolean): ItemChange[] {
  const priceOf = (id: string) => bc.store.get<BillingPrice>('price', id)!;
  const unmatched = [...subscription.items.data];
  const take = (predicate: (item: SubscriptionDoc['items']['data'][number]) => boolean) => {
    const index = unmatched.findIndex(predicate);
    return index < 0 ? undefined : unmatched.splice(index, 1)[0];
  };
  const changes: ItemChange[] = [];
  // Same prices first, so a metered item is only ever re-priced when its own price left the phase.
  const pending = phase.items.filter((wanted) => {
    const same = take((item) => item.price.id === wanted.price);
    if (!same) return true;
    const metadata = { ...same.metadata, ...wanted.metadata };
    const quantityChanges = wanted.quantity !== undefined && wanted.quantity !== same.quantity;
    if (quantityChanges || JSON.stringify(metadata) !== JSON.stringify(same.metadata)) {
      changes.push({ id: same.id, ...(quantityChanges ? { quantity: wanted.quantity } : {}), metadata, param: 'phases' });
    }
    return false;
  });
  for (const wanted of pending) {
    const price = priceOf(wanted.price);
    const meter = price.recurring?.usage_type === 'metered' ? price.recurring.meter : undefined;
    const reused = meter ? take((item) => isMetered(item) && item.price.recurring?.meter === meter) : undefined;
    if (reused) changes.push({ id: reused.id, price, metadata: { ...reused.metadata, ...wanted.metadata }, param: 'phases' });
    else changes.push({ price, quantity: wanted.quantity, taxRates: wanted.tax_rates.length > 0 ? wanted.tax_rates : null, metadata: { ...wanted.metadata }, param: 'phases' });
  }
  for (const item of unmatched) changes.push({ id: item.id, deleted: true, clearUsage, param: 'phases' });
  return changes;
}

/** The subscription with the phase's own settings (tax rates, collection, metadata). */
function withPhaseSettings(subscription: SubscriptionDoc, phase: PhaseDoc): SubscriptionDoc {
  const collection = phase.collection_method ?? subscription.collection_method;
  return {
    ...subscription,
    default_tax_rates: phase.default_tax_rates.length > 0 ? phase.default_tax_rates : null,
    collection_method: collection,
    days_until_due: collection === 'send_invoice' ? (phase.invoice_settings?.days_until_due ?? subscription.days_until_due ?? 30) : null,
    metadata: { ...subscription.metadata, ...phase.metadata },
  };
}

/** How a subscription takes a phase's items: the proration settings of the change. */
export interface PhaseTaking {
  prorationBehavior: 'create_prorations' | 'always_invoice' | 'none';
  /** When the change is prorated from. */
  prorationDate: number;
  /** Drop the usage of removed metered items (already billed) instead of billing it as a pending item. */
  clearUsage: boolean;
}

/** Gives `subscription` the items and settings of `phase` (publishing customer.subscription.updated); returns it as saved. */
export function takePhase(bc: BillingContext, subscription: SubscriptionDoc, phase: PhaseDoc, how: PhaseTaking): SubscriptionDoc {
  const settled = withPhaseSettings(subscription, phase);
  let saved = subscription;
  if (JSON.stringify(settled) !== JSON.stringify(subscription)) {
    saved = saveSubscription(bc, settled);
    publishSubscriptionChange(bc, 'customer.subscription.updated', subscription, saved);
  }
  const changed = changeSubscriptionItems(bc, saved, phaseItemChanges(bc, saved, phase, how.clearUsage), {
    prorationBehavior: how.prorationBehavior,
    prorationDate: how.prorationDate,
    paymentBehavior: 'allow_incomplete',
  });
  return bc.store.get<SubscriptionDoc>('subscription', changed.id)!;
}

/**
 * At `at`, the end of the current phase of the schedule managing `subscription`: the subscription takes the next
 * phase (`atPeriodEnd`: without prorations, the removed metered items' usage already billed), or, after the last
 * phase, the schedule is released. Returns the subscription as it is then. An `end_behavior: cancel` schedule's end
 * is the caller's to carry out (it cancels the subscription; see {@link scheduleCancelsAt}).
 */
export function enterScheduledPhase(bc: BillingContext, subscription: SubscriptionDoc, at: number, atPeriodEnd: boolean): SubscriptionDoc {
  const schedule = liveScheduleOf(bc, subscription);
  if (!schedule || schedule.current_phase === null || schedule.current_phase.end_date > at) return subscription;
  const next = nextPhaseOf(schedule);
  if (!next) {
    releaseSchedule(bc, schedule, at);
    return bc.store.get<SubscriptionDoc>('subscription', subscription.id)!;
  }
  const taken = takePhase(bc, subscription, next, { prorationBehavior: atPeriodEnd ? 'none' : next.proration_behavior, prorationDate: at, clearUsage: atPeriodEnd });
  enterPhase(bc, schedule, next);
  return taken;
}

/** True when the schedule managing `subscription` ends at `at` with `end_behavior: cancel` (the subscription ends then). */
export function scheduleCancelsAt(bc: BillingContext, subscription: SubscriptionDoc, at: number): boolean {
  const schedule = liveScheduleOf(bc, subscription);
  return !!schedule && schedule.end_behavior === 'cancel' && schedule.current_phase?.end_date === at && !nextPhaseOf(schedule);
}
