/**
 * The lifecycle contract (test/support/lifecycle-contract.ts) kept by the billing handlers, built on a billing
 * provider that fails any call: RateCard and BillingAccount check, diff and plan without asking Stripe.
 */
import { createBillingAccountHandler } from '../../src/resources/billing-account';
import { createRateCardHandler, planCatalogue, plannedTerms, type RateCardResourceInputs } from '../../src/resources/rate-card';
import { describeLifecycleContract } from '../support/lifecycle-contract';
import { refusingBilling } from '../support/refusing-billing';

const billing = refusingBilling();

const card = {
  currency: 'USD',
  numbers: [{ country: 'US', type: 'local', setupFee: 100, monthlyPrice: 115 }],
  minutes: { increment: '6/6', connectFee: '0.5', rates: [{ direction: 'outbound', prefix: '44', perMinute: '0.85' }] },
};

/** The outputs a RateCard records after creating `inputs` under the key `contract`: an id for everything it planned. */
function rateCardOutputs(inputs: RateCardResourceInputs) {
  const plan = planCatalogue({ cardKey: 'contract', owner: 'didops:index:RateCard::contract', card: inputs.card });
  const terms = plannedTerms(plan);
  return {
    cardKey: 'contract',
    owner: plan.owner,
    currency: plan.currency,
    products: Object.fromEntries(plan.lines.map((line, i) => [line.lineKey, `prod_${i}`])),
    prices: Object.fromEntries(Object.keys(terms).map((lookupKey, i) => [lookupKey, `price_${i}`])),
    meters: Object.fromEntries(plan.lines.flatMap((line, i) => (line.meter ? [[line.meter.eventName, `mtr_${i}`]] : []))),
    priceTerms: terms,
  };
}

describeLifecycleContract({
  name: 'RateCard',
  handler: createRateCardHandler({ billing }),
  valid: { card },
  recordedOutputs: rateCardOutputs,
  invalid: { news: { card: { ...card, minutes: { ...card.minutes, rates: [{ direction: 'outbound', prefix: '+44x', perMinute: '0.85' }] } } }, field: 'card.minutes.rates[0].prefix' },
  refusals: [{ news: { key: 'Retail Card', card }, field: 'key' }],
  replacing: ['key', 'card'],
  deleteBeforeReplace: false,
  inPlaceField: 'name',
  replacements: [
    { news: { key: 'retail-2027', card }, field: 'key' },
    { news: { card: { ...card, currency: 'EUR' } }, field: 'card' },
  ],
});

const newYork = { line1: '350 5th Ave', city: 'New York', state: 'NY', postalCode: '10118', country: 'US' };

describeLifecycleContract({
  name: 'BillingAccount',
  handler: createBillingAccountHandler({ billing }),
  valid: { name: 'Acme Corp', email: 'billing@acme.example', address: newYork, taxIds: [{ type: 'us_ein', value: '12-3456789' }], currency: 'usd' },
  recordedOutputs: () => ({ customerId: 'cus_contract', owner: 'didops:index:BillingAccount::acme', taxRateIds: ['txr_ny'], reverseCharge: false, balance: 0, creditGranted: 0, paymentMethodId: null }),
  invalid: { news: { name: 'Beispiel GmbH', address: { line1: 'Unter den Linden 1', country: 'DE' }, currency: 'EUR', taxIds: [{ type: 'eu_vat', value: 'DE12' }] }, field: 'taxIds[0].value' },
  // A US customer's sales tax depends on its state.
  refusals: [{ news: { name: 'Acme Corp', address: { line1: '350 5th Ave', country: 'US' }, currency: 'USD' }, field: 'address.state' }],
  replacing: ['currency', 'testClock'],
  deleteBeforeReplace: false,
  inPlaceField: 'prepaidCredit',
  replacements: [
    { news: { name: 'Acme Corp', email: 'billing@acme.example', address: newYork, taxIds: [{ type: 'us_ein', value: '12-3456789' }], currency: 'EUR' }, field: 'currency' },
    { news: { name: 'Acme Corp', email: 'billing@acme.example', address: newYork, taxIds: [{ type: 'us_ein', value: '12-3456789' }], currency: 'USD', testClock: 'clock_1Q2w3E' }, field: 'testClock' },
  ],
});
