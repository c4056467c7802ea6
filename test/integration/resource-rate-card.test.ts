/**
 * The RateCard resource through its handler, against the sandbox's Stripe API with the official SDK: a card becomes
 * products, prices under their lookup keys and meters, exactly once however often it is applied or however a run
 * dies; a changed amount becomes a new price that takes the subscriptions of the old one from their next period (the
 * period in progress, minutes included, billed at the old price) or at once; a destroy archives.
 */
import type Stripe from 'stripe';
import type { Billing, BillingCatalogue } from '../../src/billing/billing';
import { connectMeterEventName, minutesLookupKey, minutesMeterEventName, numberMonthlyLookupKey, numberSetupLookupKey } from '../../src/billing/rate-card-keys';
import type { StripeClient } from '../../src/billing/stripe/client';
import type { ResourceIdentity } from '../../src/core/lifecycle';
import { ConflictError } from '../../src/core/errors';
import { createRateCardHandler, inOrder, type RateCardResourceInputs } from '../../src/resources/rate-card';
import { useTestSandbox } from '../support/sandbox';
import { all, requestsDuring, sandboxBilling } from '../support/billing-fixtures';
import { advanceClock, at, customerOnClock } from '../support/stripe-clock';

const ctx = useTestSandbox();
let stripe: StripeClient;
let billing: Billing;
beforeAll(() => {
  ({ stripe, billing } = sandboxBilling(ctx.sandbox));
});

const identity = (name: string): ResourceIdentity => ({ type: 'didops:index:RateCard', name, urn: `urn:pulumi:test::billing::didops:index:RateCard::${name}` });

/** A card in the words of docs/billing.md: US and UK numbers, UK calls per minute, US toll-free in tiers, a connect fee. */
const retailCard = (monthly = 115, ukPerMinute = '0.85') => ({
  currency: 'USD',
  numbers: [
    { country: 'US', type: 'local', setupFee: 100, monthlyPrice: monthly },
    { country: 'GB', type: 'mobile', setupFee: 0, monthlyPrice: 450 },
  ],
  minutes: {
    increment: '6/6',
    connectFee: '0.5',
    rates: [
      { direction: 'outbound', prefix: '44', perMinute: ukPerMinute, description: 'Calls to the UK' },
      { direction: 'inbound', prefix: '1800', tiers: { mode: 'graduated', steps: [{ upTo: 1000, perMinute: '2' }, { upTo: 'inf', perMinute: '1.5' }] } },
    ],
  },
});

/** The handler's check, which must pass. */
async function checked(news: Record<string, unknown>): Promise<RateCardResourceInputs> {
  const result = await createRateCardHandler({ billing }).check({ news });
  if (!result.inputs) throw new Error(`check failed: ${JSON.stringify(result.failures)}`);
  return result.inputs;
}

/** The items of a schedule's phase after its current one: [price, quantity]. */
async function plannedItems(scheduleId: string) {
  const schedule = await stripe.subscriptionSchedules.retrieve(scheduleId);
  const current = schedule.phases.findIndex((p) => p.start_date === schedule.current_phase?.start_date);
  return schedule.phases[current + 1]!.items.map((i) => [i.price, i.quantity ?? null]);
}

/** Every object of a kind in the sandbox account, to count what was made. */
async function everything() {
  return {
    products: await all(stripe.products.list({ limit: 100 })),
    prices: await all(stripe.prices.list({ limit: 100 })),
    meters: await all(stripe.billing.meters.list({ limit: 100 })),
  };
}


describe('a rate card on Stripe', () => {
  it('becomes one product per invoice line, prices under their lookup keys and a meter per rate class, and a re-run creates nothing twice', async () => {
    const handler = createRateCardHandler({ billing });
    const inputs = await checked({ key: 'retail', card: retailCard(), name: 'Acme Voice' });
    const first = await handler.create({ inputs, preview: false, identity: identity('retail') });
    expect(first.id).toBe('retail');
    const made = await everything();

    const again = await handler.create({ inputs, preview: false, identity: identity('retail') });
    expect(again.outputs).toEqual(first.outputs);
    const after = await everything();
    expect(after.products.map((p) => p.id).sort()).toEqual(made.products.map((p) => p.id).sort());
    expect(after.prices.map((p) => p.id).sort()).toEqual(made.prices.map((p) => p.id).sort());
    expect(after.meters.map((m) => m.id).sort()).toEqual(made.meters.map((m) => m.id).sort());

    // Two number lines, two rate classes and the connect fee: five products, each with its own name.
    expect(Object.keys(first.outputs.products).sort()).toEqual(['connect', 'minutes.in-1800', 'minutes.out-44', 'number.GB.mobile', 'number.US.local']);
    const ukCalls = await stripe.products.retrieve(first.outputs.products['minutes.out-44']);
    expect(ukCalls.name).toBe('Acme Voice: Calls to the UK');

    const monthly = await stripe.prices.retrieve(first.outputs.prices[numberMonthlyLookupKey('retail', 'US', 'local')]);
    expect(monthly).toMatchObject({ unit_amount: 115, currency: 'usd', lookup_key: 'didops.retail.number.US.local.monthly', recurring: { interval: 'month', usage_type: 'licensed' } });
    expect(monthly.metadata).toMatchObject({ didops_rate_card: 'retail', didops_owner: identity('retail').urn });
    const setup = await stripe.prices.retrieve(first.outputs.prices[numberSetupLookupKey('retail', 'US', 'local')]);
    expect(setup).toMatchObject({ unit_amount: 100, type: 'one_time' });

    // 0.85 cents a minute is 0.85/60 cents a second, rounded up at Stripe's 12th decimal.
    const perSecond = await stripe.prices.retrieve(first.outputs.prices[minutesLookupKey('retail', 'out-44')]);
    const ukMeter = first.outputs.meters[minutesMeterEventName('retail', 'out-44')];
    expect(String(perSecond.unit_amount_decimal)).toBe('0.014166666667');
    expect(perSecond.recurring).toMatchObject({ usage_type: 'metered', meter: ukMeter });
    const tiered = await stripe.prices.retrieve(first.outputs.prices[minutesLookupKey('retail', 'in-1800')], { expand: ['tiers'] });
    expect(tiered.tiers_mode).toBe('graduated');
    expect(tiered.tiers?.map((t) => [t.up_to, String(t.unit_amount_decimal)])).toEqual([[60000, '0.033333333334'], [null, '0.025']]);

    const meters = new Map(after.meters.map((m) => [m.event_name, m]));
    expect(meters.get(minutesMeterEventName('retail', 'out-44'))?.default_aggregation.formula).toBe('sum');
    expect(meters.get(connectMeterEventName('retail'))?.default_aggregation.formula).toBe('count');
    expect(first.outputs.priceTerms['didops.retail.number.US.local.monthly']).toBe('USD 115 per month');
  });

  it('finishes a create that died part-way without making anything twice', async () => {
    const inputs = await checked({ key: 'crashy', card: retailCard() });
    // The first run dies after its third price: products and meters exist, some prices do, no state was written.
    let prices = 0;
    const dying: BillingCatalogue = {
      ...billing.catalogue,
      createPrice: async (spec, write) => {
        if (++prices > 3) throw new Error('killed mid-apply');
        return billing.catalogue.createPrice(spec, write);
      },
    };
    await expect(createRateCardHandler({ billing: { ...billing, catalogue: dying } }).create({ inputs, preview: false, identity: identity('crashy') })).rejects.toThrow('killed mid-apply');
    const before = await everything();

    const finished = await createRateCardHandler({ billing }).create({ inputs, preview: false, identity: identity('crashy') });
    const after = await everything();
    const ours = (list: { metadata?: Stripe.Metadata | null }[]) => list.filter((o) => o.metadata?.didops_rate_card === 'crashy');
    // Every product the dead run made is the one used now; the missing prices were added, none twice.
    expect(ours(after.products).length).toBe(ours(before.products).length);
    expect(ours(after.prices).length).toBe(Object.keys(finished.outputs.prices).length);
    expect(after.meters.length).toBe(before.meters.length);
    for (const [lookupKey, id] of Object.entries(finished.outputs.prices)) {
      expect(after.prices.filter((p) => p.lookup_key === lookupKey).map((p) => p.id)).toEqual([id]);
    }
  });

  it('turns changed prices into new prices that take the lookup keys and the subscriptions, from the next period, and archives the old ones', async () => {
    const handler = createRateCardHandler({ billing });
    const olds = await checked({ key: 'migrating', card: retailCard(115) });
    const created = await handler.create({ inputs: olds, preview: false, identity: identity('migrating') });
    const monthlyKey = numberMonthlyLookupKey('migrating', 'US', 'local');
    const minutesKey = minutesLookupKey('migrating', 'out-44');
    const [oldMonthly, oldMinutes] = [created.outputs.prices[monthlyKey], created.outputs.prices[minutesKey]];
    const customer = await stripe.customers.create({ name: 'Migrating Co' });
    const subscription = await stripe.subscriptions.create({ customer: customer.id, collection_method: 'send_invoice', days_until_due: 30, items: [{ price: oldMonthly, quantity: 3 }, { price: oldMinutes }] });

    const news = await checked({ key: 'migrating', card: retailCard(125, '0.9') });
    const state = { ...olds, ...created.outputs };
    const diff = await handler.diff({ id: 'migrating', olds: state, news });
    expect(diff).toMatchObject({ changes: true, replaces: [], updates: ['card'] });
    expect(diff.explanation).toContain(`card: ${monthlyKey}: USD 115 per month → USD 125 per month (new price; subscriptions move to it, the old one is archived)`);

    const preview = await handler.update({ id: 'migrating', olds: state, news, preview: true });
    expect(preview.outputs.priceTerms[monthlyKey]).toBe('USD 125 per month');
    const updated = await handler.update({ id: 'migrating', olds: state, news, preview: false });

    const [newMonthly, newMinutes] = [updated.outputs.prices[monthlyKey], updated.outputs.prices[minutesKey]];
    expect(await stripe.prices.retrieve(newMonthly)).toMatchObject({ unit_amount: 125, lookup_key: monthlyKey, active: true });
    expect(String((await stripe.prices.retrieve(newMinutes)).unit_amount_decimal)).toBe('0.015');
    for (const old of [oldMonthly, oldMinutes]) expect(await stripe.prices.retrieve(old)).toMatchObject({ active: false, lookup_key: null });
    // Both changes are planned in one schedule, from the end of the period; until then the items bill the old prices.
    const live = await stripe.subscriptions.retrieve(subscription.id);
    expect(live.items.data.map((i) => [i.price.id, i.quantity ?? null])).toEqual([[oldMonthly, 3], [oldMinutes, null]]);
    const schedules = await all(stripe.subscriptionSchedules.list({ customer: customer.id }));
    expect(schedules.map((s) => s.id)).toEqual([live.schedule]);
    expect(await plannedItems(live.schedule as string)).toEqual([[newMonthly, 3], [newMinutes, null]]);
    expect(schedules[0].phases[1]).toMatchObject({ start_date: live.items.data[0].current_period_end });
    // From the next period: what was invoiced for this one stands, so nothing is prorated.
    expect((await all(stripe.invoiceItems.list({ customer: customer.id }))).filter((i) => i.proration)).toEqual([]);
    // Prices that did not change are the same objects.
    const unchanged = numberMonthlyLookupKey('migrating', 'GB', 'mobile');
    expect(updated.outputs.prices[unchanged]).toBe(created.outputs.prices[unchanged]);

    // The same update again, as after a crash before the state was written: the plan is found, nothing is written.
    const { requests } = await requestsDuring(stripe, () => handler.update({ id: 'migrating', olds: state, news, preview: false }));
    expect(requests.filter((r) => r.startsWith('POST /v1/subscription_schedules'))).toEqual([]);
    expect((await all(stripe.subscriptionSchedules.list({ customer: customer.id }))).map((s) => s.id)).toEqual([live.schedule]);

    // Changed again before the period ends: the plan moves on to the newest prices, in the same schedule.
    const third = await handler.update({ id: 'migrating', olds: { ...news, ...updated.outputs }, news: await checked({ key: 'migrating', card: retailCard(135, '0.95') }), preview: false });
    expect(await plannedItems(live.schedule as string)).toEqual([[third.outputs.prices[monthlyKey], 3], [third.outputs.prices[minutesKey], null]]);
    expect((await stripe.subscriptions.retrieve(subscription.id)).items.data.map((i) => i.price.id)).toEqual([oldMonthly, oldMinutes]);
  });

  it('bills the minutes of the period in progress at the old rate and the next period at the new one (`nextPeriod`)', async () => {
    const handler = createRateCardHandler({ billing });
    const olds = await checked({ key: 'per-minute', card: retailCard(115, '0.85') });
    const created = await handler.create({ inputs: olds, preview: false, identity: identity('per-minute') });
    const [monthlyKey, minutesKey] = [numberMonthlyLookupKey('per-minute', 'US', 'local'), minutesLookupKey('per-minute', 'out-44')];
    const { clock, customer } = await customerOnClock(stripe, 'Per-minute Co', at('2026-04-01T00:00:00Z'));
    const subscription = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: created.outputs.prices[monthlyKey], quantity: 2 }, { price: created.outputs.prices[minutesKey] }] });
    const calls = (seconds: number, timestamp: string, identifier: string) =>
      stripe.billing.meterEvents.create({ event_name: minutesMeterEventName('per-minute', 'out-44'), payload: { stripe_customer_id: customer.id, value: String(seconds) }, timestamp: at(timestamp), identifier });

    // 100 minutes to the UK in April, then the card changes on April 20: 0.85 → 0.90 ¢ a minute, numbers 1.15 → 1.25.
    await advanceClock(stripe, clock.id, at('2026-04-20T00:00:00Z'));
    await calls(6000, '2026-04-10T12:00:00Z', 'april');
    const updated = await handler.update({ id: 'per-minute', olds: { ...olds, ...created.outputs }, news: await checked({ key: 'per-minute', card: retailCard(125, '0.9') }), preview: false });
    expect((await all(stripe.invoiceItems.list({ customer: customer.id }))).filter((i) => i.proration)).toEqual([]);

    await advanceClock(stripe, clock.id, at('2026-05-01T01:00:00Z'));
    const may = await stripe.invoices.retrieve((await stripe.subscriptions.retrieve(subscription.id)).latest_invoice as string);
    // April's 6000 s at the old 0.85/60 ¢ (0.014166666667 ¢ a second) = 85 ¢, not 90; May's numbers at the new 2 × 125.
    expect(may.lines.data.map((l) => [l.pricing?.price_details?.price, l.quantity, l.amount])).toEqual([
      [created.outputs.prices[minutesKey], 6000, 85],
      [updated.outputs.prices[monthlyKey], 2, 250],
    ]);
    expect(may.total).toBe(335);

    await advanceClock(stripe, clock.id, at('2026-05-15T00:00:00Z'));
    await calls(1200, '2026-05-10T12:00:00Z', 'may');
    await advanceClock(stripe, clock.id, at('2026-06-01T01:00:00Z'));
    const june = await stripe.invoices.retrieve((await stripe.subscriptions.retrieve(subscription.id)).latest_invoice as string);
    // May's 1200 s at the new 0.015 ¢ = 18 ¢, and June's numbers 250; the schedule has let the subscription go.
    expect(june.lines.data.map((l) => [l.pricing?.price_details?.price, l.quantity, l.amount])).toEqual([
      [updated.outputs.prices[minutesKey], 1200, 18],
      [updated.outputs.prices[monthlyKey], 2, 250],
    ]);
    expect((await stripe.subscriptions.retrieve(subscription.id)).schedule).toBeNull();
  });

  it('with `migration: now`, moves subscriptions at once and prorates the rest of the period', async () => {
    const handler = createRateCardHandler({ billing });
    const olds = await checked({ key: 'prorating', card: retailCard(1000), migration: 'now' });
    const created = await handler.create({ inputs: olds, preview: false, identity: identity('prorating') });
    const monthlyKey = numberMonthlyLookupKey('prorating', 'US', 'local');
    const customer = await stripe.customers.create({ name: 'Prorating Co' });
    const subscription = await stripe.subscriptions.create({ customer: customer.id, collection_method: 'send_invoice', days_until_due: 30, items: [{ price: created.outputs.prices[monthlyKey], quantity: 1 }] });

    const news = await checked({ key: 'prorating', card: retailCard(2000), migration: 'now' });
    const updated = await handler.update({ id: 'prorating', olds: { ...olds, ...created.outputs }, news, preview: false });

    const live = await stripe.subscriptions.retrieve(subscription.id);
    expect(live.items.data.map((i) => i.price.id)).toEqual([updated.outputs.prices[monthlyKey]]);
    expect(live.schedule).toBeNull();
    const prorations = (await all(stripe.invoiceItems.list({ customer: customer.id }))).filter((i) => i.proration);
    // A credit for the unused time at the old price and a charge for it at the new one.
    expect(prorations.some((i) => i.amount < 0)).toBe(true);
    expect(prorations.some((i) => i.amount > 0)).toBe(true);
  });

  it('with `migration: now`, moves a subscription whose next period is already planned both now and in its plan', async () => {
    const handler = createRateCardHandler({ billing });
    const first = await checked({ key: 'twice', card: retailCard(115, '0.85') });
    const created = await handler.create({ inputs: first, preview: false, identity: identity('twice') });
    const [monthlyKey, minutesKey] = [numberMonthlyLookupKey('twice', 'US', 'local'), minutesLookupKey('twice', 'out-44')];
    const customer = await stripe.customers.create({ name: 'Twice Co' });
    const subscription = await stripe.subscriptions.create({ customer: customer.id, collection_method: 'send_invoice', days_until_due: 30, items: [{ price: created.outputs.prices[monthlyKey], quantity: 1 }, { price: created.outputs.prices[minutesKey] }] });
    const second = await checked({ key: 'twice', card: retailCard(125, '0.85') });
    const planned = await handler.update({ id: 'twice', olds: { ...first, ...created.outputs }, news: second, preview: false });

    const third = await checked({ key: 'twice', card: retailCard(125, '0.9'), migration: 'now' });
    const moved = await handler.update({ id: 'twice', olds: { ...second, ...planned.outputs }, news: third, preview: false });
    const live = await stripe.subscriptions.retrieve(subscription.id);
    // The per-minute price moved now; the monthly one still waits for the period end, where the plan has both new prices.
    expect(live.items.data.map((i) => i.price.id)).toEqual([created.outputs.prices[monthlyKey], moved.outputs.prices[minutesKey]]);
    expect(await plannedItems(live.schedule as string)).toEqual([[planned.outputs.prices[monthlyKey], 1], [moved.outputs.prices[minutesKey], null]]);
  });

  it('finishes a price change that died before moving the subscriptions, with one new price', async () => {
    const handler = createRateCardHandler({ billing });
    const olds = await checked({ key: 'interrupted', card: retailCard(115) });
    const created = await handler.create({ inputs: olds, preview: false, identity: identity('interrupted') });
    const monthlyKey = numberMonthlyLookupKey('interrupted', 'US', 'local');
    const oldPrice = created.outputs.prices[monthlyKey];
    const customer = await stripe.customers.create({ name: 'Interrupted Co' });
    const subscription = await stripe.subscriptions.create({ customer: customer.id, collection_method: 'send_invoice', days_until_due: 30, items: [{ price: oldPrice, quantity: 2 }] });
    const news = await checked({ key: 'interrupted', card: retailCard(130) });
    const state = { ...olds, ...created.outputs };

    // The new price took the lookup key, then the run died: the state still records the old price.
    const dying: BillingCatalogue = { ...billing.catalogue, movePriceUsers: async () => Promise.reject(new Error('killed mid-update')) };
    await expect(createRateCardHandler({ billing: { ...billing, catalogue: dying } }).update({ id: 'interrupted', olds: state, news, preview: false })).rejects.toThrow('killed mid-update');
    const updated = await handler.update({ id: 'interrupted', olds: state, news, preview: false });

    const newPrice = updated.outputs.prices[monthlyKey];
    expect((await all(stripe.prices.list({ lookup_keys: [monthlyKey] }))).map((p) => p.id)).toEqual([newPrice]);
    expect((await all(stripe.prices.list({ product: created.outputs.products['number.US.local'], limit: 100 }))).filter((p) => p.unit_amount === 130)).toHaveLength(1);
    const live = await stripe.subscriptions.retrieve(subscription.id);
    expect(live.items.data.map((i) => [i.price.id, i.quantity])).toEqual([[oldPrice, 2]]);
    expect(await plannedItems(live.schedule as string)).toEqual([[newPrice, 2]]);
    expect((await stripe.prices.retrieve(oldPrice)).active).toBe(false);
  });

  it('reports a price archived outside didops as drift, and puts it back on the next update', async () => {
    const handler = createRateCardHandler({ billing });
    const inputs = await checked({ key: 'drifting', card: retailCard() });
    const created = await handler.create({ inputs, preview: false, identity: identity('drifting') });
    const lookupKey = numberSetupLookupKey('drifting', 'GB', 'mobile');
    await stripe.prices.update(created.outputs.prices[lookupKey], { active: false });

    const read = await handler.read({ id: 'drifting', state: { ...inputs, ...created.outputs } });
    expect(read?.outputs.prices[lookupKey]).toBeUndefined();
    const state = { ...inputs, ...read!.outputs };
    const diff = await handler.diff({ id: 'drifting', olds: state, news: inputs });
    expect(diff).toMatchObject({ changes: true, updates: ['card'] });

    const updated = await handler.update({ id: 'drifting', olds: state, news: inputs, preview: false });
    expect(updated.outputs.prices[lookupKey]).toBe(created.outputs.prices[lookupKey]);
    expect((await stripe.prices.retrieve(updated.outputs.prices[lookupKey])).active).toBe(true);
  });

  it('removes a line by archiving its price and product and deactivating its meter', async () => {
    const handler = createRateCardHandler({ billing });
    const olds = await checked({ key: 'shrinking', card: retailCard() });
    const created = await handler.create({ inputs: olds, preview: false, identity: identity('shrinking') });
    const card = retailCard();
    const news = await checked({ key: 'shrinking', card: { ...card, minutes: { ...card.minutes, rates: [card.minutes.rates[0]] } } });
    const updated = await handler.update({ id: 'shrinking', olds: { ...olds, ...created.outputs }, news, preview: false });

    const gone = minutesLookupKey('shrinking', 'in-1800');
    expect(updated.outputs.prices[gone]).toBeUndefined();
    expect((await stripe.prices.retrieve(created.outputs.prices[gone])).active).toBe(false);
    expect((await stripe.products.retrieve(created.outputs.products['minutes.in-1800'])).active).toBe(false);
    expect((await stripe.billing.meters.retrieve(created.outputs.meters[minutesMeterEventName('shrinking', 'in-1800')])).status).toBe('inactive');
  });

  it('destroys by archiving every price and product and deactivating the meters, and a new create brings them back rather than making new ones', async () => {
    const handler = createRateCardHandler({ billing });
    const inputs = await checked({ key: 'destroyed', card: retailCard() });
    const created = await handler.create({ inputs, preview: false, identity: identity('destroyed') });
    await handler.delete({ id: 'destroyed', state: { ...inputs, ...created.outputs } });
    await handler.delete({ id: 'destroyed', state: { ...inputs, ...created.outputs } });

    for (const id of Object.values(created.outputs.prices)) expect((await stripe.prices.retrieve(id)).active).toBe(false);
    for (const id of Object.values(created.outputs.products)) expect((await stripe.products.retrieve(id)).active).toBe(false);
    for (const id of Object.values(created.outputs.meters)) expect((await stripe.billing.meters.retrieve(id)).status).toBe('inactive');
    expect(await handler.read({ id: 'destroyed', state: { ...inputs, ...created.outputs } })).toBeNull();

    const again = await handler.create({ inputs, preview: false, identity: identity('destroyed') });
    expect(again.outputs).toEqual(created.outputs);
  });

  it('replaces a card whose currency changed: the new one takes the lookup keys, and deleting the old one keeps what the new one uses', async () => {
    const handler = createRateCardHandler({ billing });
    const dollars = await checked({ key: 'switching', card: retailCard() });
    const old = await handler.create({ inputs: dollars, preview: false, identity: identity('switching') });
    const euros = await checked({ key: 'switching', card: { ...retailCard(), currency: 'EUR' } });
    expect(await handler.diff({ id: 'switching', olds: { ...dollars, ...old.outputs }, news: euros })).toMatchObject({ replaces: ['card'] });

    // The engine creates the replacement first, then deletes the old resource.
    const replacement = await handler.create({ inputs: euros, preview: false, identity: identity('switching') });
    await handler.delete({ id: 'switching', state: { ...dollars, ...old.outputs } });

    for (const id of Object.values(replacement.outputs.prices)) expect(await stripe.prices.retrieve(id)).toMatchObject({ active: true, currency: 'eur' });
    for (const id of Object.values(old.outputs.prices)) expect((await stripe.prices.retrieve(id)).active).toBe(false);
    for (const id of Object.values(replacement.outputs.products)) expect((await stripe.products.retrieve(id)).active).toBe(true);
    for (const id of Object.values(replacement.outputs.meters)) expect((await stripe.billing.meters.retrieve(id)).status).toBe('active');
  });

  it('imports a card by its key, giving back the card that made it', async () => {
    const handler = createRateCardHandler({ billing });
    const inputs = await checked({ key: 'imported', card: retailCard() });
    const created = await handler.create({ inputs, preview: false, identity: identity('imported') });
    const imported = await handler.import({ id: 'imported' });
    expect(imported.inputs.card).toEqual(inOrder(inputs.card));
    expect(imported.outputs).toEqual(created.outputs);
    expect(await handler.diff({ id: 'imported', olds: { ...imported.inputs, ...imported.outputs }, news: inputs })).toMatchObject({ changes: false });
  });

  it('refuses a key whose lookup keys another resource holds, on `key`', async () => {
    const inputs = await checked({ key: 'contested', card: retailCard() });
    await createRateCardHandler({ billing }).create({ inputs, preview: false, identity: identity('first-owner') });
    const err = await createRateCardHandler({ billing }).create({ inputs, preview: false, identity: identity('second-owner') }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConflictError);
    expect(err).toMatchObject({ field: 'key' });
  });

  it('refuses a bad card with every problem on its field path, before any request reaches Stripe', async () => {
    const handler = createRateCardHandler({ billing });
    let failures: { field?: string }[] = [];
    const { requests } = await requestsDuring(stripe, async () => {
      failures = (
        await handler.check({
          news: {
            key: 'Retail Card',
            card: {
              currency: 'USD',
              numbers: [{ country: 'US', type: 'local', setupFee: -5, monthlyPrice: 115 }],
              minutes: { increment: '0/6', rates: [{ direction: 'outbound', prefix: '44', perMinute: '1' }, { direction: 'outbound', prefix: '44', perMinute: '2' }] },
            },
          },
        })
      ).failures;
    });
    expect(requests).toEqual([]);
    const fields = failures.map((f) => f.field);
    expect(fields).toEqual(expect.arrayContaining(['key', 'card.numbers[0].setupFee', 'card.minutes.increment', 'card.minutes.rates[1].prefix']));
  });

  it('reads a YAML card and says on which line a mistake is', async () => {
    const handler = createRateCardHandler({ billing });
    const yaml = ['currency: USD', 'numbers:', '  - country: UK', '    type: local', '    setupFee: 0', '    monthlyPrice: 100', ''].join('\n');
    const result = await handler.check({ news: { card: yaml } });
    expect(result.inputs).toBeUndefined();
    expect(result.failures).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'card.numbers[0].country', detail: expect.stringContaining('line 3') })]));
  });
});

