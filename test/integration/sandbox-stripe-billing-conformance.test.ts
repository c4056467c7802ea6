/**
 * Every kind of object the billing part of the Stripe sandbox serves (meters, meter events and their adjustments and
 * summaries, subscriptions and their items, subscription schedules, invoice items, invoices and their lines, and the
 * answers to deletions) has at least the fields and kinds of stripe-mock's example object of its type, checked on the
 * answers of one pass through every billing route and on the objects its events carry.
 */
import { useTestSandbox } from '../support/sandbox';
import { sandboxStripe } from '../support/stripe';
import { advanceClock, at } from '../support/stripe-clock';
import { stripeConformanceErrors } from '../support/stripe-conformance';

/** The types billing serves. */
const SERVED_TYPES = [
  'billing.meter', 'billing.meter_event', 'billing.meter_event_adjustment', 'billing.meter_event_summary', 'subscription', 'subscription_item',
  'deleted_subscription_item', 'invoiceitem', 'deleted_invoiceitem', 'invoice', 'deleted_invoice', 'line_item', 'subscription_schedule',
];

/**
 * Fixture fields the sandbox knowingly leaves out, as API 2026-10-28 does: an invoice names its subscription in
 * `parent` since basil (the stripe-mock fixture still has `subscription`); a metered item has no `quantity` (the SDK
 * types it optional: usage comes from the meter).
 */
const ABSENT_AS_ON_STRIPE: Record<string, string[]> = {
  invoice: ['subscription'],
  subscription: ['items.data[].quantity'],
  subscription_item: ['quantity'],
  // A phase item names its plan by id, as Stripe serves it unexpanded (the fixture shows it expanded); a metered one has
  // no quantity, as a metered subscription item has none.
  subscription_schedule: ['phases[].items[].plan', 'phases[].items[].quantity'],
};

describe('Stripe billing conformance to stripe-mock\'s objects', () => {
  const t = useTestSandbox();

  it('answers every billing route with objects that have the fixture\'s fields and kinds', async () => {
    const stripe = sandboxStripe(t.sandbox);
    const answers: unknown[] = [];
    const keep = <T>(answer: T): T => (answers.push(answer), answer);

    const clock = await stripe.testHelpers.testClocks.create({ frozen_time: at('2026-04-01T00:00:00Z') });
    const customer = await stripe.customers.create({ name: 'Conformance', test_clock: clock.id, payment_method: 'pm_card_visa', invoice_settings: { default_payment_method: 'pm_card_visa' } });
    const product = await stripe.products.create({ name: 'Numbers' });
    const meter = keep(await stripe.billing.meters.create({ display_name: 'Seconds', event_name: 'conformance_seconds', default_aggregation: { formula: 'sum' } }));
    keep(await stripe.billing.meters.update(meter.id, { display_name: 'UK seconds' }));
    keep(await stripe.billing.meters.retrieve(meter.id));
    keep(await stripe.billing.meters.list());
    const spareMeter = keep(await stripe.billing.meters.create({ display_name: 'Spare', event_name: 'conformance_spare', default_aggregation: { formula: 'count' } }));
    keep(await stripe.billing.meters.deactivate(spareMeter.id));
    keep(await stripe.billing.meters.reactivate(spareMeter.id));
    const rate = await stripe.taxRates.create({ display_name: 'VAT', percentage: 20, inclusive: false });
    const monthly = await stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 500, recurring: { interval: 'month' } });
    const extra = await stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 900, recurring: { interval: 'month' } });
    const metered = await stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 1, recurring: { interval: 'month', usage_type: 'metered', meter: meter.id } });
    const subscription = keep(await stripe.subscriptions.create({ customer: customer.id, items: [{ price: monthly.id, quantity: 2, tax_rates: [rate.id] }, { price: metered.id }], default_tax_rates: [rate.id] }));
    keep(await stripe.subscriptions.retrieve(subscription.id));
    keep(await stripe.subscriptions.list({ customer: customer.id }));
    const schedule = keep(await stripe.subscriptionSchedules.create({ from_subscription: subscription.id }));
    keep(await stripe.subscriptionSchedules.update(schedule.id, {
      phases: [
        { items: [{ price: monthly.id, quantity: 2, tax_rates: [rate.id] }, { price: metered.id }], start_date: schedule.phases[0].start_date, end_date: schedule.phases[0].end_date },
        { items: [{ price: monthly.id, quantity: 3 }, { price: metered.id }], default_tax_rates: [rate.id], duration: { interval: 'month' } },
      ],
    }));
    keep(await stripe.subscriptionSchedules.retrieve(schedule.id));
    keep(await stripe.subscriptionSchedules.list({ customer: customer.id }));
    keep(await stripe.billing.meterEvents.create({ event_name: meter.event_name, payload: { stripe_customer_id: customer.id, value: '90' }, identifier: 'c-1' }));
    keep(await stripe.billing.meterEvents.create({ event_name: meter.event_name, payload: { stripe_customer_id: customer.id, value: '30' }, identifier: 'c-2' }));
    keep(await stripe.billing.meterEventAdjustments.create({ event_name: meter.event_name, type: 'cancel', cancel: { identifier: 'c-2' } }));
    keep(await stripe.billing.meters.listEventSummaries(meter.id, { customer: customer.id, start_time: at('2026-04-01T00:00:00Z'), end_time: at('2026-04-02T00:00:00Z'), value_grouping_window: 'hour' }));
    await advanceClock(stripe, clock.id, at('2026-04-11T00:00:00Z'));
    const item = keep(await stripe.subscriptionItems.create({ subscription: subscription.id, price: extra.id }));
    keep(await stripe.subscriptionItems.update(item.id, { quantity: 2 }));
    keep(await stripe.subscriptionItems.retrieve(item.id));
    keep(await stripe.subscriptionItems.list({ subscription: subscription.id }));
    keep(await stripe.subscriptionItems.del(item.id));
    keep(await stripe.subscriptions.update(subscription.id, { metadata: { plan: 'numbers' } }));
    const invoiceItem = keep(await stripe.invoiceItems.create({ customer: customer.id, amount: 250, currency: 'usd', tax_rates: [rate.id] }));
    keep(await stripe.invoiceItems.update(invoiceItem.id, { description: 'Porting' }));
    keep(await stripe.invoiceItems.retrieve(invoiceItem.id));
    keep(await stripe.invoiceItems.list({ customer: customer.id }));
    const spareItem = keep(await stripe.invoiceItems.create({ customer: customer.id, amount: 100, currency: 'usd' }));
    keep(await stripe.invoiceItems.del(spareItem.id));
    keep(await stripe.invoices.createPreview({ subscription: subscription.id }));
    const draft = keep(await stripe.invoices.create({ customer: customer.id, pending_invoice_items_behavior: 'include', description: 'One-off' }));
    keep(await stripe.invoices.update(draft.id, { footer: 'Thanks' }));
    keep(await stripe.invoices.listLineItems(draft.id));
    keep(await stripe.invoices.finalizeInvoice(draft.id));
    keep(await stripe.invoices.sendInvoice(draft.id));
    keep(await stripe.invoices.pay(draft.id));
    const toVoid = keep(await stripe.invoices.create({ customer: customer.id, collection_method: 'send_invoice', days_until_due: 7 }));
    keep(await stripe.invoiceItems.create({ customer: customer.id, invoice: toVoid.id, amount: 400, currency: 'usd' }));
    keep(await stripe.invoices.finalizeInvoice(toVoid.id));
    keep(await stripe.invoices.markUncollectible(toVoid.id));
    keep(await stripe.invoices.voidInvoice(toVoid.id));
    const toDelete = keep(await stripe.invoices.create({ customer: customer.id }));
    keep(await stripe.invoices.del(toDelete.id));
    await advanceClock(stripe, clock.id, at('2026-05-01T01:00:00Z'));
    keep(await stripe.invoices.list({ customer: customer.id }));
    keep(await stripe.subscriptions.cancel(subscription.id, { invoice_now: true }));
    const spare = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: extra.id }] });
    keep(await stripe.subscriptionSchedules.release((await stripe.subscriptionSchedules.create({ from_subscription: spare.id })).id));
    keep(await stripe.subscriptionSchedules.cancel((await stripe.subscriptionSchedules.create({ from_subscription: spare.id })).id));
    keep(await stripe.events.list({ limit: 100 }));

    const errors: string[] = [];
    const exercised = new Set<string>();
    const check = (object: { object: string; deleted?: boolean; lines?: { data: { object: string }[] }; items?: { data: { object: string }[] } }) => {
      if (object.object === 'event') return check((object as unknown as { data: { object: { object: string } } }).data.object);
      const type = object.deleted ? `deleted_${object.object}` : object.object;
      if (!SERVED_TYPES.includes(type)) return;
      exercised.add(type);
      errors.push(...stripeConformanceErrors(object, { except: ABSENT_AS_ON_STRIPE[type] }));
      object.lines?.data.forEach(check);
      object.items?.data.forEach(check);
    };
    for (const answer of answers as { object: string; data?: { object: string }[] }[]) {
      if (answer.object === 'list' || answer.object === 'search_result') answer.data!.forEach(check);
      else check(answer);
    }
    expect([...new Set(errors)]).toEqual([]);
    expect(SERVED_TYPES.filter((type) => !exercised.has(type))).toEqual([]);
  });
});
