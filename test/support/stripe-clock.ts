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

/**
 * A customer who pays by card (`pm_card_visa` unless told otherwise) and lives on a new test clock frozen at
 * `frozenTime`: how billing tests start a story whose periods they know.
 */
export async function customerOnClock(stripe: Stripe, name: string, frozenTime: number, paymentMethod = 'pm_card_visa'): Promise<{ clock: Stripe.TestHelpers.TestClock; customer: Stripe.Customer }> {
  const clock = await stripe.testHelpers.testClocks.create({ frozen_time: frozenTime, name });
  const customer = await stripe.customers.create({ name, test_clock: clock.id, payment_method: paymentMethod, invoice_settings: { default_payment_method: paymentMethod } });
  return { clock, customer };
}

/** A licensed monthly price of `unitAmount` cents for numbers (a new product each time). */
export async function monthlyPrice(stripe: Stripe, unitAmount: number): Promise<Stripe.Price> {
  const product = await stripe.products.create({ name: 'Numbers' });
  return stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: unitAmount, recurring: { interval: 'month' } });
}
