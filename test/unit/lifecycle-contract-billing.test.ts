/**
 * The lifecycle contract (test/support/lifecycle-contract.ts) kept by the billing handlers, built on a billing
 * provider that fails any call: RateCard and BillingAccount check, diff and plan without asking Stripe.
 */
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
