/**
 * Test clocks as a user drives them through the SDK: advance, then wait until the clock is `ready` again (Stripe
 * advances in the background and answers `advancing` at once).
 */
import type Stripe from 'stripe';

/** Unix seconds of an ISO instant (`at('2026-04-01T00:00:00Z')`). */
export function at(iso: string): number {
  return Date.parse(iso) / 1000;
}

/** Advances a clock to `frozenTime` and resolves with it once it is ready; fails if it ends in internal_failure. */
export async function advanceClock(stripe: Stripe, clockId: string, frozenTime: number): Promise<Stripe.TestHelpers.TestClock> {
  let clock = await stripe.testHelpers.testClocks.advance(clockId, { frozen_time: frozenTime });
  while (clock.status === 'advancing') {
    await new Promise((resolve) => setTimeout(resolve, 5));
    clock = await stripe.testHelpers.testClocks.retrieve(clockId);
  }
  if (clock.status !== 'ready') throw new Error(`test clock ${clockId} ended ${clock.status}`);
  return clock;
}
