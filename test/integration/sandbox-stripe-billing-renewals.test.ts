/**
 * What time does to subscriptions: a renewal whose payment fails makes the subscription past_due until the invoice
 * is paid; an invoice sent to the customer waits for them; a first payment left unpaid expires the subscription after
 * 23 hours; and customers on no test clock are billed by the sandbox's own clock, on the next request after a period
 * ends. Events come in Stripe's order.
 */
import type Stripe from 'stripe';
import { startTestSandbox, useTestSandbox, type TestSandbox } from '../support/sandbox';
import { sandboxStripe } from '../support/stripe';
import { advanceClock, at, customerOnClock, monthlyPrice } from '../support/stripe-clock';

const APRIL_1 = at('2026-04-01T00:00:00Z');
const MAY_1 = at('2026-05-01T00:00:00Z');

describe('renewals on a test clock', () => {
  const t = useTestSandbox();
  let stripe: Stripe;
  let price: Stripe.Price;
  beforeAll(async () => {
    stripe = sandboxStripe(t.sandbox);
    price = await monthlyPrice(stripe, 1000);
  });

  const clockCustomer = (name: string) => customerOnClock(stripe, name, APRIL_1);
  const eventsOf = async (ids: string[]) => (await stripe.events.list({ limit: 100 })).data
    .filter((e) => ids.includes((e.data.object as { id: string }).id))
    .reverse()
    .map((e) => e.type);

  it('publishes the creation\'s events in Stripe\'s order', async () => {
    const { customer } = await clockCustomer('Events');
    const subscription = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] });
    expect(await eventsOf([subscription.id, subscription.latest_invoice as string])).toEqual([
      'customer.subscription.created', 'invoice.created', 'invoice.finalized', 'invoice.paid', 'invoice.payment_succeeded', 'customer.subscription.updated',
    ]);
    const created = (await stripe.events.list({ type: 'customer.subscription.updated', limit: 1 })).data[0]!;
    // The creation's last event is the subscription turning active once its first invoice is paid
    expect(created.data.previous_attributes).toEqual({ status: 'incomplete' });
  });

  it('makes a subscription past_due when the renewal is declined, and active again once the invoice is paid', async () => {
    const { clock, customer } = await clockCustomer('Past due');
    const subscription = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] });
    // The card on file is replaced by one that declines every charge
    await stripe.paymentMethods.attach('pm_card_chargeCustomerFail', { customer: customer.id }).then((pm) =>
      stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: pm.id } }));
    await advanceClock(stripe, clock.id, MAY_1 + 3600);
    const renewed = await stripe.subscriptions.retrieve(subscription.id);
    expect(renewed.status).toBe('past_due');
    const invoice = await stripe.invoices.retrieve(renewed.latest_invoice as string);
    expect(invoice).toMatchObject({ status: 'open', attempted: true, attempt_count: 1, amount_remaining: 1000 });
    expect(await eventsOf([invoice.id])).toEqual(['invoice.created', 'invoice.finalized', 'invoice.payment_failed']);
    const paid = await stripe.invoices.pay(invoice.id, { payment_method: 'pm_card_visa' });
    expect(paid).toMatchObject({ status: 'paid', amount_paid: 1000 });
    expect((await stripe.subscriptions.retrieve(subscription.id)).status).toBe('active');
  });

  it('sends invoices for the customer to pay when collection is send_invoice', async () => {
    const { clock, customer } = await clockCustomer('Sends');
    const subscription = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], collection_method: 'send_invoice', days_until_due: 14 });
    expect(subscription).toMatchObject({ status: 'active', days_until_due: 14 });
    const first = await stripe.invoices.retrieve(subscription.latest_invoice as string);
    // Not charged: open, due 14 days after it was made
    expect(first).toMatchObject({ status: 'open', attempted: false, amount_remaining: 1000, due_date: APRIL_1 + 14 * 86_400, collection_method: 'send_invoice' });
    await advanceClock(stripe, clock.id, MAY_1 + 3600);
    const second = await stripe.invoices.retrieve((await stripe.subscriptions.retrieve(subscription.id)).latest_invoice as string);
    expect(second).toMatchObject({ status: 'open', due_date: MAY_1 + 14 * 86_400 });
    expect((await stripe.invoices.sendInvoice(second.id)).status).toBe('open');
  });

  it('expires an incomplete subscription after 23 hours and voids its first invoice', async () => {
    const { clock, customer } = await clockCustomer('Expires');
    const subscription = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], payment_behavior: 'default_incomplete' });
    expect(subscription.status).toBe('incomplete');
    await advanceClock(stripe, clock.id, APRIL_1 + 23 * 3600);
    const expired = await stripe.subscriptions.retrieve(subscription.id);
    expect(expired).toMatchObject({ status: 'incomplete_expired', ended_at: APRIL_1 + 23 * 3600 });
    expect((await stripe.invoices.retrieve(subscription.latest_invoice as string)).status).toBe('void');
  });

  it('finalizes and charges a manual invoice an hour after it is made when it advances automatically', async () => {
    const { clock, customer } = await clockCustomer('Auto advance');
    await stripe.invoiceItems.create({ customer: customer.id, amount: 700, currency: 'usd' });
    const draft = await stripe.invoices.create({ customer: customer.id, auto_advance: true, pending_invoice_items_behavior: 'include' });
    expect(draft).toMatchObject({ automatically_finalizes_at: APRIL_1 + 3600, next_payment_attempt: APRIL_1 + 3600 });
    await advanceClock(stripe, clock.id, APRIL_1 + 3599);
    expect((await stripe.invoices.retrieve(draft.id)).status).toBe('draft');
    await advanceClock(stripe, clock.id, APRIL_1 + 3600);
    expect(await stripe.invoices.retrieve(draft.id)).toMatchObject({ status: 'paid', amount_paid: 700, next_payment_attempt: null, status_transitions: { finalized_at: APRIL_1 + 3600 } });
  });
});

describe('a sandbox with its own finalization grace period', () => {
  const t = useTestSandbox({ stripe: { invoiceFinalizationGraceSeconds: 600 } });

  it('finalizes and charges a renewal ten minutes after it is made', async () => {
    const stripe = sandboxStripe(t.sandbox);
    const price = await monthlyPrice(stripe, 1000);
    const { clock, customer } = await customerOnClock(stripe, 'Quick', APRIL_1);
    const subscription = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] });
    await advanceClock(stripe, clock.id, MAY_1 + 599);
    const waiting = await stripe.invoices.retrieve((await stripe.subscriptions.retrieve(subscription.id)).latest_invoice as string);
    expect(waiting).toMatchObject({ status: 'draft', automatically_finalizes_at: MAY_1 + 600 });
    await advanceClock(stripe, clock.id, MAY_1 + 600);
    expect(await stripe.invoices.retrieve(waiting.id)).toMatchObject({ status: 'paid', status_transitions: { finalized_at: MAY_1 + 600 } });
  });
});

describe('renewals by the sandbox\'s own clock', () => {
  let t: TestSandbox;
  let nowMs = APRIL_1 * 1000;
  beforeAll(async () => {
    t = await startTestSandbox({ now: () => nowMs });
  });
  afterAll(() => t.close());

  it('renews a subscription of a customer on no test clock on the first request after its period ends', async () => {
    const stripe = sandboxStripe(t.sandbox);
    const price = await monthlyPrice(stripe, 1000);
    const customer = await stripe.customers.create({ name: 'No clock', payment_method: 'pm_card_visa', invoice_settings: { default_payment_method: 'pm_card_visa' } });
    const subscription = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id, quantity: 3 }] });
    expect(subscription.items.data[0]).toMatchObject({ current_period_start: APRIL_1, current_period_end: MAY_1 });
    nowMs = (MAY_1 + 2 * 3600) * 1000;
    const renewed = await stripe.subscriptions.retrieve(subscription.id);
    expect(renewed.items.data[0]).toMatchObject({ current_period_start: MAY_1, current_period_end: at('2026-06-01T00:00:00Z') });
    // Renewed at May 1, finalized and charged at the end of the grace hour: 3 × 1000
    expect(await stripe.invoices.retrieve(renewed.latest_invoice as string)).toMatchObject({ created: MAY_1, status: 'paid', total: 3000, status_transitions: { finalized_at: MAY_1 + 3600 } });
  });

  it('ends the subscriptions of a deleted customer when their period ends, and keeps answering', async () => {
    const stripe = sandboxStripe(t.sandbox);
    const price = await monthlyPrice(stripe, 1000);
    const customer = await stripe.customers.create({ name: 'Leaving', payment_method: 'pm_card_visa', invoice_settings: { default_payment_method: 'pm_card_visa' } });
    const subscription = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] });
    await stripe.customers.del(customer.id);
    nowMs = (subscription.items.data[0]!.current_period_end + 60) * 1000;
    expect(await stripe.subscriptions.retrieve(subscription.id)).toMatchObject({ status: 'canceled', ended_at: subscription.items.data[0]!.current_period_end });
  });
});
