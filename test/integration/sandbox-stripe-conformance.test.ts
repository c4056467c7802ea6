/**
 * Every kind of object the Stripe sandbox serves (non-billing: customers to refunds, events, webhook endpoints, test
 * clocks, and the answers to deletions) has at least the fields and kinds of stripe-mock's example object of its type
 * (test/fixtures/stripe, MIT, see its README), checked on the answers of one pass through every route.
 */
import { useTestSandbox } from '../support/sandbox';
import { sandboxStripe } from '../support/stripe';
import { stripeConformanceErrors } from '../support/stripe-conformance';

/** The types this part of the sandbox serves; billing's (meters, subscriptions, invoices) are checked by billing's tests. */
const SERVED_TYPES = [
  'customer', 'deleted_customer', 'tax_id', 'deleted_tax_id', 'customer_balance_transaction', 'product', 'deleted_product', 'price',
  'tax_rate', 'payment_method', 'payment_intent', 'charge', 'refund', 'setup_intent', 'event', 'webhook_endpoint',
  'deleted_webhook_endpoint', 'test_helpers.test_clock', 'deleted_test_helpers.test_clock',
];

describe('Stripe sandbox conformance to stripe-mock\'s objects', () => {
  const t = useTestSandbox();

  it('reports a missing field and a field of the wrong kind (the checker can fail)', () => {
    expect(stripeConformanceErrors({ id: 'txr_1', object: 'tax_rate', percentage: '19' })).toEqual(expect.arrayContaining([
      'tax_rate txr_1: percentage: string, but the fixture has number',
      'tax_rate txr_1: display_name: missing (the fixture has it)',
    ]));
    expect(stripeConformanceErrors({ id: 'x', object: 'no_such_type' })).toEqual(['no_such_type: no fixture object of this type']);
  });

  it('answers every route with objects that have the fixture\'s fields and kinds', async () => {
    const stripe = sandboxStripe(t.sandbox);
    const answers: unknown[] = [];
    const keep = <T>(answer: T): T => (answers.push(answer), answer);

    const clock = keep(await stripe.testHelpers.testClocks.create({ frozen_time: 1_767_225_600 }));
    const customer = keep(await stripe.customers.create({ name: 'Conformance', email: 'c@example.com', test_clock: clock.id, tax_id_data: [{ type: 'eu_vat', value: 'DE123456789' }], payment_method: 'pm_card_visa' }));
    keep(await stripe.customers.update(customer.id, { phone: '+4930123' }));
    keep(await stripe.customers.list());
    keep(await stripe.customers.search({ query: "email:'c@example.com'" }));
    const taxIds = keep(await stripe.customers.listTaxIds(customer.id));
    keep(await stripe.customers.retrieveTaxId(customer.id, taxIds.data[0].id));
    keep(await stripe.customers.deleteTaxId(customer.id, taxIds.data[0].id));
    const txn = keep(await stripe.customers.createBalanceTransaction(customer.id, { amount: -300, currency: 'usd' }));
    keep(await stripe.customers.retrieveBalanceTransaction(customer.id, txn.id));
    keep(await stripe.customers.listBalanceTransactions(customer.id));
    const pms = keep(await stripe.customers.listPaymentMethods(customer.id));
    keep(await stripe.paymentMethods.retrieve(pms.data[0].id));
    keep(await stripe.paymentMethods.update(pms.data[0].id, { metadata: { k: 'v' } }));
    keep(await stripe.paymentMethods.list({ customer: customer.id }));
    const product = keep(await stripe.products.create({ name: 'P' }));
    keep(await stripe.products.update(product.id, { description: 'd' }));
    keep(await stripe.products.retrieve(product.id));
    keep(await stripe.products.list());
    keep(await stripe.products.search({ query: "name:'P'" }));
    const price = keep(await stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 100, recurring: { interval: 'month' } }));
    keep(await stripe.prices.update(price.id, { nickname: 'n' }));
    keep(await stripe.prices.retrieve(price.id));
    keep(await stripe.prices.list());
    keep(await stripe.prices.search({ query: "currency:'usd'" }));
    const spare = keep(await stripe.products.create({ name: 'Spare' }));
    keep(await stripe.products.del(spare.id));
    const rate = keep(await stripe.taxRates.create({ display_name: 'VAT', percentage: 19, inclusive: false }));
    keep(await stripe.taxRates.update(rate.id, { description: 'x' }));
    keep(await stripe.taxRates.retrieve(rate.id));
    keep(await stripe.taxRates.list());
    const intent = keep(await stripe.paymentIntents.create({ amount: 1000, currency: 'usd', customer: customer.id, payment_method: pms.data[0].id, confirm: true }));
    keep(await stripe.paymentIntents.retrieve(intent.id));
    keep(await stripe.paymentIntents.list());
    keep(await stripe.paymentIntents.search({ query: "status:'succeeded'" }));
    const open = keep(await stripe.paymentIntents.create({ amount: 1000, currency: 'usd' }));
    keep(await stripe.paymentIntents.update(open.id, { description: 'later' }));
    keep(await stripe.paymentIntents.cancel(open.id));
    keep(await stripe.charges.retrieve(intent.latest_charge as string));
    keep(await stripe.charges.list());
    const refund = keep(await stripe.refunds.create({ payment_intent: intent.id, amount: 100 }));
    keep(await stripe.refunds.update(refund.id, { metadata: { k: 'v' } }));
    keep(await stripe.refunds.retrieve(refund.id));
    keep(await stripe.refunds.list());
    const setup = keep(await stripe.setupIntents.create({ customer: customer.id }));
    keep(await stripe.setupIntents.update(setup.id, { metadata: { k: 'v' } }));
    keep(await stripe.setupIntents.confirm(setup.id, { payment_method: 'pm_card_mastercard' }));
    keep(await stripe.setupIntents.list());
    const endpoint = keep(await stripe.webhookEndpoints.create({ url: 'http://127.0.0.1:9/x', enabled_events: ['*'] }));
    keep(await stripe.webhookEndpoints.update(endpoint.id, { disabled: true }));
    keep(await stripe.webhookEndpoints.retrieve(endpoint.id));
    keep(await stripe.webhookEndpoints.list());
    keep(await stripe.webhookEndpoints.del(endpoint.id));
    const events = keep(await stripe.events.list({ limit: 100 }));
    keep(await stripe.events.retrieve(events.data[0].id));
    keep(await stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: 1_767_312_000 }));
    await t.sandbox.context.stripe.clocks.settled();
    keep(await stripe.testHelpers.testClocks.retrieve(clock.id));
    keep(await stripe.testHelpers.testClocks.list());
    const other = keep(await stripe.customers.create({}));
    keep(await stripe.customers.del(other.id));
    keep(await stripe.testHelpers.testClocks.del(clock.id));

    const errors: string[] = [];
    const exercised = new Set<string>();
    const check = (object: { object: string; deleted?: boolean }) => {
      exercised.add(object.deleted ? `deleted_${object.object}` : object.object);
      // An event's object is checked on its own (the fixture's event is about a plan).
      errors.push(...stripeConformanceErrors(object, object.object === 'event' ? { except: ['data.object'] } : {}));
      if (object.object === 'event') check((object as unknown as { data: { object: { object: string } } }).data.object);
    };
    for (const answer of answers as { object: string; data?: { object: string }[] }[]) {
      if (answer.object === 'list' || answer.object === 'search_result') answer.data!.forEach(check);
      else check(answer);
    }
    expect([...new Set(errors)]).toEqual([]);
    expect(SERVED_TYPES.filter((type) => !exercised.has(type))).toEqual([]);
  });
});
