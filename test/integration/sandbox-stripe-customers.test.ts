/**
 * Customers through the official SDK: an account with an address, tax ids checked per country, a default card, a
 * credit balance kept by balance transactions, search by email and metadata, and the refusals Stripe gives.
 */
import { useTestSandbox } from '../support/sandbox';
import { sandboxStripe, stripeFailure, stripeRaw } from '../support/stripe';
import { conformanceAfterAll } from '../support/stripe-conformance';

describe('Stripe customers in the sandbox', () => {
  const t = useTestSandbox();
  const served = conformanceAfterAll();

  it('creates a billing account with address, tax id, card and locale, and reads it back', async () => {
    const stripe = sandboxStripe(t.sandbox);
    const customer = await stripe.customers.create({
      name: 'Acme GmbH', email: 'billing@acme.example', phone: '+4930123456', preferred_locales: ['de', 'en'],
      address: { line1: 'Unter den Linden 1', city: 'Berlin', postal_code: '10117', country: 'de' },
      tax_id_data: [{ type: 'eu_vat', value: 'DE 123 456 789' }], payment_method: 'pm_card_visa',
      invoice_settings: { footer: 'Thank you' }, metadata: { account: 'acme', tier: 'gold' },
    });
    served.push(customer);
    expect(customer).toMatchObject({
      object: 'customer', name: 'Acme GmbH', email: 'billing@acme.example', balance: 0, currency: null, test_clock: null,
      address: { line1: 'Unter den Linden 1', line2: null, city: 'Berlin', postal_code: '10117', country: 'DE', state: null },
      preferred_locales: ['de', 'en'], metadata: { account: 'acme', tier: 'gold' }, invoice_settings: { footer: 'Thank you', default_payment_method: null },
    });
    expect(customer.id).toMatch(/^cus_[A-Za-z0-9]{24}$/);
    const taxIds = await stripe.customers.listTaxIds(customer.id);
    served.push(taxIds);
    expect(taxIds.data).toEqual([expect.objectContaining({ object: 'tax_id', type: 'eu_vat', value: 'DE123456789', country: 'DE', customer: customer.id })]);
    const cards = await stripe.customers.listPaymentMethods(customer.id, { type: 'card' });
    served.push(cards);
    expect(cards.data).toHaveLength(1);
    expect(cards.data[0]).toMatchObject({ type: 'card', customer: customer.id, card: { brand: 'visa', last4: '4242' } });
    const withDefault = await stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: cards.data[0].id }, metadata: { tier: '' } });
    served.push(withDefault);
    expect(withDefault.invoice_settings.default_payment_method).toBe(cards.data[0].id);
    expect(withDefault.metadata).toEqual({ account: 'acme' });
    const expanded = await stripe.customers.retrieve(customer.id, { expand: ['invoice_settings.default_payment_method'] });
    expect(expanded).toMatchObject({ invoice_settings: { default_payment_method: { id: cards.data[0].id, object: 'payment_method' } } });
  });

  it('checks tax ids against each country\'s format and answers tax_id_invalid on value', async () => {
    const stripe = sandboxStripe(t.sandbox);
    const customer = await stripe.customers.create({ name: 'Tax checks' });
    const good: [string, string][] = [['gb_vat', 'GB123456789'], ['us_ein', '12-3456789'], ['ca_bn', '123456789'], ['au_abn', '12345678912'], ['eu_vat', 'FRAB123456789']];
    for (const [type, value] of good) {
      const taxId = await stripe.customers.createTaxId(customer.id, { type: type as 'eu_vat', value });
      served.push(taxId);
      expect(taxId).toMatchObject({ type, value });
    }
    const bad: [string, string][] = [['eu_vat', 'DE12345'], ['eu_vat', 'XX123456789'], ['gb_vat', 'GB12'], ['us_ein', '123456789'], ['au_abn', '1234']];
    for (const [type, value] of bad) {
      const err = await stripeFailure(stripe.customers.createTaxId(customer.id, { type: type as 'eu_vat', value }));
      expect([err.statusCode, err.raw.code, err.raw.param, err.raw.message]).toEqual([400, 'tax_id_invalid', 'value', `Invalid value for ${type}.`]);
    }
    const atCreate = await stripeFailure(stripe.customers.create({ name: 'x', tax_id_data: [{ type: 'eu_vat', value: 'DE1' }] }));
    expect(atCreate.raw).toMatchObject({ code: 'tax_id_invalid', param: 'tax_id_data[0][value]' });
    const unknownType = await stripeFailure(stripe.customers.createTaxId(customer.id, { type: 'zz_vat' as 'eu_vat', value: '1' }));
    expect(unknownType.raw.param).toBe('type');
    const list = await stripe.customers.listTaxIds(customer.id, { limit: 100 });
    expect(list.data).toHaveLength(good.length);
    const deleted = await stripe.customers.deleteTaxId(customer.id, list.data[0].id);
    served.push(deleted);
    expect(deleted).toEqual({ id: list.data[0].id, object: 'tax_id', deleted: true });
  });

  it('keeps a credit balance: credits and debits move customer.balance, each with its ending balance', async () => {
    const stripe = sandboxStripe(t.sandbox);
    const customer = await stripe.customers.create({ name: 'Prepaid' });
    const credit = await stripe.customers.createBalanceTransaction(customer.id, { amount: -5000, currency: 'usd', description: 'Prepayment' });
    const debit = await stripe.customers.createBalanceTransaction(customer.id, { amount: 1250, currency: 'usd' });
    served.push(credit, debit);
    expect(credit).toMatchObject({ object: 'customer_balance_transaction', amount: -5000, ending_balance: -5000, type: 'adjustment', customer: customer.id, currency: 'usd' });
    expect(debit.ending_balance).toBe(-3750);
    expect(await stripe.customers.retrieve(customer.id)).toMatchObject({ balance: -3750, currency: 'usd' });
    const other = await stripeFailure(stripe.customers.createBalanceTransaction(customer.id, { amount: 100, currency: 'eur' }));
    expect(other.raw.param).toBe('currency');
    const updated = await stripe.customers.updateBalanceTransaction(customer.id, credit.id, { description: 'Prepaid credit', metadata: { po: '17' } });
    expect(updated).toMatchObject({ description: 'Prepaid credit', metadata: { po: '17' }, amount: -5000 });
    const list = await stripe.customers.listBalanceTransactions(customer.id);
    served.push(list);
    expect(list.data.map((x) => x.id)).toEqual([debit.id, credit.id]);
    expect(await stripe.customers.retrieveBalanceTransaction(customer.id, debit.id)).toMatchObject({ amount: 1250 });
  });

  it('refuses a default payment method that is not attached to the customer', async () => {
    const stripe = sandboxStripe(t.sandbox);
    const customer = await stripe.customers.create({ name: 'Strict' });
    const loose = await stripe.paymentMethods.create({ type: 'card', card: { token: 'tok_mastercard' } });
    const err = await stripeFailure(stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: loose.id } }));
    expect(err.raw).toMatchObject({ param: 'invoice_settings[default_payment_method]', message: expect.stringContaining('must be attached to the customer') });
    const declined = await stripeFailure(stripe.customers.create({ name: 'Declined', payment_method: 'pm_card_chargeDeclined' }));
    expect([declined.statusCode, declined.raw.code, declined.raw.decline_code]).toEqual([402, 'card_declined', 'generic_decline']);
  });

  it('searches by email, name and metadata, paging with next_page', async () => {
    const stripe = sandboxStripe(t.sandbox);
    for (let i = 0; i < 3; i++) await stripe.customers.create({ email: `search${i}@example.com`, name: `Searchable ${i}`, metadata: { cohort: 'spring' } });
    const byEmail = await stripe.customers.search({ query: "email:'search1@example.com'" });
    served.push(byEmail);
    expect(byEmail.data.map((c) => c.name)).toEqual(['Searchable 1']);
    const page1 = await stripe.customers.search({ query: "metadata['cohort']:'spring' AND name~'Searchable'", limit: 2 });
    expect(page1.data.map((c) => c.name)).toEqual(['Searchable 2', 'Searchable 1']);
    expect(page1.has_more).toBe(true);
    const page2 = await stripe.customers.search({ query: "metadata['cohort']:'spring' AND name~'Searchable'", limit: 2, page: page1.next_page! });
    expect(page2.data.map((c) => c.name)).toEqual(['Searchable 0']);
    expect(page2).toMatchObject({ object: 'search_result', has_more: false, next_page: null, url: '/v1/customers/search' });
    const negated = await stripe.customers.search({ query: "metadata['cohort']:'spring' AND -email:'search0@example.com'" });
    expect(negated.data).toHaveLength(2);
    const bad = await stripeFailure(stripe.customers.search({ query: "email:'a' AND name:'b' OR phone:'c'" }));
    expect(bad.raw).toMatchObject({ param: 'query', message: expect.stringContaining('both AND and OR') });
    const badField = await stripeFailure(stripe.customers.search({ query: "colour:'red'" }));
    expect(badField.raw.param).toBe('query');
  });

  it('lists by email, pages with expand on data, and deletes', async () => {
    const stripe = sandboxStripe(t.sandbox);
    const customer = await stripe.customers.create({ email: 'unique-list@example.com', payment_method: 'pm_card_amex', invoice_settings: { default_payment_method: 'pm_card_amex' } });
    const defaultPm = customer.invoice_settings.default_payment_method as string;
    expect(defaultPm).toMatch(/^pm_[A-Za-z0-9]{24}$/);
    const listed = await stripe.customers.list({ email: 'unique-list@example.com', expand: ['data.invoice_settings.default_payment_method'] });
    served.push(listed);
    expect(listed.data).toHaveLength(1);
    expect(listed.data[0].invoice_settings.default_payment_method).toMatchObject({ id: defaultPm, card: { brand: 'amex', last4: '0005' } });
    const wrongExpand = await stripeFailure(stripe.customers.list({ expand: ['email'] }));
    expect(wrongExpand.raw).toMatchObject({ param: 'expand', message: expect.stringContaining("try expanding 'data.email'") });
    const deleted = await stripe.customers.del(customer.id);
    served.push(deleted);
    expect(deleted).toEqual({ id: customer.id, object: 'customer', deleted: true });
    const gone = await stripeFailure(stripe.customers.retrieve(customer.id));
    expect([gone.statusCode, gone.raw.code, gone.raw.message]).toEqual([404, 'resource_missing', `No such customer: '${customer.id}'`]);
  });

  it('decodes nested form parameters the way the SDK sends them, and refuses malformed ones', async () => {
    const res = await stripeRaw(t.sandbox, 'POST', '/v1/customers', 'name=Raw&metadata[a]=1&metadata[b]=2&preferred_locales[]=fr&preferred_locales[]=en&address[country]=FR&expand[]=test_clock');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ name: 'Raw', metadata: { a: '1', b: '2' }, preferred_locales: ['fr', 'en'], address: { country: 'FR' }, test_clock: null });
    const mixed = await stripeRaw(t.sandbox, 'POST', '/v1/customers', 'metadata=x&metadata[a]=1');
    expect(mixed.status).toBe(400);
    expect(mixed.body.error).toMatchObject({ type: 'invalid_request_error', param: 'metadata' });
    // An empty value unsets what can be unset (name), and is refused where nothing can be (invoice_prefix).
    const cleared = await stripeRaw(t.sandbox, 'POST', '/v1/customers', 'name=');
    expect(cleared.body).toMatchObject({ object: 'customer', name: null });
    const unset = await stripeRaw(t.sandbox, 'POST', '/v1/customers', 'invoice_prefix=');
    expect(unset.body.error).toMatchObject({ param: 'invoice_prefix', code: 'parameter_invalid_empty' });
    const nested = await stripeRaw(t.sandbox, 'POST', '/v1/customers', 'address[planet]=Mars');
    expect(nested.body.error).toMatchObject({ param: 'address[planet]', message: 'Received unknown parameter: address[planet]' });
  });
});
