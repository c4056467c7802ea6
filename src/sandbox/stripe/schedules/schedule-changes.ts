/**
 * Making and changing subscription schedules (`/v1/subscription_schedules`):
 * - `from_subscription` makes a schedule of a live subscription: one phase, the current one, with the subscription's
 *   items and settings until its period ends, and `end_behavior: release`; the subscription's `schedule` names it.
 * - an update replaces the phases from the current one on (past phases stay as they were; a phase starts where the
 *   one before it ends; the last may leave out its end, which is then one interval of its prices later). When the
 *   current phase's items or settings differ from the subscription's, the subscription takes them now, prorated as
 *   the request's `proration_behavior` says (default `create_prorations`). `end_behavior` and `metadata` change too.
 * Events: subscription_schedule.created / .updated, and customer.subscription.updated for what the subscription took.
 */
import { cycleBoundary } from '../billing/billing-periods';
import type { BillingContext } from '../billing-context';
import type { MetadataUpdate } from '../http/params';
import { applyMetadata } from '../http/params';
import { invalidParam, invalidRequest } from '../http/stripe-error';
import type { SubscriptionDoc } from '../invoicing/billing-types';
import { recurrenceOf } from '../subscriptions/subscription-creation';
import { currentPeriodOf, publishSubscriptionChange, saveSubscription } from '../subscriptions/subscription-documents';
import {
  currentPhaseOf,
  insertSchedule,
  isLive,
  newSchedule,
  phaseDoc,
  phaseItem,
  saveSchedule,
  type EndBehavior,
  type PhaseDoc,
  type ScheduleDoc,
} from './schedule-documents';
import { publishScheduleChange } from './schedule-lifecycle';
import type { PhaseRequest } from './schedule-params';
import { takePhase } from './schedule-phases';

/** Statuses of a subscription a schedule can take over. */
const SCHEDULABLE: ReadonlySet<string> = new Set(['active', 'past_due', 'trialing', 'unpaid']);

/** Makes a schedule of `subscription`, which must be live, unscheduled and not set to cancel. */
export function scheduleFromSubscription(bc: BillingContext, subscription: SubscriptionDoc, metadata: Record<string, string>): ScheduleDoc {
  if (subscription.schedule) {
    const existing = bc.store.get<ScheduleDoc>('subscription_schedule', subscription.schedule);
    if (existing && isLive(existing)) throw invalidParam('from_subscription', `You cannot migrate a subscription that is already attached to a schedule: \`${existing.id}\`.`);
  }
  if (!SCHEDULABLE.has(subscription.status)) {
    throw invalidParam('from_subscription', `A subscription schedule can only be made from a live subscription; ${subscription.id} is ${subscription.status}.`);
  }
  if (subscription.cancel_at_period_end || subscription.cancel_at !== null) {
    throw invalidParam('from_subscription', `Subscription ${subscription.id} is set to cancel; unset cancel_at_period_end and cancel_at before putting it on a schedule (the schedule's end_behavior says how it ends).`);
  }
  const now = bc.timeOf(subscription.customer);
  const schedule = insertSchedule(bc, { ...newSchedule(subscription, [currentPhaseOf(subscription, currentPeriodOf(subscription))], now), metadata });
  bc.events.publish('subscription_schedule.created', schedule);
  const attached = saveSubscription(bc, { ...subscription, schedule: schedule.id });
  publishSubscriptionChange(bc, 'customer.subscription.updated', subscription, attached);
  return schedule;
}

/** A schedule update (parameters already read one by one). */
export interface ScheduleUpdate {
  phases?: PhaseRequest[];
  endBehavior?: EndBehavior;
  metadata?: MetadataUpdate | null;
  /** How a change to the current phase is prorated. */
  prorationBehavior: 'create_prorations' | 'always_invoice' | 'none';
}

/** Applies an update to a live schedule of `subscription`; returns the schedule as saved. */
export function updateSchedule(bc: BillingContext, schedule: ScheduleDoc, subscription: SubscriptionDoc, update: ScheduleUpdate): ScheduleDoc {
  if (!isLive(schedule) || schedule.current_phase === null) {
    throw invalidRequest(`You cannot update a subscription schedule that is currently in the \`${schedule.status}\` status. It must be in \`not_started\` or \`active\`.`);
  }
  let changed: ScheduleDoc = { ...schedule, end_behavior: update.endBehavior ?? schedule.end_behavior, metadata: applyMetadata(schedule.metadata, update.metadata) };
  if (update.phases) {
    const phases = resolvePhases(bc, schedule, subscription, update.phases);
    const current = phases.find((phase) => phase.start_date === schedule.current_phase!.start_date)!;
    changed = { ...changed, phases, current_phase: { start_date: current.start_date, end_date: current.end_date } };
    // The schedule is saved first, so the subscription's due time follows the current phase's new end.
    saveSchedule(bc, changed);
    takePhase(bc, subscription, current, { prorationBehavior: update.prorationBehavior, prorationDate: bc.timeOf(subscription.customer), clearUsage: false });
  }
  return publishScheduleChange(bc, 'subscription_schedule.updated', schedule, changed);
}

/**
 * The schedule's phases after an update: its past phases as they were, then the sent phases from the current one on,
 * each starting where the one before ends, with its end worked out and its settings filled in.
 */
function resolvePhases(bc: BillingContext, schedule: ScheduleDoc, subscription: SubscriptionDoc, sent: readonly PhaseRequest[]): PhaseDoc[] {
  const now = bc.timeOf(subscription.customer);
  const current = schedule.current_phase!;
  const at = (time: number | 'now') => (time === 'now' ? now : time);
  const recurrence = recurrenceOf(subscription.items.data[0]!.price);
  const resolved: PhaseDoc[] = [];
  let previous: PhaseDoc | undefined = schedule.phases.find((phase) => phase.start_date === current.start_date);
  let start = sent[0]!.startDate === undefined ? current.start_date : at(sent[0]!.startDate);
  sent.forEach((phase, i) => {
    if (i > 0 && phase.startDate !== undefined && at(phase.startDate) !== start) {
      throw invalidParam(`${phase.param}[start_date]`, `Invalid ${phase.param}[start_date]: a phase starts when the one before it ends (${start}).`);
    }
    for (const item of phase.items) {
      const r = item.price.recurring!;
      if (item.price.currency !== subscription.currency) throw invalidParam(`${phase.param}[items]`, `All prices of a schedule must be in the subscription's currency (${subscription.currency}); ${item.price.id} is in ${item.price.currency}.`);
      if (r.interval !== recurrence.interval || r.interval_count !== recurrence.interval_count) {
        throw invalidParam(`${phase.param}[items]`, `The sandbox keeps a subscription on one billing interval: ${item.price.id} bills every ${r.interval_count} ${r.interval}, the subscription every ${recurrence.interval_count} ${recurrence.interval}.`);
      }
    }
    if (phase.currency !== undefined && phase.currency !== subscription.currency) throw invalidParam(`${phase.param}[currency]`, `The phase's currency must be the subscription's (${subscription.currency}).`);
    const last = i === sent.length - 1;
    let end: number;
    if (phase.endDate !== undefined) end = at(phase.endDate);
    else if (phase.duration !== undefined) end = cycleBoundary(start, phase.duration, 1);
    else if (last) end = cycleBoundary(start, recurrence, 1);
    else throw invalidParam(`${phase.param}[end_date]`, `Missing ${phase.param}[end_date] or ${phase.param}[duration]: only the last phase may leave out its end.`, 'parameter_missing');
    if (end <= start) throw invalidParam(`${phase.param}[end_date]`, `Invalid ${phase.param}[end_date] ${end}: a phase must end after it starts (${start}).`);
    const doc = phaseDoc(
      {
        start,
        end,
        items: phase.items.map((item) => phaseItem(item.price.id, item.quantity, item.metadata, item.taxRates)),
        prorationBehavior: phase.prorationBehavior ?? 'create_prorations',
        // Tax rates and collection not sent carry on from the phase before, as the subscription would.
        defaultTaxRates: phase.defaultTaxRates ?? previous?.default_tax_rates ?? subscription.default_tax_rates ?? [],
        collectionMethod: phase.collectionMethod ?? previous?.collection_method ?? subscription.collection_method,
        daysUntilDue: phase.daysUntilDue ?? previous?.invoice_settings?.days_until_due ?? subscription.days_until_due,
        metadata: phase.metadata ?? {},
      },
      subscription.currency,
    );
    resolved.push(doc);
    previous = doc;
    start = end;
  });
  // Phases that ended before the current one began are history: the ones sent are checked for that, the stored kept.
  const firstCurrent = resolved.findIndex((phase) => phase.start_date === current.start_date);
  if (firstCurrent < 0) {
    throw invalidParam('phases', `Invalid phases: they must keep the current phase, which started at ${current.start_date} (its start_date cannot change); past phases may be left out.`);
  }
  if (resolved.slice(0, firstCurrent).some((phase) => phase.end_date > current.start_date)) {
    throw invalidParam('phases', `Invalid phases: a phase before the current one must end by ${current.start_date}, when the current phase started.`);
  }
  const kept = resolved.slice(firstCurrent);
  if (kept[0]!.end_date <= now) throw invalidParam(`phases[${firstCurrent}][end_date]`, `Invalid phases[${firstCurrent}][end_date]: the current phase cannot end in the past (now is ${now}).`);
  return [...schedule.phases.filter((phase) => phase.end_date <= current.start_date), ...kept];
}

/** The prices what a schedule manages already uses (its subscription's items, its phases' items): archived ones stay usable there. */
export function pricesInUse(schedule: ScheduleDoc, subscription: SubscriptionDoc): Set<string> {
  return new Set([...subscription.items.data.map((item) => item.price.id), ...schedule.phases.flatMap((phase) => phase.items.map((item) => item.price))]);
}
