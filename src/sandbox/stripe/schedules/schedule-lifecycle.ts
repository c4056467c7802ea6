/**
 * What happens to a schedule over its life, apart from its creation and updates: it moves into its next phase, it is
 * released (its subscription goes on as it is, no longer managed), or it ends with its subscription (canceled). Each
 * publishes its event (`subscription_schedule.updated`, `.released`, `.canceled`); a release also publishes
 * customer.subscription.updated, as the subscription's `schedule` is cleared.
 */
import type { BillingContext } from '../billing-context';
import { previousAttributes } from '../events/previous-attributes';
import type { SubscriptionDoc } from '../invoicing/billing-types';
import { publishSubscriptionChange, saveSubscription, SUBSCRIPTION_TYPE } from '../subscriptions/subscription-documents';
import { isLive, saveSchedule, SCHEDULE_TYPE, type PhaseDoc, type ScheduleDoc } from './schedule-documents';

/** Saves a changed schedule and publishes `type` about it, with what changed for `.updated`. */
export function publishScheduleChange(bc: BillingContext, type: string, before: ScheduleDoc, after: ScheduleDoc): ScheduleDoc {
  const saved = saveSchedule(bc, after);
  const previous = type === 'subscription_schedule.updated' ? previousAttributes(before, saved) : undefined;
  bc.events.publish(type, saved, previous ? { previousAttributes: previous } : {});
  return saved;
}

/** The live schedule managing `subscription`, if one does. */
export function liveScheduleOf(bc: BillingContext, subscription: SubscriptionDoc): ScheduleDoc | undefined {
  const schedule = subscription.schedule ? bc.store.get<ScheduleDoc>(SCHEDULE_TYPE, subscription.schedule) : undefined;
  return schedule && isLive(schedule) ? schedule : undefined;
}

/** Makes `phase` the schedule's current one. */
export function enterPhase(bc: BillingContext, schedule: ScheduleDoc, phase: PhaseDoc): ScheduleDoc {
  return publishScheduleChange(bc, 'subscription_schedule.updated', schedule, { ...schedule, current_phase: { start_date: phase.start_date, end_date: phase.end_date } });
}

/** Releases a live schedule at `at`: the subscription stays as it is and is no longer managed. */
export function releaseSchedule(bc: BillingContext, schedule: ScheduleDoc, at: number): ScheduleDoc {
  const released = publishScheduleChange(bc, 'subscription_schedule.released', schedule, {
    ...schedule,
    status: 'released',
    released_at: at,
    released_subscription: schedule.subscription,
    subscription: null,
    current_phase: null,
  });
  const subscription = schedule.subscription ? bc.store.get<SubscriptionDoc>(SUBSCRIPTION_TYPE, schedule.subscription) : undefined;
  if (subscription && subscription.schedule === schedule.id) {
    publishSubscriptionChange(bc, 'customer.subscription.updated', subscription, saveSubscription(bc, { ...subscription, schedule: null }));
  }
  return released;
}

/** A subscription that ended (canceled or expired) at `at` ends its live schedule with it. */
export function cancelScheduleOf(bc: BillingContext, subscription: SubscriptionDoc, at: number): void {
  const schedule = liveScheduleOf(bc, subscription);
  if (!schedule) return;
  publishScheduleChange(bc, 'subscription_schedule.canceled', schedule, { ...schedule, status: 'canceled', canceled_at: at, current_phase: null });
}
