/**
 * Metered minutes through meter events, as didops bills calls: each rate class is a meter whose events carry billable
 * seconds, and a metered price per second (the per-minute rate / 60). The renewal invoice bills the ended month's
 * seconds in arrears beside the next month's numbers in advance; every amount is worked out by hand.
 */
import type Stripe from 'stripe';
import { useTestSandbox } from '../support/sandbox';
import { decimal, sandboxStripe } from '../support/stripe';
import { advanceClock, at, customerOnClock } from '../support/stripe-clock';
import { expectStripeConformance } from '../support/stripe-conformance';

const APRIL_1 = at('2026-04-01T00:00:00Z');
const MAY_1 = at('2026-05-01T00:00:00Z');

describe('metered minutes', () => {
  const t = useTestSandbox();
  let stripe: Stripe;
  let numbersPrice: Stripe.Price;
  let minutes: Stripe.Product;
  beforeAll(async () => {
    stripe = sandboxStripe(t.sandbox);
    const numbers = await stripe.products.create({ name: 'UK numbers' });
    minutes = await stripe.products.create({ name: 'Calls to the UK' });
    numbersPrice = await stripe.prices.create({ product: numbers.id, currency: 'usd', unit_amount: 115, recurring: { interval: 'month' } });
  });

  async function meteredSetup(eventName: string, price: Omit<Stripe.PriceCreateParams, 'product' | 'currency' | 'recurring'>) {
    const meter = await stripe.billing.meters.create({ display_name: eventName, event_name: eventName, default_aggregation: { formula: 'sum' } });
    const metered = await stripe.prices.create({ product: minutes.id, currency: 'usd', recurring: { interval: 'month', usage_type: 'metered', meter: meter.id }, ...price });
    const { clock, customer } = await customerOnClock(stripe, eventName, APRIL_1);
    const subscription = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: numbersPrice.id, quantity: 2 }, { price: metered.id }] });
    const call = (seconds: number, timestamp: number, identifier: string) =>
      stripe.billing.meterEvents.create({ event_name: eventName, payload: { stripe_customer_id: customer.id, value: String(seconds) }, timestamp, identifier });
    return { meter, metered, clock, customer, subscription, call };
  }

  it('bills the month\'s seconds in arrears at the per-second rate, beside next month\'s numbers', async () => {
    // 1.2 ¢ a minute is 0.02 ¢ a second
    const { meter, metered, clock, customer, subscription, call } = await meteredSetup('seconds_out_44', { unit_amount_decimal: decimal('0.02') });
    const first = await stripe.invoices.retrieve(subscription.latest_invoice as string);
    // In advance: 2 × 115 = 230; the metered item bills nothing up front
    expect(first.total).toBe(230);
    expect(subscription.items.data.find((i) => i.price.id === metered.id)!.quantity).toBeUndefined();

    await advanceClock(stripe, clock.id, at('2026-04-20T00:00:00Z'));
    await call(125, at('2026-04-02T09:00:00Z'), 'call-a');
    await call(3600, at('2026-04-10T15:30:00Z'), 'call-b');
    await call(61, at('2026-04-19T23:59:59Z'), 'call-c');
    // A call the carrier reported twice is counted once
    await expect(call(61, at('2026-04-19T23:59:59Z'), 'call-c')).rejects.toThrow(/already exists/);

    const preview = await stripe.invoices.createPreview({ subscription: subscription.id });
    // 125 + 3600 + 61 = 3786 s × 0.02 = 75.72 → 76; plus May's numbers 230 → 306
    expect(preview).toMatchObject({ total: 306, status: 'draft', billing_reason: 'upcoming' });

    await advanceClock(stripe, clock.id, MAY_1 + 3600);
    const renewal = await stripe.invoices.retrieve((await stripe.subscriptions.retrieve(subscription.id)).latest_invoice as string);
    expect(renewal).toMatchObject({ billing_reason: 'subscription_cycle', status: 'paid', total: 306, amount_paid: 306, created: MAY_1 });
    const usageLine = renewal.lines.data.find((l) => l.pricing?.price_details?.price === metered.id)!;
    expect(usageLine).toMatchObject({ amount: 76, quantity: 3786, period: { start: APRIL_1, end: MAY_1 } });
    expect(renewal.lines.data.find((l) => l.pricing?.price_details?.price === numbersPrice.id)).toMatchObject({ amount: 230, period: { start: MAY_1, end: at('2026-06-01T00:00:00Z') } });
    const summary = await stripe.billing.meters.listEventSummaries(meter.id, { customer: customer.id, start_time: APRIL_1, end_time: MAY_1 });
    expect(summary.data[0]!.aggregated_value).toBe(3786);
    expectStripeConformance([renewal], { except: ['subscription'] });
  });

  it('applies graduated per-second tiers to the month\'s total and forgets a cancelled event', async () => {
    // First 100 minutes (6000 s) at 1.2 ¢/min = 0.02 ¢/s, then 0.9 ¢/min = 0.015 ¢/s
    const { clock, subscription, call } = await meteredSetup('seconds_tiered', {
      billing_scheme: 'tiered', tiers_mode: 'graduated',
      tiers: [{ up_to: 6000, unit_amount_decimal: decimal('0.02') }, { up_to: 'inf', unit_amount_decimal: decimal('0.015') }],
    });
    await advanceClock(stripe, clock.id, at('2026-04-25T00:00:00Z'));
    await call(5000, at('2026-04-05T00:00:00Z'), 't-1');
    await call(4000, at('2026-04-06T00:00:00Z'), 't-2');
    await call(700, at('2026-04-07T00:00:00Z'), 't-3');
    await stripe.billing.meterEventAdjustments.create({ event_name: 'seconds_tiered', type: 'cancel', cancel: { identifier: 't-3' } });
    await advanceClock(stripe, clock.id, MAY_1 + 3600);
    const renewal = await stripe.invoices.retrieve((await stripe.subscriptions.retrieve(subscription.id)).latest_invoice as string);
    // 9000 s: 6000 × 0.02 = 120 + 3000 × 0.015 = 45 → 165; plus numbers 230 → 395
    expect(renewal.total).toBe(395);
  });

  it('bills a removed metered item\'s usage so far unless clear_usage', async () => {
    const { clock, customer, subscription, call } = await meteredSetup('seconds_removed', { unit_amount_decimal: decimal('0.02') });
    await advanceClock(stripe, clock.id, at('2026-04-15T00:00:00Z'));
    await call(1000, at('2026-04-14T00:00:00Z'), 'r-1');
    const usageItem = subscription.items.data.find((i) => i.price.recurring?.usage_type === 'metered')!;
    await stripe.subscriptionItems.del(usageItem.id);
    const pending = (await stripe.invoiceItems.list({ customer: customer.id, pending: true })).data;
    // 1000 s × 0.02 = 20
    expect(pending.map((p) => [p.amount, p.quantity, p.proration])).toEqual([[20, 1000, false]]);
  });
});
