/**
 * BillingSubscription without Stripe: `check` (what is refused at plan time, before any request), the plan of items
 * from the numbers and the card, the changes that take live items there, and the lifecycle contract on a billing
 * provider that fails any call.
 */
import type { ResolvedCard } from '../../src/billing/card-prices';
import type { SubscriptionItem } from '../../src/billing/subscriptions-port';
import { createBillingSubscriptionHandler, type BillingSubscriptionInputs, type BillingSubscriptionState } from '../../src/resources/billing-subscription';
import { addedNumbers, desiredLines, itemChanges } from '../../src/resources/billing-subscription/items-plan';
import { describeLifecycleContract } from '../support/lifecycle-contract';
import { refusingBilling } from '../support/refusing-billing';

const handler = createBillingSubscriptionHandler({ billing: refusingBilling() });

const sf = { e164: '+14155550100', country: 'US', type: 'local' };
const sf2 = { e164: '+14155550101', country: 'US', type: 'local' };
const tollFree = { e164: '+18885550123', country: 'US', type: 'tollFree' };
const berlinMobile = { e164: '+4915123456789', country: 'DE', type: 'mobile' };
const valid = { account: 'cus_acme', rateCard: 'retail', numbers: [sf, sf2, tollFree] };

const usCard = { currency: 'USD', numbers: [{ country: 'US', type: 'local', setupFee: 100, monthlyPrice: 115 }, { country: 'US', type: 'tollFree', setupFee: 200, monthlyPrice: 215 }] };

/** What a subscription for `inputs` records: one item per kind, plus one metered item. */
function recordedOutputs(inputs: BillingSubscriptionInputs): BillingSubscriptionState {
  const quantities = new Map<string, number>();
  for (const n of inputs.numbers) {
    const key = `didops.${inputs.rateCard}.number.${n.country}.${n.type}.monthly`;
    quantities.set(key, (quantities.get(key) ?? 0) + 1);
  }
  const keys: [string, number | null][] = [...quantities, [`didops.${inputs.rateCard}.minutes.outbound-1`, null]];
  return {
    subscriptionId: 'sub_contract',
    status: 'active',
    items: Object.fromEntries(keys.map(([key, quantity], i) => [key, { id: `si_${i}`, quantity, price: `price_${i}` }])),
    currentPeriodEnd: '2026-01-01T00:00:00.000Z',
    latestInvoice: 'in_1',
    currency: 'USD',
    setupFees: {},
    appliedItems: Object.fromEntries(keys),
    unlistedQuantities: {},
  };
}

describeLifecycleContract({
  name: 'BillingSubscription',
  handler,
  valid,
  recordedOutputs,
  invalid: { news: { ...valid, numbers: [{ e164: '+1415555010' }] }, field: 'numbers[0].e164' },
  refusals: [
    { news: { ...valid, rateCardModel: usCard, numbers: [sf, berlinMobile] }, field: 'numbers[1]' },
    { news: { ...valid, rateCardModel: usCard, accountCurrency: 'EUR' }, field: 'rateCard' },
    { news: { ...valid, numbers: [sf, tollFree, sf] }, field: 'numbers[2]' },
    { news: { ...valid, collectionMethod: 'send_invoice' }, field: 'daysUntilDue' },
  ],
  replacing: ['account'],
  deleteBeforeReplace: false,
  inPlaceField: 'numbers',
  replacements: [{ news: { ...valid, account: 'cus_other' }, field: 'account' }],
});

describe('what a subscription is refused at plan time, before any request', () => {
  it('refuses a number the card does not price, on that number, naming the fix', async () => {
    const { failures } = await handler.check({ news: { ...valid, rateCardModel: usCard, numbers: [sf, berlinMobile] } });
    expect(failures).toEqual([
      expect.objectContaining({
        field: 'numbers[1]',
        summary: 'the rate card "retail" does not price DE mobile numbers, so +4915123456789 cannot be billed',
        detail: expect.stringContaining('add { country: "DE", type: "mobile" } with its setup fee and monthly price to the card’s numbers, or remove the number (the card prices US local, US toll-free)'),
      }),
    ]);
  });

  it('refuses a card in another currency than the account, on rateCard', async () => {
    const { failures } = await handler.check({ news: { ...valid, rateCardModel: usCard, accountCurrency: 'eur' } });
    expect(failures).toEqual([expect.objectContaining({ field: 'rateCard', summary: 'the rate card "retail" is in USD, the account in EUR' })]);
  });

  it('counts the items against Stripe’s 20: numbers by kind, the card’s rate classes and its connect fee, naming the ways out', async () => {
    const rates = (n: number) => Array.from({ length: n }, (_, i) => ({ direction: 'outbound', prefix: String(30 + i), perMinute: '1' }));
    const card = (n: number) => ({ ...usCard, minutes: { connectFee: '0.5', rates: rates(n) } });
    // 2 kinds of number + 18 rate classes + the connect fee = 21
    const { failures } = await handler.check({ news: { ...valid, rateCardModel: card(18) } });
    expect(failures).toEqual([
      expect.objectContaining({
        field: 'rateCard',
        summary: 'the subscription needs 21 items (2 for numbers (one per country and type), 18 for the card’s rate classes, 1 for the connect fee); Stripe allows at most 20',
        detail: expect.stringMatching(/fewer rate classes.*`meteredMinutes: false`.*split the numbers over two subscriptions/),
      }),
    ]);
    // 20 exactly is allowed; without metered minutes the card’s classes add no item.
    expect((await handler.check({ news: { ...valid, rateCardModel: card(17) } })).inputs).toBeDefined();
    expect((await handler.check({ news: { ...valid, meteredMinutes: false, rateCardModel: card(40) } })).inputs).toBeDefined();
  });

  it('refuses a country that is not the number’s', async () => {
    const { failures } = await handler.check({ news: { ...valid, numbers: [{ ...sf, country: 'CA' }] } });
    expect(failures).toEqual([expect.objectContaining({ field: 'numbers[0].country', summary: '+14155550100 is a US number, not CA' })]);
  });

  it('reads country and type from the digits of a number given by its E.164 alone', async () => {
    const { inputs } = await handler.check({ news: { ...valid, numbers: [{ e164: '+1 888 555 0123' }, { e164: '+4915123456789' }] } });
    expect(inputs?.numbers).toEqual([tollFree, berlinMobile]);
  });

  it('takes a re-ordered list for the same numbers: nothing to change', async () => {
    const { inputs } = await handler.check({ news: valid });
    const state = { ...inputs!, ...recordedOutputs(inputs!) };
    const reordered = (await handler.check({ news: { ...valid, numbers: [tollFree, sf2, sf] } })).inputs!;
    expect(await handler.diff({ id: 'sub_contract', olds: state, news: reordered })).toMatchObject({ changes: false });
  });

  it('plans an update when a quantity was changed in the dashboard, to set it back', async () => {
    const { inputs } = await handler.check({ news: valid });
    const recorded = recordedOutputs(inputs!);
    const key = 'didops.retail.number.US.local.monthly';
    const drifted = { ...inputs!, ...recorded, items: { ...recorded.items, [key]: { ...recorded.items[key], quantity: 5 } } };
    const diff = await handler.diff({ id: 'sub_contract', olds: drifted, news: inputs! });
    expect(diff).toMatchObject({ changes: true, replaces: [], updates: ['numbers'] });
    expect(diff.explanation.join('\n')).toContain(`${key} has quantity 5, not 2`);
  });
});

describe('the items of a subscription', () => {
  const card: ResolvedCard = {
    key: 'retail',
    currency: 'USD',
    priced: new Set(['US.local', 'US.tollFree']),
    monthly: new Map([
      ['US.local', { lookupKey: 'didops.retail.number.US.local.monthly', priceId: 'price_local_v2' }],
      ['US.tollFree', { lookupKey: 'didops.retail.number.US.tollFree.monthly', priceId: 'price_tf' }],
    ]),
    setup: new Map(),
    metered: [
      { lookupKey: 'didops.retail.minutes.outbound-1', priceId: 'price_out1' },
      { lookupKey: 'didops.retail.connect', priceId: 'price_connect' },
    ],
  };
  const numbers = [sf, tollFree, sf2] as BillingSubscriptionInputs['numbers'];

  it('bills one item per country and type, its quantity the count of such numbers, then the metered items', () => {
    expect(desiredLines(numbers, card, true)).toEqual([
      { lookupKey: 'didops.retail.number.US.local.monthly', priceId: 'price_local_v2', quantity: 2 },
      { lookupKey: 'didops.retail.number.US.tollFree.monthly', priceId: 'price_tf', quantity: 1 },
      { lookupKey: 'didops.retail.connect', priceId: 'price_connect' },
      { lookupKey: 'didops.retail.minutes.outbound-1', priceId: 'price_out1' },
    ]);
    expect(desiredLines(numbers, card, false)).toHaveLength(2);
  });

  it('moves an item on an old price to the lookup key’s current one with its quantity, adds what is missing and removes what is not listed', () => {
    const live: SubscriptionItem[] = [
      { id: 'si_local', lookupKey: 'didops.retail.number.US.local.monthly', priceId: 'price_local_v1', quantity: 1, currentPeriodStart: null, currentPeriodEnd: null },
      { id: 'si_gb', lookupKey: 'didops.retail.number.GB.local.monthly', priceId: 'price_gb', quantity: 3, currentPeriodStart: null, currentPeriodEnd: null },
      { id: 'si_out1', lookupKey: 'didops.retail.minutes.outbound-1', priceId: 'price_out1', currentPeriodStart: null, currentPeriodEnd: null },
    ];
    expect(itemChanges(live, desiredLines(numbers, card, true))).toEqual([
      { kind: 'remove', itemId: 'si_gb' },
      { kind: 'update', itemId: 'si_local', lookupKey: 'didops.retail.number.US.local.monthly', priceId: 'price_local_v2', quantity: 2 },
      { kind: 'add', line: { lookupKey: 'didops.retail.number.US.tollFree.monthly', priceId: 'price_tf', quantity: 1 } },
      { kind: 'add', line: { lookupKey: 'didops.retail.connect', priceId: 'price_connect' } },
    ]);
  });

  it('changes nothing when the items are as planned', () => {
    const lines = desiredLines(numbers, card, true);
    const live = lines.map((line, i) => ({ ...line, id: `si_${i}`, currentPeriodStart: null, currentPeriodEnd: null }));
    expect(itemChanges(live, lines)).toEqual([]);
  });

  it('finds the numbers added, whatever the order', () => {
    expect(addedNumbers([sf, tollFree] as typeof numbers, [tollFree, sf2, sf] as typeof numbers)).toEqual([sf2]);
  });
});
