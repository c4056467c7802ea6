/**
 * Subscriptions through the official SDK, on test clocks so every period is known: prorations when numbers are
 * added or removed mid-month, a price change with and without prorations, invoicing a change at once, cancelling at
 * the period's end or now, and a first payment that fails. Every amount is worked out by hand.
 *
 * April 2026 has 30 days. Changes on Apr 21 00:00 UTC leave 10 of 30 days: a factor of exactly 1/3.
 */
import type Stripe from 'stripe';
import { useTestSandbox } from '../support/sandbox';
import { decimal, sandboxStripe, stripeFailure } from '../support/stripe';
import { advanceClock, at, customerOnClock } from '../support/stripe-clock';
import { expectStripeConformance } from '../support/stripe-conformance';

const APRIL_1 = at('2026-04-01T00:00:00Z');
const APRIL_21 = at('2026-04-21T00:00:00Z');
const MAY_1 = at('2026-05-01T00:00:00Z');
/** An hour past the renewal: the renewal invoice has been finalized and charged. */
const MAY_1_AFTER_GRACE = MAY_1 + 3600;

describe('subscriptions', () => {
  const t = useTestSandbox();
  let stripe: Stripe;
  let numbers: Stripe.Product;
  let fiveDollars: Stripe.Price;
  let tenDollars: Stripe.Price;
  let twentyFiveDollars: Stripe.Price;
  beforeAll(async () => {
    stripe = sandboxStripe(t.sandbox);
    numbers = await stripe.products.create({ name: 'Numbers' });
    fiveDollars = await stripe.prices.create({ product: numbers.id, currency: 'usd', unit_amount: 500, recurring: { interval: 'month' } });
    tenDollars = await stripe.prices.create({ product: numbers.id, currency: 'usd', unit_amount: 1000, recurring: { interval: 'month' } });
    twentyFiveDollars = await stripe.prices.create({ product: numbers.id, currency: 'usd', unit_amount: 2500, recurring: { interval: 'month' } });
  });

  /** A customer with a card, living on a new clock frozen at Apr 1. */
  const clockCustomer = (name: string, pm?: string) => customerOnClock(stripe, name, APRIL_1, pm);
  const pendingItems = async (customer: string) => (await stripe.invoiceItems.list({ customer, pending: true })).data;
  const invoiceOf = async (subscription: string) => stripe.invoices.retrieve((await stripe.subscriptions.retrieve(subscription)).latest_invoice as string);

  it('starts the period on each item and bills the first month in advance', async () => {
    const { customer } = await clockCustomer('Starts');
    const subscription = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: fiveDollars.id, quantity: 2 }] });
    expect(subscription).toMatchObject({ status: 'active', start_date: APRIL_1, billing_cycle_anchor: APRIL_1, currency: 'usd' });
    expect(subscription.items.data[0]).toMatchObject({ current_period_start: APRIL_1, current_period_end: MAY_1, quantity: 2 });
    // 2 × 500 = 1000
    expect(await invoiceOf(subscription.id)).toMatchObject({ total: 1000, status: 'paid', period_start: APRIL_1, period_end: APRIL_1 });
    expectStripeConformance([subscription.items]);
  });

  it('prorates a first period that ends at a later billing cycle anchor, then bills whole months from it', async () => {
    const { clock, customer } = await customerOnClock(stripe, 'Anchored', at('2026-04-10T00:00:00Z'));
    const subscription = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: tenDollars.id }], billing_cycle_anchor: MAY_1 });
    expect(subscription).toMatchObject({ billing_cycle_anchor: MAY_1, start_date: at('2026-04-10T00:00:00Z') });
    expect(subscription.items.data[0]).toMatchObject({ current_period_start: at('2026-04-10T00:00:00Z'), current_period_end: MAY_1 });
    // Apr 10 to May 1 is 21 of the 30 days of [Apr 1, May 1): 1000 × 21 / 30 = 700
    const stub = await invoiceOf(subscription.id);
    expect(stub).toMatchObject({ total: 700, status: 'paid' });
    expect(stub.lines.data[0]!.description).toBe('Remaining time on 1 × Numbers after 10 Apr 2026');
    await advanceClock(stripe, clock.id, MAY_1_AFTER_GRACE);
    expect((await invoiceOf(subscription.id)).total).toBe(1000);
    // Having paid in USD, the customer cannot start billing in EUR
    const euros = await stripe.prices.create({ product: numbers.id, currency: 'eur', unit_amount: 900, recurring: { interval: 'month' } });
    const mixed = await stripeFailure(stripe.subscriptions.create({ customer: customer.id, items: [{ price: euros.id }] }));
    expect(mixed.raw).toMatchObject({ param: 'items[0][price]', message: expect.stringContaining('cannot combine currencies') });
  });

  it('prorates adding a number on Apr 21: credit for the unused 2, charge for the remaining 3', async () => {
    const { clock, customer } = await clockCustomer('Adds');
    const subscription = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: fiveDollars.id, quantity: 2 }] });
    await advanceClock(stripe, clock.id, APRIL_21);
    const updated = await stripe.subscriptions.update(subscription.id, { items: [{ id: subscription.items.data[0]!.id, quantity: 3 }] });
    expect(updated.items.data[0]!.quantity).toBe(3);
    // Unused time on 2 × 500: −round(1000 / 3) = −333; remaining time on 3 × 500: round(1500 / 3) = 500
    const prorations = await pendingItems(customer.id);
    expect(prorations.map((p) => [p.amount, p.proration, p.period.start, p.period.end]).sort()).toEqual([[-333, true, APRIL_21, MAY_1], [500, true, APRIL_21, MAY_1]].sort());
    expect(prorations.find((p) => p.amount < 0)!.description).toBe('Unused time on 2 × Numbers after 21 Apr 2026');
    expect(prorations[0]!.parent).toEqual({ type: 'subscription_details', subscription_details: { subscription: subscription.id, subscription_item: subscription.items.data[0]!.id } });
    expectStripeConformance(prorations);

    await advanceClock(stripe, clock.id, MAY_1_AFTER_GRACE);
    const renewal = await invoiceOf(subscription.id);
    // −333 + 500 + May in advance 3 × 500 = 1500 → 1667
    expect(renewal).toMatchObject({ billing_reason: 'subscription_cycle', status: 'paid', total: 1667, amount_paid: 1667, period_start: APRIL_1, period_end: MAY_1 });
    expect(renewal.lines.data.map((l) => l.amount)).toEqual(expect.arrayContaining([-333, 500, 1500]));
    expect(await pendingItems(customer.id)).toEqual([]);
    const renewed = await stripe.subscriptions.retrieve(subscription.id);
    expect(renewed.items.data[0]).toMatchObject({ current_period_start: MAY_1, current_period_end: at('2026-06-01T00:00:00Z') });
  });

  it('prorates adding and removing items through /v1/subscription_items', async () => {
    const { clock, customer } = await clockCustomer('Items');
    const subscription = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: tenDollars.id }] });
    await advanceClock(stripe, clock.id, APRIL_21);
    const added = await stripe.subscriptionItems.create({ subscription: subscription.id, price: twentyFiveDollars.id });
    expect(added).toMatchObject({ object: 'subscription_item', current_period_start: APRIL_1, current_period_end: MAY_1, quantity: 1 });
    // Remaining time on 1 × 2500: round(2500 / 3) = round(833.33) = 833
    expect((await pendingItems(customer.id)).map((p) => p.amount)).toEqual([833]);
    const removed = await stripe.subscriptionItems.del(subscription.items.data[0]!.id);
    expect(removed).toEqual({ id: subscription.items.data[0]!.id, object: 'subscription_item', deleted: true });
    // Unused time on 1 × 1000: −round(1000 / 3) = −333
    expect((await pendingItems(customer.id)).map((p) => p.amount).sort((a, b) => a - b)).toEqual([-333, 833]);
    const listed = await stripe.subscriptionItems.list({ subscription: subscription.id });
    expect(listed.data.map((i) => i.id)).toEqual([added.id]);
    await advanceClock(stripe, clock.id, MAY_1_AFTER_GRACE);
    // 833 − 333 + May 2500 = 3000
    expect((await invoiceOf(subscription.id)).total).toBe(3000);
  });

  it('changes a price without prorations when told none, and with them by default', async () => {
    const none = await clockCustomer('Price change none');
    const withNone = await stripe.subscriptions.create({ customer: none.customer.id, items: [{ price: tenDollars.id }] });
    const prorated = await clockCustomer('Price change prorated');
    const withProrations = await stripe.subscriptions.create({ customer: prorated.customer.id, items: [{ price: tenDollars.id }] });
    await advanceClock(stripe, none.clock.id, APRIL_21);
    await advanceClock(stripe, prorated.clock.id, APRIL_21);

    const changedNone = await stripe.subscriptions.update(withNone.id, { items: [{ id: withNone.items.data[0]!.id, price: twentyFiveDollars.id }], proration_behavior: 'none' });
    expect(changedNone.items.data[0]!.price.id).toBe(twentyFiveDollars.id);
    expect(await pendingItems(none.customer.id)).toEqual([]);
    await stripe.subscriptions.update(withProrations.id, { items: [{ id: withProrations.items.data[0]!.id, price: twentyFiveDollars.id }] });
    // −round(1000 / 3) = −333 and round(2500 / 3) = 833
    expect((await pendingItems(prorated.customer.id)).map((p) => p.amount).sort((a, b) => a - b)).toEqual([-333, 833]);

    await advanceClock(stripe, none.clock.id, MAY_1_AFTER_GRACE);
    await advanceClock(stripe, prorated.clock.id, MAY_1_AFTER_GRACE);
    // none: May at the new price, 2500; prorated: −333 + 833 + 2500 = 3000
    expect((await invoiceOf(withNone.id)).total).toBe(2500);
    expect((await invoiceOf(withProrations.id)).total).toBe(3000);
  });

  it('invoices a change at once with always_invoice', async () => {
    const { clock, customer } = await clockCustomer('Always invoice');
    const subscription = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: fiveDollars.id, quantity: 2 }] });
    await advanceClock(stripe, clock.id, APRIL_21);
    const updated = await stripe.subscriptions.update(subscription.id, { items: [{ id: subscription.items.data[0]!.id, quantity: 3 }], proration_behavior: 'always_invoice' });
    const invoice = await stripe.invoices.retrieve(updated.latest_invoice as string);
    // −333 + 500 = 167, charged now
    expect(invoice).toMatchObject({ billing_reason: 'subscription_update', status: 'paid', total: 167, amount_paid: 167, created: APRIL_21 });
    expect(await pendingItems(customer.id)).toEqual([]);
  });

  it('cancels at the period\'s end when asked, and now with a prorated credit', async () => {
    const later = await clockCustomer('Cancel later');
    const atEnd = await stripe.subscriptions.create({ customer: later.customer.id, items: [{ price: tenDollars.id }] });
    const scheduled = await stripe.subscriptions.update(atEnd.id, { cancel_at_period_end: true });
    expect(scheduled).toMatchObject({ cancel_at_period_end: true, status: 'active', canceled_at: APRIL_1 });
    await advanceClock(stripe, later.clock.id, MAY_1_AFTER_GRACE);
    expect(await stripe.subscriptions.retrieve(atEnd.id)).toMatchObject({ status: 'canceled', ended_at: MAY_1 });
    expect((await stripe.invoices.list({ subscription: atEnd.id })).data).toHaveLength(1);

    const now = await clockCustomer('Cancel now');
    const immediate = await stripe.subscriptions.create({ customer: now.customer.id, items: [{ price: tenDollars.id }] });
    await advanceClock(stripe, now.clock.id, APRIL_21);
    const canceled = await stripe.subscriptions.cancel(immediate.id, { prorate: true, invoice_now: true });
    expect(canceled).toMatchObject({ status: 'canceled', canceled_at: APRIL_21, ended_at: APRIL_21 });
    const final = await stripe.invoices.retrieve(canceled.latest_invoice as string);
    // Credit for the unused 10 of 30 days: −round(1000 / 3) = −333; nothing is due and the credit goes to the balance
    expect(final).toMatchObject({ total: -333, amount_due: 0, status: 'paid', ending_balance: -333 });
    expect((await stripe.customers.retrieve(now.customer.id) as Stripe.Customer).balance).toBe(-333);
    expect((await stripeFailure(stripe.subscriptions.cancel(immediate.id))).message).toContain('already canceled');
    expect((await stripe.subscriptions.list({ customer: now.customer.id })).data).toEqual([]);
    expect((await stripe.subscriptions.list({ customer: now.customer.id, status: 'canceled' })).data.map((s) => s.id)).toEqual([immediate.id]);
  });

  it('leaves a subscription incomplete when the first payment fails, and refuses it outright with error_if_incomplete', async () => {
    const { customer } = await clockCustomer('Card fails', 'pm_card_chargeCustomerFail');
    const incomplete = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: tenDollars.id }] });
    expect(incomplete.status).toBe('incomplete');
    expect(await invoiceOf(incomplete.id)).toMatchObject({ status: 'open', attempted: true, amount_remaining: 1000 });
    const refused = await stripeFailure(stripe.subscriptions.create({ customer: customer.id, items: [{ price: fiveDollars.id }], payment_behavior: 'error_if_incomplete' }));
    expect(refused.statusCode).toBe(402);
    expect((await stripe.subscriptions.list({ customer: customer.id, status: 'all' })).data.map((s) => s.id)).toEqual([incomplete.id]);
    const paid = await stripe.invoices.pay(incomplete.latest_invoice as string, { paid_out_of_band: true });
    expect(paid.status).toBe('paid');
    expect((await stripe.subscriptions.retrieve(incomplete.id)).status).toBe('active');
  });

  it('refuses mixed intervals, one-time prices, a quantity on a metered price and jumps of more than two periods', async () => {
    const { clock, customer } = await clockCustomer('Refusals');
    const yearly = await stripe.prices.create({ product: numbers.id, currency: 'usd', unit_amount: 5000, recurring: { interval: 'year' } });
    const oneTime = await stripe.prices.create({ product: numbers.id, currency: 'usd', unit_amount: 5000 });
    expect((await stripeFailure(stripe.subscriptions.create({ customer: customer.id, items: [{ price: fiveDollars.id }, { price: yearly.id }] }))).param).toBe('items[1][price]');
    expect((await stripeFailure(stripe.subscriptions.create({ customer: customer.id, items: [{ price: oneTime.id }] }))).param).toBe('items[0][price]');
    const meter = await stripe.billing.meters.create({ display_name: 'Seconds', event_name: 'refusal_seconds', default_aggregation: { formula: 'sum' } });
    const metered = await stripe.prices.create({ product: numbers.id, currency: 'usd', unit_amount_decimal: decimal('0.02'), recurring: { interval: 'month', usage_type: 'metered', meter: meter.id } });
    expect((await stripeFailure(stripe.subscriptions.create({ customer: customer.id, items: [{ price: metered.id, quantity: 2 }] }))).param).toBe('items[0][quantity]');
    await stripe.subscriptions.create({ customer: customer.id, items: [{ price: fiveDollars.id }] });
    // Two monthly intervals from Apr 1 is Jun 1; one second more is refused
    const tooFar = await stripeFailure(stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: at('2026-06-01T00:00:01Z') }));
    expect(tooFar.param).toBe('frozen_time');
    expect((await advanceClock(stripe, clock.id, at('2026-06-01T00:00:00Z'))).frozen_time).toBe(at('2026-06-01T00:00:00Z'));
  });
});
