/**
 * Subscription schedules on the sandbox, through the official SDK: a subscription put on a schedule
 * (`from_subscription`) with a second phase that changes its prices at the period end, crossed with a test clock.
 * The period that ends is billed at the prices in effect during it (a metered price's usage in arrears too), the new
 * period at the next phase's; a change to the current phase is prorated; a last phase releases its subscription.
 * Every amount is worked out by hand.
 */
import type Stripe from 'stripe';
import { useTestSandbox } from '../support/sandbox';
import { decimal, sandboxStripe, stripeFailure } from '../support/stripe';
import { advanceClock, at, customerOnClock, monthlyPrice } from '../support/stripe-clock';

const APRIL_1 = at('2026-04-01T00:00:00Z');
const APRIL_16 = at('2026-04-16T00:00:00Z');
const MAY_1 = at('2026-05-01T00:00:00Z');
const JUNE_1 = at('2026-06-01T00:00:00Z');

describe('subscription schedules', () => {
  const t = useTestSandbox();
  let stripe: Stripe;
  beforeAll(() => {
    stripe = sandboxStripe(t.sandbox);
  });

  const latestInvoice = async (subscriptionId: string) => stripe.invoices.retrieve((await stripe.subscriptions.retrieve(subscriptionId)).latest_invoice as string);
  const itemsOf = (phase: Stripe.SubscriptionSchedule.Phase) => phase.items.map((i) => [i.price, i.quantity ?? null]);

  it('changes a per-second price at the period end: April\'s seconds at the old rate, May\'s at the new, then releases', async () => {
    const meter = await stripe.billing.meters.create({ display_name: 'UK seconds', event_name: 'sched_seconds', default_aggregation: { formula: 'sum' } });
    const minutes = await stripe.products.create({ name: 'Calls to the UK' });
    // 1.2 ¢ a minute is 0.02 ¢ a second; 1.8 ¢ a minute is 0.03 ¢ a second.
    const oldRate = await stripe.prices.create({ product: minutes.id, currency: 'usd', unit_amount_decimal: decimal('0.02'), recurring: { interval: 'month', usage_type: 'metered', meter: meter.id } });
    const newRate = await stripe.prices.create({ product: minutes.id, currency: 'usd', unit_amount_decimal: decimal('0.03'), recurring: { interval: 'month', usage_type: 'metered', meter: meter.id } });
    const numbers = await monthlyPrice(stripe, 115);
    const { clock, customer } = await customerOnClock(stripe, 'Schedules metered', APRIL_1);
    const subscription = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: numbers.id, quantity: 2 }, { price: oldRate.id, metadata: { line: 'uk' } }] });
    const call = (seconds: number, timestamp: number, identifier: string) =>
      stripe.billing.meterEvents.create({ event_name: 'sched_seconds', payload: { stripe_customer_id: customer.id, value: String(seconds) }, timestamp, identifier });

    await advanceClock(stripe, clock.id, APRIL_16);
    await call(3000, at('2026-04-10T10:00:00Z'), 'april');
    const made = await stripe.subscriptionSchedules.create({ from_subscription: subscription.id });
    expect(made).toMatchObject({ object: 'subscription_schedule', status: 'active', subscription: subscription.id, customer: customer.id, end_behavior: 'release', test_clock: clock.id, current_phase: { start_date: APRIL_1, end_date: MAY_1 } });
    expect(made.phases.map(itemsOf)).toEqual([[[numbers.id, 2], [oldRate.id, null]]]);
    expect((await stripe.subscriptions.retrieve(subscription.id)).schedule).toBe(made.id);

    const planned = await stripe.subscriptionSchedules.update(made.id, {
      phases: [
        { items: [{ price: numbers.id, quantity: 2 }, { price: oldRate.id }], start_date: made.phases[0].start_date, end_date: made.phases[0].end_date },
        { items: [{ price: numbers.id, quantity: 2 }, { price: newRate.id, metadata: { line: 'uk' } }], duration: { interval: 'month' } },
      ],
    });
    expect(planned.phases.map((p) => [p.start_date, p.end_date])).toEqual([[APRIL_1, MAY_1], [MAY_1, JUNE_1]]);
    // Nothing changes before the boundary: no proration, the items as they were.
    expect((await stripe.invoiceItems.list({ customer: customer.id })).data).toEqual([]);
    const meteredItem = subscription.items.data.find((i) => i.price.id === oldRate.id)!;

    await advanceClock(stripe, clock.id, MAY_1 + 3600);
    const may = await latestInvoice(subscription.id);
    // April: 3000 s × 0.02 ¢ = 60 ¢ at the old price; May's two numbers in advance: 2 × 115 = 230.
    expect(may.lines.data.map((l) => [l.pricing?.price_details?.price, l.quantity, l.amount, l.period.start])).toEqual([
      [oldRate.id, 3000, 60, APRIL_1],
      [numbers.id, 2, 230, MAY_1],
    ]);
    expect(may).toMatchObject({ total: 290, status: 'paid', created: MAY_1 });
    const inMay = await stripe.subscriptions.retrieve(subscription.id);
    // The metered item kept its id (and its metadata) and took the new price; the schedule is in its second phase.
    expect(inMay.items.data.map((i) => [i.id === meteredItem.id, i.price.id, i.metadata])).toEqual([[false, numbers.id, {}], [true, newRate.id, { line: 'uk' }]]);
    expect(await stripe.subscriptionSchedules.retrieve(made.id)).toMatchObject({ status: 'active', current_phase: { start_date: MAY_1, end_date: JUNE_1 } });

    await advanceClock(stripe, clock.id, at('2026-05-15T00:00:00Z'));
    await call(1000, at('2026-05-10T10:00:00Z'), 'may');
    await advanceClock(stripe, clock.id, JUNE_1 + 3600);
    const june = await latestInvoice(subscription.id);
    // May: 1000 s × 0.03 ¢ = 30 ¢ at the new price; June's numbers 230.
    expect(june.lines.data.map((l) => [l.pricing?.price_details?.price, l.quantity, l.amount])).toEqual([[newRate.id, 1000, 30], [numbers.id, 2, 230]]);
    expect(june.total).toBe(260);
    // The last phase is over: the schedule lets the subscription go on as it is.
    expect(await stripe.subscriptionSchedules.retrieve(made.id)).toMatchObject({ status: 'released', released_at: JUNE_1, released_subscription: subscription.id, subscription: null, current_phase: null });
    expect(await stripe.subscriptions.retrieve(subscription.id)).toMatchObject({ schedule: null, status: 'active' });
    const events = (await stripe.events.list({ limit: 100 })).data.filter((e) => (e.data.object as { id?: string }).id === made.id).map((e) => e.type).reverse();
    expect(events).toEqual(['subscription_schedule.created', 'subscription_schedule.updated', 'subscription_schedule.updated', 'subscription_schedule.released']);
  });

  it('leaves the current period of a licensed price alone, prorates a number added to the current phase, and renews at the new amount', async () => {
    const [oldPrice, newPrice] = [await monthlyPrice(stripe, 500), await monthlyPrice(stripe, 700)];
    const { clock, customer } = await customerOnClock(stripe, 'Schedules licensed', APRIL_1);
    const subscription = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: oldPrice.id, quantity: 2 }] });
    await advanceClock(stripe, clock.id, APRIL_16);
    const schedule = await stripe.subscriptionSchedules.create({ from_subscription: subscription.id });
    const phases = (quantity: number): Stripe.SubscriptionScheduleUpdateParams.Phase[] => [
      { items: [{ price: oldPrice.id, quantity }], start_date: APRIL_1, end_date: MAY_1 },
      { items: [{ price: newPrice.id, quantity }], duration: { interval: 'month' } },
    ];
    await stripe.subscriptionSchedules.update(schedule.id, { phases: phases(2) });
    // The preview of May's invoice already bills the next phase: 2 × 700.
    expect((await stripe.invoices.createPreview({ subscription: subscription.id })).total).toBe(1400);

    // A third number on April 16, half the 30-day month left: −½ × 2 × 500 and +½ × 3 × 500 at the old price.
    await stripe.subscriptionSchedules.update(schedule.id, { phases: phases(3), proration_behavior: 'create_prorations' });
    expect((await stripe.subscriptions.retrieve(subscription.id)).items.data.map((i) => [i.price.id, i.quantity])).toEqual([[oldPrice.id, 3]]);
    const prorations = (await stripe.invoiceItems.list({ customer: customer.id, pending: true })).data.map((i) => [i.amount, i.proration]).sort();
    expect(prorations).toEqual([[-500, true], [750, true]]);

    await advanceClock(stripe, clock.id, MAY_1 + 3600);
    // May: 3 × 700 = 2100 in advance, with April's prorations (+250).
    const may = await latestInvoice(subscription.id);
    expect(may.lines.data.map((l) => l.amount).sort((a, b) => a - b)).toEqual([-500, 750, 2100]);
    expect(may.total).toBe(2350);
    expect((await stripe.subscriptions.retrieve(subscription.id)).items.data.map((i) => [i.price.id, i.quantity])).toEqual([[newPrice.id, 3]]);
  });

  it('enters a phase that starts mid-period with prorations, and releases mid-period when the last phase ends', async () => {
    const price = await monthlyPrice(stripe, 500);
    const { clock, customer } = await customerOnClock(stripe, 'Schedules mid-period', APRIL_1);
    const subscription = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id, quantity: 1 }] });
    const schedule = await stripe.subscriptionSchedules.create({ from_subscription: subscription.id });
    await stripe.subscriptionSchedules.update(schedule.id, {
      phases: [
        { items: [{ price: price.id, quantity: 1 }], end_date: APRIL_16 },
        { items: [{ price: price.id, quantity: 4 }], proration_behavior: 'create_prorations', duration: { interval: 'day', interval_count: 30 } },
      ],
    });
    await advanceClock(stripe, clock.id, APRIL_16 + 60);
    // From April 16, half the month: −½ × 500 and +½ × 4 × 500.
    expect((await stripe.invoiceItems.list({ customer: customer.id, pending: true })).data.map((i) => i.amount).sort((a, b) => a - b)).toEqual([-250, 1000]);
    expect((await stripe.subscriptions.retrieve(subscription.id)).items.data[0]).toMatchObject({ quantity: 4 });

    await advanceClock(stripe, clock.id, at('2026-05-16T00:01:00Z'));
    expect(await stripe.subscriptionSchedules.retrieve(schedule.id)).toMatchObject({ status: 'released', released_at: at('2026-05-16T00:00:00Z') });
    expect(await stripe.subscriptions.retrieve(subscription.id)).toMatchObject({ schedule: null, status: 'active' });
  });

  it('cancels its subscription when cancelled, and refuses what Stripe refuses with the reason', async () => {
    const price = await monthlyPrice(stripe, 500);
    const archived = await monthlyPrice(stripe, 900);
    await stripe.prices.update(archived.id, { active: false });
    const { customer } = await customerOnClock(stripe, 'Schedules refusals', APRIL_1);
    const subscription = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id, quantity: 1 }] });
    const schedule = await stripe.subscriptionSchedules.create({ from_subscription: subscription.id, metadata: { why: 'test' } });
    expect(schedule.metadata).toEqual({ why: 'test' });

    const twice = await stripeFailure(stripe.subscriptionSchedules.create({ from_subscription: subscription.id }));
    expect(twice).toMatchObject({ statusCode: 400, param: 'from_subscription', message: expect.stringContaining(schedule.id) });
    const cancelling = await stripeFailure(stripe.subscriptions.update(subscription.id, { cancel_at_period_end: true }));
    expect(cancelling.message).toContain(`managed by the subscription schedule \`${schedule.id}\``);
    const iterations = await stripeFailure(stripe.rawRequest('POST', `/v1/subscription_schedules/${schedule.id}`, { 'phases[0][items][0][price]': price.id, 'phases[0][iterations]': '2' } as never));
    expect(iterations).toMatchObject({ statusCode: 400, param: 'phases[0][iterations]', message: expect.stringContaining('duration') });
    const inactive = await stripeFailure(stripe.subscriptionSchedules.update(schedule.id, { phases: [{ items: [{ price: archived.id }], start_date: APRIL_1 }] }));
    expect(inactive).toMatchObject({ param: 'phases[0][items][0][price]', message: expect.stringContaining('inactive') });
    const moved = await stripeFailure(stripe.subscriptionSchedules.update(schedule.id, { phases: [{ items: [{ price: price.id }], start_date: APRIL_16 }] }));
    expect(moved).toMatchObject({ param: 'phases', message: expect.stringContaining('current phase') });
    const unended = await stripeFailure(stripe.subscriptionSchedules.update(schedule.id, { phases: [{ items: [{ price: price.id }] }, { items: [{ price: price.id }] }] }));
    expect(unended).toMatchObject({ param: 'phases[0][end_date]', code: 'parameter_missing' });

    const listed = await stripe.subscriptionSchedules.list({ customer: customer.id });
    expect(listed.data.map((s) => s.id)).toEqual([schedule.id]);
    const canceled = await stripe.subscriptionSchedules.cancel(schedule.id, { prorate: false });
    expect(canceled).toMatchObject({ status: 'canceled', current_phase: null });
    expect((await stripe.subscriptions.retrieve(subscription.id)).status).toBe('canceled');
    const again = await stripeFailure(stripe.subscriptionSchedules.release(schedule.id));
    expect(again.message).toContain('`canceled` status');
  });
});
