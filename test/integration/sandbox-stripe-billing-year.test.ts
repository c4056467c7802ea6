/**
 * A year of monthly billing for one account, driven by a test clock: four numbers at $5.00 and UK minutes at 1.2 ¢
 * a minute (0.02 ¢ a second), 10% tax, anchored on Jan 31 so the periods end on the last day of short months. Each
 * month the account makes calls; each renewal bills them in arrears and the next month's numbers in advance. Every
 * webhook is received, verified with `stripe.webhooks.constructEvent`, and comes in order.
 */
import type Stripe from 'stripe';
import { useTestSandbox } from '../support/sandbox';
import { decimal, sandboxStripe, startWebhookReceiver, type WebhookReceiver } from '../support/stripe';
import { advanceClock, at } from '../support/stripe-clock';

/** The periods' boundaries: the anchor's day, clamped to short months, at the anchor's time of day. */
const BOUNDARIES = [
  '2026-01-31', '2026-02-28', '2026-03-31', '2026-04-30', '2026-05-31', '2026-06-30', '2026-07-31',
  '2026-08-31', '2026-09-30', '2026-10-31', '2026-11-30', '2026-12-31', '2027-01-31',
].map((day) => at(`${day}T12:00:00Z`));
const HOUR = 3600;

describe('a year of monthly billing on a test clock', () => {
  const t = useTestSandbox({ stripe: { webhookRetryDelaysMs: [20, 50] } });
  let receiver: WebhookReceiver;
  beforeAll(async () => {
    receiver = await startWebhookReceiver();
  });
  afterAll(() => receiver.close());

  it('renews twelve times, invoicing and charging each month, with every webhook verified and in order', async () => {
    const stripe = sandboxStripe(t.sandbox);
    const endpoint = await stripe.webhookEndpoints.create({
      url: `${receiver.url}/stripe`,
      enabled_events: ['invoice.created', 'invoice.finalized', 'invoice.paid', 'invoice.payment_succeeded', 'invoice.payment_failed',
        'customer.subscription.created', 'customer.subscription.updated', 'customer.subscription.deleted', 'payment_intent.succeeded'],
    });
    const numbers = await stripe.products.create({ name: 'Numbers' });
    const minutes = await stripe.products.create({ name: 'Calls to the UK' });
    const meter = await stripe.billing.meters.create({ display_name: 'UK seconds', event_name: 'year_seconds_44', default_aggregation: { formula: 'sum' } });
    const numbersPrice = await stripe.prices.create({ product: numbers.id, currency: 'usd', unit_amount: 500, recurring: { interval: 'month' } });
    const minutesPrice = await stripe.prices.create({ product: minutes.id, currency: 'usd', unit_amount_decimal: decimal('0.02'), recurring: { interval: 'month', usage_type: 'metered', meter: meter.id } });
    const tax = await stripe.taxRates.create({ display_name: 'Tax', percentage: 10, inclusive: false });
    const clock = await stripe.testHelpers.testClocks.create({ frozen_time: BOUNDARIES[0]!, name: 'A year' });
    const customer = await stripe.customers.create({ name: 'Year Ltd', test_clock: clock.id, payment_method: 'pm_card_visa', invoice_settings: { default_payment_method: 'pm_card_visa' } });
    const subscription = await stripe.subscriptions.create({
      customer: customer.id, default_tax_rates: [tax.id], items: [{ price: numbersPrice.id, quantity: 4 }, { price: minutesPrice.id }],
    });

    for (let month = 1; month <= 12; month += 1) {
      const start = BOUNDARIES[month - 1]!;
      await advanceClock(stripe, clock.id, start + 10 * 86_400);
      // Month k makes k calls of 10 minutes: k × 600 s
      for (let call = 1; call <= month; call += 1) {
        await stripe.billing.meterEvents.create({ event_name: meter.event_name, payload: { stripe_customer_id: customer.id, value: '600' }, identifier: `m${month}-c${call}`, timestamp: start + call * HOUR });
      }
      await advanceClock(stripe, clock.id, BOUNDARIES[month]! + HOUR);
    }

    const invoices = [];
    for await (const invoice of stripe.invoices.list({ subscription: subscription.id, limit: 5 })) invoices.push(invoice);
    invoices.sort((a, b) => a.created - b.created);
    expect(invoices).toHaveLength(13);
    // The first invoice: 4 × 500 = 2000 in advance, tax 200 → 2200
    expect(invoices[0]).toMatchObject({ billing_reason: 'subscription_create', total: 2200, status: 'paid' });
    for (let month = 1; month <= 12; month += 1) {
      const invoice = invoices[month]!;
      // Usage k × 600 s × 0.02 = 12k cents, taxed round(1.2k) on its own line; numbers 2000 taxed 200
      const usage = 12 * month;
      const usageTax = Math.round(1.2 * month + 1e-9);
      expect({ month, created: invoice.created, finalized: invoice.status_transitions.finalized_at, status: invoice.status, total: invoice.total, paid: invoice.amount_paid, reason: invoice.billing_reason })
        .toEqual({ month, created: BOUNDARIES[month], finalized: BOUNDARIES[month]! + HOUR, status: 'paid', total: 2000 + 200 + usage + usageTax, paid: 2000 + 200 + usage + usageTax, reason: 'subscription_cycle' });
      expect(invoice.period_start).toBe(BOUNDARIES[month - 1]);
      expect(invoice.number).toBe(`${customer.invoice_prefix}-${String(month + 1).padStart(4, '0')}`);
    }
    const renewed = await stripe.subscriptions.retrieve(subscription.id);
    expect(renewed.items.data[0]).toMatchObject({ current_period_start: BOUNDARIES[12], current_period_end: at('2027-02-28T12:00:00Z') });
    expect(renewed.status).toBe('active');

    await t.sandbox.context.stripe.webhooks.drain();
    const events = receiver.received
      .filter((r) => r.path === '/stripe')
      .map((r) => stripe.webhooks.constructEvent(r.body, r.headers['stripe-signature'] as string, endpoint.secret!));
    // Every invoice went created → finalized → paid → payment_succeeded, in that order
    for (const invoice of invoices) {
      const kinds = events.filter((e) => e.type.startsWith('invoice.') && (e.data.object as Stripe.Invoice).id === invoice.id).map((e) => e.type);
      expect({ invoice: invoice.number, kinds }).toEqual({ invoice: invoice.number, kinds: ['invoice.created', 'invoice.finalized', 'invoice.paid', 'invoice.payment_succeeded'] });
    }
    expect(events.filter((e) => e.type === 'payment_intent.succeeded')).toHaveLength(13);
    expect(events.filter((e) => e.type === 'customer.subscription.created')).toHaveLength(1);
    // Each renewal moves the items to the next period: twelve updates carrying the old items
    const renewals = events.filter((e) => e.type === 'customer.subscription.updated' && e.data.previous_attributes && 'items' in e.data.previous_attributes);
    expect(renewals).toHaveLength(12);
    // Events are dated in the clock's time and arrive in that order
    const times = events.map((e) => e.created);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(times[times.length - 1]).toBe(BOUNDARIES[12]! + HOUR);
  });
});
