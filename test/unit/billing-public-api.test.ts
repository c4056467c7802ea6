/**
 * A program that bills with didops imports the billing rules and the port from the package entry, as the walkthrough
 * (examples/billing/month-of-billing.ts) does: it loads and checks a rate card, rates a call and a period, works out
 * an account's tax and checks a tax id, and builds the Stripe port, all from `didops` alone.
 */
import * as didops from '../../src';
import type { Billing, BillingCustomer, BillingSubscription, BillingPayment, RateCard, RateCardNumberPrice, NumberPrice, TaxRateSpec } from '../../src';

const CARD = `currency: USD
numbers:
  - { country: US, type: local, setupFee: 100, monthlyPrice: 115 }
minutes:
  increment: 60/60
  rates:
    - { direction: outbound, prefix: "1", perMinute: "1.3" }
`;

describe('the billing API from the package entry', () => {
  it('loads, checks and rates with a rate card', () => {
    const { card } = didops.loadRateCard(CARD);
    expect(card).toBeDefined();
    expect(didops.checkRateCard(card!).card).toBeDefined();
    const rated = didops.rateCall(card!, { direction: 'outbound', otherParty: '+12125550147', durationSeconds: 61 });
    expect(rated).toMatchObject({ kind: 'rated', billableSeconds: 120 });
    expect(didops.ratePeriod(card!, [{ direction: 'outbound', otherParty: '+12125550147', durationSeconds: 61 }]).total).toMatchObject({ amountMinor: 3, currency: 'USD' });
    // In bulk: the compiled card answers into typed arrays, and prices each call exactly (120 s × 0.021666666667 ¢).
    const rater = didops.compileRater(card!);
    const batch = rater.rateBatch([{ direction: 'outbound', otherParty: '+12125550147', durationSeconds: 61 }]);
    expect([batch.rateIndex[0], batch.billableSeconds[0]]).toEqual([0, 120]);
    expect(didops.scaledAmountText(rater.callAmount(0, 120))).toBe('2.60000000004');
  });

  it('works out tax: the rates of a jurisdiction and the format of a tax id', () => {
    expect(didops.taxRatesFor({ country: 'US', region: 'NY', taxIds: [] }).rates.length).toBeGreaterThan(0);
    expect(didops.checkTaxId({ type: 'eu_vat', value: 'DE12' }, 'DE', { field: 'taxIds[0]' })).toMatchObject({ field: 'taxIds[0].value' });
  });

  it('builds the Stripe billing port', () => {
    const billing: Billing = didops.stripeBilling(didops.createStripeClient({ secretKey: 'sk_test_entry', baseUrl: 'http://127.0.0.1:9' }));
    expect(Object.keys(billing).sort()).toEqual(['catalogue', 'customers', 'invoices', 'name', 'payments', 'subscriptions', 'usage']);
    expect(didops.usageIdentifier('reconciler', { call: 'CA1', rateClass: 'out-44' })).toBe(didops.usageIdentifier('reconciler', { rateClass: 'out-44', call: 'CA1' }));
  });

  it('keeps the names it had and names the billing rules’ own where they would clash', () => {
    // Compile-time: each name is the type it says (a search price has `monthly`, a card's number price `monthlyPrice`).
    const searchPrice: Pick<NumberPrice, 'monthly'> = { monthly: didops.money(115, 'USD') };
    const cardPrice: Pick<RateCardNumberPrice, 'monthlyPrice'> = { monthlyPrice: 115 };
    const portRate: Pick<TaxRateSpec, 'displayName'> = { displayName: 'VAT' };
    const used: [BillingCustomer?, BillingSubscription?, BillingPayment?, RateCard?] = [];
    expect([searchPrice.monthly.amountMinor, cardPrice.monthlyPrice, portRate.displayName, used.length]).toEqual([115, 115, 'VAT', 0]);
  });
});
