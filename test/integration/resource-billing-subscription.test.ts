/**
 * The BillingSubscription resource through its handler, against the sandbox's Stripe API with the official SDK: an
 * account billed for numbers of two kinds, with quantities, the card's metered minutes and the account's tax; numbers
 * added and removed mid-period prorated to the cent; each number's setup fee exactly once, whatever dies or repeats;
 * a price changed on the card billed from the next period, numbers added meanwhile on both sides of it; refusals
 * before any request; drift, import and cancellation.
 */
import type { Billing, BillingSubscriptions } from '../../src/billing/billing';
import { connectLookupKey, minutesLookupKey, minutesMeterEventName, numberMonthlyLookupKey } from '../../src/billing/rate-card-keys';
import type { StripeClient } from '../../src/billing/stripe/client';
import { ValidationError } from '../../src/core/errors';
import type { ResourceIdentity } from '../../src/core/lifecycle';
import { createBillingAccountHandler } from '../../src/resources/billing-account';
import { createBillingSubscriptionHandler, type BillingSubscriptionInputs, type BillingSubscriptionState } from '../../src/resources/billing-subscription';
import { createRateCardHandler } from '../../src/resources/rate-card';
import { all, applyRateCard, requestsDuring, sandboxBilling, testAccount, testCard, testClockAt } from '../support/billing-fixtures';
import { useTestSandbox } from '../support/sandbox';
import { advanceClock, at } from '../support/stripe-clock';

const ctx = useTestSandbox();
let stripe: StripeClient;
let billing: Billing;
beforeAll(() => ({ stripe, billing } = sandboxBilling(ctx.sandbox)));
afterEach(() => ctx.sandbox.context.faults.configure([]));

const identity = (name: string): ResourceIdentity => ({ type: 'didops:index:BillingSubscription', name, urn: `urn:pulumi:test::billing::didops:index:BillingSubscription::${name}` });
const local = (last: string) => ({ e164: `+1415555${last}`, country: 'US', type: 'local' });
const tollFree = { e164: '+18885550123', country: 'US', type: 'tollFree' };
const berlinMobile = { e164: '+4915123456789', country: 'DE', type: 'mobile' };

type State = BillingSubscriptionInputs & BillingSubscriptionState;

/** The handler's check, which must pass. */
async function checked(news: Record<string, unknown>, on: Billing = billing): Promise<BillingSubscriptionInputs> {
  const result = await createBillingSubscriptionHandler({ billing: on }).check({ news });
  if (!result.inputs) throw new Error(`check failed: ${JSON.stringify(result.failures)}`);
  return result.inputs;
}

/** Create through the handler, after check, as the engine would. */
async function created(name: string, news: Record<string, unknown>, on: Billing = billing): Promise<{ id: string; state: State }> {
  const inputs = await checked(news, on);
  const { id, outputs } = await createBillingSubscriptionHandler({ billing: on }).create({ inputs, preview: false, identity: identity(name) });
  return { id, state: { ...inputs, ...outputs } };
}

/** Update through the handler, after check, as the engine would. */
async function updated(id: string, olds: State, news: Record<string, unknown>): Promise<State> {
  const inputs = await checked(news);
  const { outputs } = await createBillingSubscriptionHandler({ billing }).update({ id, olds, news: inputs, preview: false });
  return { ...inputs, ...outputs };
}

/** The customer's setup-fee invoice items, by E.164. */
async function setupFeeItems(customerId: string): Promise<Map<string, { id: string; amount: number }[]>> {
  const fees = new Map<string, { id: string; amount: number }[]>();
  for (const item of await all(stripe.invoiceItems.list({ customer: customerId, limit: 100 }))) {
    const e164 = item.metadata?.didops_setup_fee_for;
    if (e164) fees.set(e164, [...(fees.get(e164) ?? []), { id: item.id, amount: item.amount }]);
  }
  return fees;
}

describe('a subscription bills an account for its numbers', () => {
  it('bills numbers of two kinds as one item each, their quantity the count of such numbers, with the card’s metered minutes', async () => {
    const card = await applyRateCard(billing, 'kinds');
    const { customerId } = await testAccount(stripe, 'Kinds Corp');
    const { id, state } = await created('kinds', { account: customerId, rateCard: 'kinds', numbers: [local('0100'), tollFree, local('0101')] });

    const prices = card.state.prices as Record<string, string>;
    const monthlyLocal = numberMonthlyLookupKey('kinds', 'US', 'local');
    const monthlyTollFree = numberMonthlyLookupKey('kinds', 'US', 'tollFree');
    expect(state.items).toEqual({
      [monthlyLocal]: { id: expect.stringMatching(/^si_/), quantity: 2, price: prices[monthlyLocal] },
      [monthlyTollFree]: { id: expect.stringMatching(/^si_/), quantity: 1, price: prices[monthlyTollFree] },
      [minutesLookupKey('kinds', 'out-44')]: { id: expect.stringMatching(/^si_/), quantity: null, price: prices[minutesLookupKey('kinds', 'out-44')] },
      [connectLookupKey('kinds')]: { id: expect.stringMatching(/^si_/), quantity: null, price: prices[connectLookupKey('kinds')] },
    });
    expect(state).toMatchObject({ subscriptionId: id, status: 'active', currency: 'USD', currentPeriodEnd: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });

    // The first invoice bills the numbers a month in advance, 2 × 1.20 + 3.00 = 5.40 (minutes are billed in arrears),
    // and each number's setup fee, 1.00 per local number and 2.00 for the toll-free one: 9.40.
    const invoice = await stripe.invoices.retrieve(state.latestInvoice!);
    expect(invoice).toMatchObject({ total: 940, status: 'paid', currency: 'usd' });
    expect(invoice.lines.data.map((line) => line.amount).filter((amount) => amount !== 0).sort((a, b) => a - b)).toEqual([100, 100, 200, 240, 300]);
    const fees = await setupFeeItems(customerId);
    expect([...fees].map(([e164, items]) => [e164, items.map((i) => i.amount)]).sort()).toEqual([
      ['+14155550100', [100]],
      ['+14155550101', [100]],
      ['+18885550123', [200]],
    ]);
    const onInvoice = await all(stripe.invoiceItems.list({ customer: customerId, limit: 100 }));
    expect(onInvoice.map((item) => item.invoice)).toEqual([invoice.id, invoice.id, invoice.id]);
    expect(Object.keys(state.setupFees).sort()).toEqual(['+14155550100', '+14155550101', '+18885550123']);
  });

  it('bills the account’s tax rates on every line', async () => {
    await applyRateCard(billing, 'taxed');
    const { customerId, taxRateIds } = await testAccount(stripe, 'Taxed Corp', { taxPercentages: [10] });
    const { id, state } = await created('taxed', { account: customerId, rateCard: 'taxed', numbers: [local('0200'), local('0201')], meteredMinutes: false });
    expect((await stripe.subscriptions.retrieve(id)).default_tax_rates?.map((rate) => rate.id)).toEqual(taxRateIds);
    // 2 × 1.20 = 2.40 and two setup fees of 1.00: 4.40, and 10% tax on it: 0.44.
    expect(await stripe.invoices.retrieve(state.latestInvoice!)).toMatchObject({ subtotal: 440, total: 484 });
  });

  it('bills an account made by the BillingAccount resource in its currency, with the tax rates of its jurisdiction', async () => {
    await applyRateCard(billing, 'accounted');
    const accounts = createBillingAccountHandler({ billing });
    const newYork = { line1: '350 5th Ave', city: 'New York', state: 'NY', postalCode: '10118', country: 'US' };
    const declared = await accounts.check({ news: { name: 'Accounted Corp', address: newYork, currency: 'USD', defaultPaymentMethod: 'pm_card_visa' } });
    const account = await accounts.create({ inputs: declared.inputs!, preview: false, identity: { type: 'didops:index:BillingAccount', name: 'accounted' } });
    expect(account.outputs.taxRateIds.length).toBeGreaterThan(0);

    const { id, state } = await created('accounted', { account: account.outputs.customerId, rateCard: 'accounted', numbers: [local('0250'), local('0251')], meteredMinutes: false });
    expect((await stripe.subscriptions.retrieve(id)).default_tax_rates?.map((rate) => rate.id)).toEqual(account.outputs.taxRateIds);
    expect(await Promise.all(account.outputs.taxRateIds.map(async (rate) => (await stripe.taxRates.retrieve(rate)).percentage))).toEqual([4]);
    // 2 × 1.20 = 2.40 and two setup fees of 1.00, with New York's 4% per line: 9.6 ¢ → 10 ¢, and 4 ¢ twice: 4.58.
    expect(await stripe.invoices.retrieve(state.latestInvoice!)).toMatchObject({ subtotal: 440, total: 458, status: 'paid' });
  });

  it('prorates numbers added and removed mid-period, to the cent, and bills the new number’s setup fee with them', async () => {
    await applyRateCard(billing, 'prorate', { localMonthly: 120, localSetup: 100, tollFreeMonthly: 300, tollFreeSetup: 200 });
    const clock = await testClockAt(stripe, '2026-04-01T00:00:00Z');
    const { customerId } = await testAccount(stripe, 'Prorate Corp', { testClock: clock });
    const first = await created('prorate', { account: customerId, rateCard: 'prorate', numbers: [local('0300'), local('0301'), tollFree], meteredMinutes: false });
    // 2 × 1.20 + 3.00 for April, and the three numbers' setup fees, 4.00.
    expect(await stripe.invoices.retrieve(first.state.latestInvoice!)).toMatchObject({ total: 940 });

    // Ten days into the 30 days of April, two thirds of the period are left: a third local number comes, the toll-free goes.
    await advanceClock(stripe, clock, at('2026-04-11T00:00:00Z'));
    const second = await updated(first.id, first.state, { account: customerId, rateCard: 'prorate', numbers: [local('0300'), local('0301'), local('0302')], meteredMinutes: false });
    expect(second.items[numberMonthlyLookupKey('prorate', 'US', 'local')].quantity).toBe(3);
    expect(second.items[numberMonthlyLookupKey('prorate', 'US', 'tollFree')]).toBeUndefined();
    const pending = await all(stripe.invoiceItems.list({ customer: customerId, pending: true, limit: 100 }));
    // Unused time of 2 × 1.20 (−1.60), remaining time of 3 × 1.20 (+2.40), unused time of the toll-free 3.00 (−2.00).
    expect(pending.filter((i) => i.proration).map((i) => i.amount).sort((a, b) => a - b)).toEqual([-200, -160, 240]);
    // The number added mid-period waits for the next invoice with its setup fee, as the prorations do.
    expect(pending.filter((i) => !i.proration).map((i) => [i.metadata?.didops_setup_fee_for, i.amount])).toEqual([['+14155550302', 100]]);

    // May's invoice: 3 × 1.20 = 3.60, prorations −1.20, the new number's setup fee 1.00: 3.40.
    await advanceClock(stripe, clock, at('2026-05-01T02:00:00Z'));
    const invoices = await all(stripe.invoices.list({ customer: customerId, limit: 100 }));
    const may = invoices.find((invoice) => invoice.billing_reason === 'subscription_cycle');
    expect(may).toMatchObject({ total: 340, status: 'paid' });
  });

  it('bills a price changed on the card from the next period, and a number added meanwhile on both sides of it', async () => {
    const clock = await testClockAt(stripe, '2026-04-01T00:00:00Z');
    const before = await applyRateCard(billing, 'pricey', { localMonthly: 120 });
    const { customerId } = await testAccount(stripe, 'Pricey Corp', { testClock: clock });
    const news = { account: customerId, rateCard: 'pricey', numbers: [local('0400')], meteredMinutes: false };
    const first = await created('pricey', news);
    const key = numberMonthlyLookupKey('pricey', 'US', 'local');
    const oldPrice = (before.state.prices as Record<string, string>)[key];
    expect(first.state.items[key].price).toBe(oldPrice);

    // Half-way through April the card's local number goes from 1.20 to 1.50 a month, from the next period.
    await advanceClock(stripe, clock, at('2026-04-16T00:00:00Z'));
    const after = await applyRateCard(billing, 'pricey', { localMonthly: 150 }, before);
    const newPrice = (after.state.prices as Record<string, string>)[key];
    const handler = createBillingSubscriptionHandler({ billing });
    const read = await handler.read({ id: first.id, state: first.state });
    expect(read?.outputs.items[key]).toMatchObject({ price: oldPrice, quantity: 1 });
    // The planned change is not drift: nothing to do.
    const refreshed = { ...first.state, ...read!.inputs, ...read!.outputs } as State;
    expect(await handler.diff({ id: first.id, olds: refreshed, news: await checked(news) })).toMatchObject({ changes: false });
    expect((await updated(first.id, refreshed, news)).items[key]).toMatchObject({ price: oldPrice, quantity: 1 });

    // A second number on April 16: April's rest at the old price (−½ × 1.20 + ½ × 2 × 1.20 = +0.60), May on at 2 × 1.50.
    const moreNews = { ...news, numbers: [local('0400'), local('0401')] };
    const second = await updated(first.id, refreshed, moreNews);
    expect(second.items[key]).toMatchObject({ price: oldPrice, quantity: 2 });
    const live = await stripe.subscriptions.retrieve(first.id);
    const schedule = await stripe.subscriptionSchedules.retrieve(live.schedule as string);
    expect(schedule.phases.map((p) => p.items.map((i) => [i.price, i.quantity]))).toEqual([[[oldPrice, 2]], [[newPrice, 2]]]);
    const pending = await all(stripe.invoiceItems.list({ customer: customerId, pending: true, limit: 100 }));
    expect(pending.filter((i) => i.proration).map((i) => i.amount).sort((a, b) => a - b)).toEqual([-60, 120]);
    // The same update again changes nothing, in the subscription or its schedule.
    const { requests } = await requestsDuring(stripe, () => updated(first.id, refreshed, moreNews));
    expect(requests.filter((r) => r.startsWith('POST'))).toEqual([]);

    // May's invoice: 2 × 1.50 = 3.00 in advance, April's prorations +0.60 and the new number's setup fee 1.00.
    await advanceClock(stripe, clock, at('2026-05-01T02:00:00Z'));
    const may = (await all(stripe.invoices.list({ customer: customerId, limit: 100 }))).find((invoice) => invoice.billing_reason === 'subscription_cycle');
    expect(may).toMatchObject({ total: 460, status: 'paid' });
    const lines = await all(stripe.invoices.listLineItems(may!.id, { limit: 100 }));
    expect(lines.map((l) => [l.pricing?.price_details?.price, l.amount]).sort((a, b) => Number(a[1]) - Number(b[1]))).toEqual([[oldPrice, -60], [expect.any(String), 100], [oldPrice, 120], [newPrice, 300]]);
    const inMay = await handler.read({ id: first.id, state: second });
    expect(inMay?.outputs.items[key]).toMatchObject({ price: newPrice, quantity: 2 });
    const mayState = { ...second, ...inMay!.inputs, ...inMay!.outputs } as State;
    expect(await handler.diff({ id: first.id, olds: mayState, news: await checked(moreNews) })).toMatchObject({ changes: false });

    // Deleting it at the period end lets its schedule go first (Stripe ends a scheduled subscription only through it).
    await handler.delete({ id: first.id, state: { ...mayState, cancelAtPeriodEnd: true } });
    expect(await stripe.subscriptions.retrieve(first.id)).toMatchObject({ cancel_at_period_end: true, schedule: null, status: 'active' });
    expect(await stripe.subscriptionSchedules.retrieve(schedule.id)).toMatchObject({ status: 'released' });
  });
});

describe('each number’s setup fee, exactly once', () => {
  it('survives a crash before the state was written, a re-run, an answer lost after the work, a re-ordered list and a replacement that keeps the numbers', async () => {
    await applyRateCard(billing, 'once');
    const { customerId } = await testAccount(stripe, 'Once Corp');
    const news = { account: customerId, rateCard: 'once', numbers: [local('0500'), local('0501')], meteredMinutes: false };

    // The first run dies after its first setup fee, before the subscription: one fee waits, the engine recorded nothing.
    let made = 0;
    const subscriptions: BillingSubscriptions = {
      ...billing.subscriptions,
      createInvoiceCharge: async (spec, write) => {
        if (++made > 1) throw new Error('killed mid-apply');
        return billing.subscriptions.createInvoiceCharge(spec, write);
      },
    };
    await expect(created('once', news, { ...billing, subscriptions })).rejects.toThrow('killed mid-apply');
    expect(await all(stripe.subscriptions.list({ customer: customerId, limit: 100 }))).toEqual([]);
    expect([...(await setupFeeItems(customerId)).keys()]).toEqual(['+14155550500']);

    // The next run finishes the job: the waiting fee found, the missing one added, none twice, both on the new
    // subscription's first invoice; a re-run changes nothing.
    const first = await created('once', news);
    const firstInvoice = await stripe.invoices.retrieve(first.state.latestInvoice!);
    expect(firstInvoice.lines.data.filter((line) => line.metadata?.didops_setup_fee_for).map((line) => line.amount)).toEqual([100, 100]);
    const again = await created('once', news);
    expect(again.id).toBe(first.id);
    expect(await all(stripe.subscriptions.list({ customer: customerId, limit: 100 }))).toHaveLength(1);
    expect([...(await setupFeeItems(customerId))].map(([e164, items]) => [e164, items.length]).sort()).toEqual([['+14155550500', 1], ['+14155550501', 1]]);

    // A third number's fee is made, but Stripe's answer is lost (a 500 after the work): the apply fails, and the
    // next one finds the fee by its metadata instead of making another.
    ctx.sandbox.context.faults.configure([{ method: 'POST', path: '/v1/invoiceitems', errorRate: 1, status: 500, when: 'after', maxFailures: 1 }]);
    const withThird = { ...news, numbers: [...news.numbers, local('0502')] };
    await expect(updated(first.id, first.state, withThird)).rejects.toThrow();
    ctx.sandbox.context.faults.configure([]);
    const third = await updated(first.id, first.state, withThird);
    const fees = await setupFeeItems(customerId);
    expect([...fees.values()].map((items) => items.length)).toEqual([1, 1, 1]);
    expect(third.setupFees['+14155550502']).toBe(fees.get('+14155550502')![0].id);

    // The same numbers in another order are no change, and applying them anyway makes no fee.
    const reordered = await checked({ ...withThird, numbers: [...withThird.numbers].reverse() });
    expect(await createBillingSubscriptionHandler({ billing }).diff({ id: first.id, olds: third, news: reordered })).toMatchObject({ changes: false });
    await updated(first.id, third, { ...withThird, numbers: [...withThird.numbers].reverse() });

    // A replacement (another resource billing the same account for the same numbers) finds their fees too.
    const replacement = await created('once-replacement', withThird);
    expect(replacement.id).not.toBe(first.id);
    expect(replacement.state.setupFees).toEqual(third.setupFees);
    expect([...(await setupFeeItems(customerId)).values()].map((items) => items.length)).toEqual([1, 1, 1]);
  });
});

describe('refusals before anything is changed', () => {
  it('refuses at plan time, without a request, a number the card does not price and a card in another currency, naming the fields', async () => {
    const handler = createBillingSubscriptionHandler({ billing });
    const news = { account: 'cus_planonly', rateCard: 'plan-only', numbers: [local('0600'), berlinMobile], rateCardModel: testCard(), accountCurrency: 'EUR' };
    const { requests, error } = await requestsDuring(stripe, async () => {
      const { failures } = await handler.check({ news });
      expect(failures.map((f) => [f.field, f.summary])).toEqual([
        ['rateCard', 'the rate card "plan-only" is in USD, the account in EUR'],
        ['numbers[1]', 'the rate card "plan-only" does not price DE mobile numbers, so +4915123456789 cannot be billed'],
      ]);
    });
    expect(error).toBeUndefined();
    expect(requests).toEqual([]);
  });

  it('refuses at create, when only the card’s key is known, before any change: reads only', async () => {
    await applyRateCard(billing, 'reads-only');
    const { customerId } = await testAccount(stripe, 'Reads Corp');
    const unpriced = await requestsDuring(stripe, () => created('reads-unpriced', { account: customerId, rateCard: 'reads-only', numbers: [local('0700'), berlinMobile] }));
    expect(unpriced.error).toBeInstanceOf(ValidationError);
    expect(unpriced.error).toMatchObject({ field: 'numbers[1]', message: expect.stringContaining('add { country: "DE", type: "mobile" }') });
    expect(unpriced.requests.filter((r) => !r.startsWith('GET'))).toEqual([]);

    const { customerId: euros } = await testAccount(stripe, 'Euro GmbH', { currency: 'EUR' });
    const currency = await requestsDuring(stripe, () => created('reads-currency', { account: euros, rateCard: 'reads-only', numbers: [local('0701')] }));
    expect(currency.error).toMatchObject({ field: 'rateCard', summary: 'the rate card "reads-only" is in USD, the account in EUR' });
    expect(currency.requests.filter((r) => !r.startsWith('GET'))).toEqual([]);
    expect(await all(stripe.subscriptions.list({ customer: euros, limit: 100 }))).toEqual([]);
  });
});

describe('Stripe’s 20 items', () => {
  it('refuses at create, before any write, a card whose rate classes and numbers need more than 20 items', async () => {
    const handler = createRateCardHandler({ billing });
    const rates = Array.from({ length: 19 }, (_, i) => ({ direction: 'outbound', prefix: String(30 + i), perMinute: '1' }));
    const card = { ...testCard(), minutes: { ...testCard().minutes, rates } };
    const cardInputs = await handler.check({ news: { key: 'many-classes', card } });
    await handler.create({ inputs: cardInputs.inputs!, preview: false, identity: { type: 'didops:index:RateCard', name: 'many-classes' } });
    const { customerId } = await testAccount(stripe, 'Many Classes Inc');
    // 2 kinds of number + 19 rate classes + the connect fee = 22
    const attempt = await requestsDuring(stripe, () => created('many-classes', { account: customerId, rateCard: 'many-classes', numbers: [local('0800'), tollFree] }));
    expect(attempt.error).toBeInstanceOf(ValidationError);
    expect(attempt.error).toMatchObject({ field: 'rateCard', summary: expect.stringContaining('the subscription needs 22 items') });
    expect(attempt.requests.filter((r) => !r.startsWith('GET'))).toEqual([]);
    expect(await all(stripe.subscriptions.list({ customer: customerId, limit: 100 }))).toEqual([]);
  });
});

describe('an account’s minutes are billed once', () => {
  it('refuses a second subscription that would bill the same card’s minutes again, naming the first and the fix', async () => {
    await applyRateCard(billing, 'twice');
    const { customerId } = await testAccount(stripe, 'Twice Corp');
    const first = await created('twice-a', { account: customerId, rateCard: 'twice', numbers: [local('0900')], meteredMinutes: true });

    // Stripe bills a meter's whole usage for the customer on every item priced on it: a second one bills every minute again.
    const second = await requestsDuring(stripe, () => created('twice-b', { account: customerId, rateCard: 'twice', numbers: [local('0901')], meteredMinutes: true }));
    expect(second.error).toBeInstanceOf(ValidationError);
    expect(second.error).toMatchObject({
      field: 'meteredMinutes',
      summary: expect.stringContaining(`subscription ${first.id} (${identity('twice-a').urn})`),
      message: expect.stringContaining('set `meteredMinutes: false` on one of them'),
    });
    expect(second.requests.filter((r) => !r.startsWith('GET'))).toEqual([]);
    expect((await all(stripe.subscriptions.list({ customer: customerId, limit: 100 }))).map((s) => s.id)).toEqual([first.id]);

    // Without minutes it bills its numbers; turning them on later is refused the same way, before any change.
    const numbersOnly = await created('twice-b', { account: customerId, rateCard: 'twice', numbers: [local('0901')], meteredMinutes: false });
    const turnedOn = requestsDuring(stripe, () => updated(numbersOnly.id, numbersOnly.state, { account: customerId, rateCard: 'twice', numbers: [local('0901')], meteredMinutes: true }));
    const { error, requests } = await turnedOn;
    expect(error).toMatchObject({ field: 'meteredMinutes', summary: expect.stringContaining(first.id) });
    expect(requests.filter((r) => !r.startsWith('GET'))).toEqual([]);
    expect((await stripe.subscriptions.retrieve(numbersOnly.id)).items.data.map((item) => item.price.recurring?.usage_type)).toEqual(['licensed']);
  });

  it('lets the same resource re-run its create, and another account bill the same card’s minutes', async () => {
    await applyRateCard(billing, 'once-each');
    const { customerId } = await testAccount(stripe, 'Once Each Corp');
    const news = { account: customerId, rateCard: 'once-each', numbers: [local('0910')], meteredMinutes: true };
    const first = await created('once-each', news);
    expect((await created('once-each', news)).id).toBe(first.id);
    const { customerId: other } = await testAccount(stripe, 'Other Corp');
    await expect(created('once-each-other', { ...news, account: other })).resolves.toMatchObject({ state: { status: 'active' } });
  });
});

describe('drift, import and cancellation', () => {
  it('shows a quantity changed in the dashboard and sets it back; a subscription cancelled outside didops is gone', async () => {
    await applyRateCard(billing, 'drift');
    const { customerId } = await testAccount(stripe, 'Drift Corp');
    const news = { account: customerId, rateCard: 'drift', numbers: [local('0800'), local('0801')], meteredMinutes: false };
    const { id, state } = await created('drift', news);
    const key = numberMonthlyLookupKey('drift', 'US', 'local');
    await stripe.subscriptionItems.update(state.items[key].id, { quantity: 5, proration_behavior: 'none' });

    const handler = createBillingSubscriptionHandler({ billing });
    const read = await handler.read({ id, state });
    expect(read?.outputs.items[key].quantity).toBe(5);
    const refreshed = { ...state, ...read!.inputs, ...read!.outputs } as State;
    const diff = await handler.diff({ id, olds: refreshed, news: await checked(news) });
    expect(diff).toMatchObject({ changes: true, updates: ['numbers'] });
    const fixed = await updated(id, refreshed, news);
    expect(fixed.items[key].quantity).toBe(2);
    expect((await stripe.subscriptionItems.retrieve(state.items[key].id)).quantity).toBe(2);

    await stripe.subscriptions.cancel(id);
    expect(await handler.read({ id, state: fixed })).toBeNull();
  });

  it('imports a subscription by id; listing its numbers then charges setup fees only beyond what it already billed', async () => {
    const card = await applyRateCard(billing, 'imported');
    const { customerId } = await testAccount(stripe, 'Import Corp');
    const key = numberMonthlyLookupKey('imported', 'US', 'local');
    const made = await stripe.subscriptions.create({ customer: customerId, items: [{ price: (card.state.prices as Record<string, string>)[key], quantity: 2 }] });

    const handler = createBillingSubscriptionHandler({ billing });
    const imported = await handler.import({ id: made.id });
    expect(imported.inputs).toEqual({ account: customerId, rateCard: 'imported', numbers: [], meteredMinutes: false, collectionMethod: 'charge_automatically', prorationBehavior: 'create_prorations', cancelAtPeriodEnd: false });
    expect(await handler.diff({ id: made.id, olds: { ...imported.inputs, ...imported.outputs }, news: imported.inputs })).toMatchObject({ changes: false });

    const listed = await updated(made.id, { ...imported.inputs, ...imported.outputs }, { account: customerId, rateCard: 'imported', numbers: [local('0900'), local('0901'), local('0902')], meteredMinutes: false });
    expect(listed.items[key].quantity).toBe(3);
    expect([...(await setupFeeItems(customerId)).keys()]).toEqual(['+14155550902']);
  });

  it('deleting cancels now with a final invoice of the minutes used, or at the period end when asked; deleting again is fine', async () => {
    await applyRateCard(billing, 'ending');
    const clock = await testClockAt(stripe, '2026-04-01T00:00:00Z');
    const { customerId } = await testAccount(stripe, 'Ending Corp', { testClock: clock });
    const now = await created('ending-now', { account: customerId, rateCard: 'ending', numbers: [local('1000')], prorationBehavior: 'none' });
    // Ten minutes of calls to the UK on April 5th, then the subscription ends on the 11th.
    await advanceClock(stripe, clock, at('2026-04-11T00:00:00Z'));
    await stripe.billing.meterEvents.create({ event_name: minutesMeterEventName('ending', 'out-44'), payload: { stripe_customer_id: customerId, value: '600' }, timestamp: at('2026-04-05T12:00:00Z') });
    const handler = createBillingSubscriptionHandler({ billing });
    await handler.delete({ id: now.id, state: now.state });
    await handler.delete({ id: now.id, state: now.state });
    const ended = await stripe.subscriptions.retrieve(now.id);
    expect(ended.status).toBe('canceled');
    const final = await stripe.invoices.retrieve(typeof ended.latest_invoice === 'string' ? ended.latest_invoice : ended.latest_invoice!.id!);
    const minutesPrice = now.state.items[minutesLookupKey('ending', 'out-44')].price;
    // 600 s at 0.014166666667 ¢ a second (0.85 ¢ a minute, rounded up at Stripe's 12th decimal) is 8.5000000002 ¢: 9 ¢.
    expect(final.lines.data.find((line) => line.pricing?.price_details?.price === minutesPrice)).toMatchObject({ quantity: 600, amount: 9 });

    const later = await created('ending-later', { account: customerId, rateCard: 'ending', numbers: [local('1001')], cancelAtPeriodEnd: true });
    await handler.delete({ id: later.id, state: later.state });
    await handler.delete({ id: later.id, state: later.state });
    expect(await stripe.subscriptions.retrieve(later.id)).toMatchObject({ status: 'active', cancel_at_period_end: true });
    // A new resource of the same name makes a new subscription rather than taking over the one that is ending.
    const again = await created('ending-later', { account: customerId, rateCard: 'ending', numbers: [local('1001')] });
    expect(again.id).not.toBe(later.id);
  });
});
