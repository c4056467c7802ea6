/**
 * Billing's part in advancing a test clock (the foundation's ClockAdvancer): it refuses a jump further than Stripe
 * allows, two intervals of the shortest subscription on the clock (two years when it has none), and runs everything
 * due for the clock's customers between the old and the new frozen time, in time order (due-runner.ts).
 */
import { cycleBoundary } from '../billing/billing-periods';
import type { BillingContext } from '../billing-context';
import type { ClockAdvancer, TestClock } from '../clocks/test-clocks';
import { invalidParam } from '../http/stripe-error';
import type { SubscriptionDoc } from '../invoicing/billing-types';
import { recurrenceOf } from '../subscriptions/subscription-creation';
import { SUBSCRIPTION_TYPE } from '../subscriptions/subscription-documents';
import { runDueBilling } from './due-runner';

/** The latest time a clock may advance to: two intervals of its shortest live subscription, else two years. */
export function advanceLimit(bc: BillingContext, clock: TestClock): number {
  const live = bc.store.scan<SubscriptionDoc>({ type: SUBSCRIPTION_TYPE, where: (s) => s.test_clock === clock.id && s.status !== 'canceled' && s.status !== 'incomplete_expired' });
  let limit = cycleBoundary(clock.frozen_time, { interval: 'year', interval_count: 1 }, 2);
  for (const subscription of live) {
    const first = subscription.items.data[0];
    if (first) limit = Math.min(limit, cycleBoundary(clock.frozen_time, recurrenceOf(first.price), 2));
  }
  return limit;
}

/** The advancer billing registers on the sandbox's test clocks. */
export function billingClockAdvancer(bc: BillingContext): ClockAdvancer {
  return {
    check(clock, to) {
      const limit = advanceLimit(bc, clock);
      if (to > limit) {
        throw invalidParam('frozen_time', `Cannot advance the test clock to ${to}: a clock can advance at most two intervals of the shortest subscription on it (or two years without subscriptions), so at most to ${limit}. Advance in several steps.`);
      }
    },
    advance(step) {
      runDueBilling(bc, step.clock.id, step.to, step.moveTo);
    },
  };
}
