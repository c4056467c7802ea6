/**
 * The BillingAccount resource through its handler, against the sandbox's Stripe API with the official SDK: one
 * customer per account however often it is applied, the tax rates of its jurisdiction made once and shared, EU
 * reverse charge, prepaid credit granted exactly once, the default payment method, and a delete that refuses while
 * invoices are unsettled.
 */
import type { Billing } from '../../src/billing/billing';
import type { StripeClient } from '../../src/billing/stripe/client';
import { ConflictError, ValidationError } from '../../src/core/errors';
import type { ResourceIdentity } from '../../src/core/lifecycle';
import { createBillingAccountHandler, type BillingAccountInputs } from '../../src/resources/billing-account';
import { useTestSandbox } from '../support/sandbox';
import type Stripe from 'stripe';
import { all, requestsDuring, sandboxBilling, testClockAt } from '../support/billing-fixtures';
import { at } from '../support/stripe-clock';

const ctx = useTestSandbox();
let stripe: StripeClient;
let billing: Billing;
beforeAll(() => {
  ({ stripe, billing } = sandboxBilling(ctx.sandbox));
});

const identity = (name: string): ResourceIdentity => ({ type: 'didops:index:BillingAccount', name, urn: `urn:pulumi:test::billing::didops:index:BillingAccount::${name}` });
const newYork = { line1: '350 5th Ave', city: 'New York', state: 'NY', postalCode: '10118', country: 'US' };
const berlin = { line1: 'Unter den Linden 1', city: 'Berlin', postalCode: '10117', country: 'DE' };

/** The handler's check, which must pass. */
async function checked(news: Record<string, unknown>, olds?: Record<string, unknown>): Promise<BillingAccountInputs> {
  const result = await createBillingAccountHandler({ billing }).check({ news, ...(olds ? { olds } : {}) });
  if (!result.inputs) throw new Error(`check failed: ${JSON.stringify(result.failures)}`);
  return result.inputs;
}



describe('a billing account on Stripe', () => {
  it('is one customer with its address, invoice e-mail and tax ids, and the tax rates of New York, however often it is applied', async () => {
    const handler = createBillingAccountHandler({ billing });
    const inputs = await checked({ name: 'Acme Corp', email: 'billing@acme.example', address: newYork, taxIds: [{ type: 'us_ein', value: '12-3456789' }], currency: 'usd' });
    const first = await handler.create({ inputs, preview: false, identity: identity('acme') });
    const ratesBefore = await all(stripe.taxRates.list({ limit: 100 }));
    const second = await handler.create({ inputs, preview: false, identity: identity('acme') });

    expect(second.id).toBe(first.id);
    expect(second.outputs.taxRateIds).toEqual(first.outputs.taxRateIds);
    expect(await all(stripe.taxRates.list({ limit: 100 }))).toHaveLength(ratesBefore.length);
    const customer = await stripe.customers.retrieve(first.id);
    expect(customer).toMatchObject({ name: 'Acme Corp', email: 'billing@acme.example', address: { line1: '350 5th Ave', state: 'NY', country: 'US' }, metadata: { didops_owner: identity('acme').urn, didops_currency: 'USD' } });
    // What BillingSubscription reads of the account (src/billing/account-terms.ts).
    expect((customer as { metadata: Record<string, string> }).metadata.didops_tax_rates).toBe(first.outputs.taxRateIds.join(','));
    expect((await all(stripe.customers.listTaxIds(first.id))).map((t) => [t.type, t.value])).toEqual([['us_ein', '12-3456789']]);

    expect(first.outputs.taxRateIds.length).toBeGreaterThan(0);
    for (const id of first.outputs.taxRateIds) {
      const rate = await stripe.taxRates.retrieve(id);
      expect(rate).toMatchObject({ country: 'US', active: true });
      expect(rate.metadata?.didops_tax_key).toEqual(expect.stringContaining('US'));
    }
    expect(first.outputs.reverseCharge).toBe(false);
  });

  it('shares one tax rate among every account in a jurisdiction', async () => {
    const handler = createBillingAccountHandler({ billing });
    const a = await handler.create({ inputs: await checked({ name: 'Shop A', address: newYork, currency: 'USD' }), preview: false, identity: identity('shop-a') });
    const b = await handler.create({ inputs: await checked({ name: 'Shop B', address: { ...newYork, line1: '1 Wall St' }, currency: 'USD' }), preview: false, identity: identity('shop-b') });
    expect(b.outputs.taxRateIds).toEqual(a.outputs.taxRateIds);
  });

  it('gives a Québec customer the federal GST and Québec’s QST, each one tax rate', async () => {
    const handler = createBillingAccountHandler({ billing });
    const montreal = { line1: '1 Rue Sainte-Catherine', city: 'Montréal', state: 'Quebec', postalCode: 'H2X 1Z4', country: 'CA' };
    const created = await handler.create({ inputs: await checked({ name: 'Québec Inc', address: montreal, currency: 'CAD' }), preview: false, identity: identity('quebec') });
    const rates = await Promise.all(created.outputs.taxRateIds.map((id) => stripe.taxRates.retrieve(id)));
    expect(rates.map((r) => [r.tax_type, r.percentage, r.state ?? null]).sort()).toEqual([['gst', 5, null], ['qst', 9.975, 'QC']]);
  });

  it('reverse charges a German business with a valid VAT id when the seller is in France', async () => {
    const handler = createBillingAccountHandler({ billing });
    const inputs = await checked({ name: 'Beispiel GmbH', address: berlin, taxIds: [{ type: 'eu_vat', value: 'DE136695976' }], currency: 'EUR', businessCountry: 'FR' });
    const created = await handler.create({ inputs, preview: false, identity: identity('beispiel') });
    expect(created.outputs).toMatchObject({ reverseCharge: true, taxRateIds: [] });
    expect((await stripe.customers.retrieve(created.id)) as { tax_exempt?: string }).toMatchObject({ tax_exempt: 'reverse' });
  });

  it('grants prepaid credit once, grants only the difference when it is raised, and refuses to lower it', async () => {
    const handler = createBillingAccountHandler({ billing });
    const inputs = await checked({ name: 'Prepaid Ltd', address: newYork, currency: 'USD', prepaidCredit: 5000 });
    const created = await handler.create({ inputs, preview: false, identity: identity('prepaid') });
    await handler.create({ inputs, preview: false, identity: identity('prepaid') });
    expect(created.outputs).toMatchObject({ creditGranted: 5000, balance: -5000 });
    expect((await stripe.customers.retrieve(created.id)) as { balance?: number }).toMatchObject({ balance: -5000 });

    const raised = await checked({ ...inputs, prepaidCredit: 8000 }, inputs);
    const updated = await handler.update({ id: created.id, olds: { ...inputs, ...created.outputs }, news: raised, preview: false });
    await handler.update({ id: created.id, olds: { ...inputs, ...created.outputs }, news: raised, preview: false });
    expect(updated.outputs).toMatchObject({ creditGranted: 8000, balance: -8000 });
    const credits = (await all(stripe.customers.listBalanceTransactions(created.id))).map((t) => t.amount).sort((x, y) => x - y);
    expect(credits).toEqual([-5000, -3000]);

    const lowered = await handler.check({ news: { ...raised, prepaidCredit: 1000 }, olds: raised });
    expect(lowered.inputs).toBeUndefined();
    expect(lowered.failures.map((f) => f.field)).toEqual(['prepaidCredit']);
    await expect(handler.update({ id: created.id, olds: { ...raised, ...updated.outputs }, news: { ...raised, prepaidCredit: 1000 }, preview: false })).rejects.toBeInstanceOf(ValidationError);
  });

  it('attaches a test card as the default payment method, once', async () => {
    const handler = createBillingAccountHandler({ billing });
    const inputs = await checked({ name: 'Card Payer', address: newYork, currency: 'USD', defaultPaymentMethod: 'pm_card_visa', paymentMethodTypes: ['card', 'us_bank_account'] });
    const created = await handler.create({ inputs, preview: false, identity: identity('card-payer') });
    const updated = await handler.update({ id: created.id, olds: { ...inputs, ...created.outputs }, news: inputs, preview: false });
    expect(created.outputs.paymentMethodId).toMatch(/^pm_/);
    expect(updated.outputs.paymentMethodId).toBe(created.outputs.paymentMethodId);
    const customer = (await stripe.customers.retrieve(created.id)) as { invoice_settings: { default_payment_method: string }; metadata: Record<string, string> };
    expect(customer.invoice_settings.default_payment_method).toBe(created.outputs.paymentMethodId);
    expect(customer.metadata.didops_payment_method_types).toBe('card,us_bank_account');
    expect(await all(stripe.customers.listPaymentMethods(created.id))).toHaveLength(1);
  });

  it('shows a name changed in the dashboard as drift, and puts it back', async () => {
    const handler = createBillingAccountHandler({ billing });
    const inputs = await checked({ name: 'Drift Inc', address: newYork, currency: 'USD' });
    const created = await handler.create({ inputs, preview: false, identity: identity('drift') });
    await stripe.customers.update(created.id, { name: 'Renamed by hand' });
    const read = await handler.read({ id: created.id, state: { ...inputs, ...created.outputs } });
    const diff = await handler.diff({ id: created.id, olds: { ...read!.inputs!, ...read!.outputs }, news: inputs });
    expect(diff).toMatchObject({ changes: true, updates: ['name'] });
    await handler.update({ id: created.id, olds: { ...read!.inputs!, ...read!.outputs }, news: inputs, preview: false });
    expect((await stripe.customers.retrieve(created.id)) as { name?: string }).toMatchObject({ name: 'Drift Inc' });
  });

  it('lives on the test clock it declares from its creation; another clock replaces it with a new customer there', async () => {
    const handler = createBillingAccountHandler({ billing });
    const april = await testClockAt(stripe, '2026-04-01T00:00:00Z');
    const inputs = await checked({ name: 'Clocked Inc', address: newYork, currency: 'USD', prepaidCredit: 500, testClock: april });
    const created = await handler.create({ inputs, preview: false, identity: identity('clocked') });
    const customer = (await stripe.customers.retrieve(created.id)) as Stripe.Customer;
    expect(customer.test_clock).toBe(april);
    // Its credit is dated by the clock, not the wall clock.
    const [grant] = await all(stripe.customers.listBalanceTransactions(created.id));
    expect(grant).toMatchObject({ amount: -500, created: at('2026-04-01T00:00:00Z') });
    const state = { ...inputs, ...created.outputs };
    const read = await handler.read({ id: created.id, state });
    expect(read?.inputs?.testClock).toBe(april);

    const may = await testClockAt(stripe, '2026-05-01T00:00:00Z');
    const moved = await checked({ ...inputs, testClock: may });
    expect(await handler.diff({ id: created.id, olds: state, news: moved })).toMatchObject({ changes: true, replaces: ['testClock'] });
    // The replacement is created before the old account is deleted, by the same resource: a new customer on the new clock.
    const replacement = await handler.create({ inputs: moved, preview: false, identity: identity('clocked') });
    expect(replacement.id).not.toBe(created.id);
    expect(((await stripe.customers.retrieve(replacement.id)) as Stripe.Customer).test_clock).toBe(may);
    expect(await handler.diff({ id: created.id, olds: state, news: await checked({ ...inputs, testClock: undefined }) })).toMatchObject({ replaces: ['testClock'] });
  });

  it('refuses a test clock that is not a clock id, on testClock', async () => {
    const { failures } = await createBillingAccountHandler({ billing }).check({ news: { name: 'Bad Clock', address: newYork, currency: 'USD', testClock: 'cus_123' } });
    expect(failures).toEqual([expect.objectContaining({ field: 'testClock', summary: expect.stringContaining('expected a Stripe test clock id') })]);
  });

  it('refuses to delete an account with an unsettled invoice, naming it, and deletes it once settled', async () => {
    const handler = createBillingAccountHandler({ billing });
    const inputs = await checked({ name: 'Owing Co', address: newYork, currency: 'USD' });
    const created = await handler.create({ inputs, preview: false, identity: identity('owing') });
    await stripe.invoiceItems.create({ customer: created.id, amount: 1200, currency: 'usd', description: 'Consulting' });
    const invoice = await stripe.invoices.create({ customer: created.id, collection_method: 'send_invoice', days_until_due: 30, pending_invoice_items_behavior: 'include' });
    await stripe.invoices.finalizeInvoice(invoice.id!);

    const refusal = await handler.delete({ id: created.id, state: { ...inputs, ...created.outputs } }).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(ConflictError);
    expect(String((refusal as Error).message)).toContain(invoice.id!);

    await stripe.invoices.voidInvoice(invoice.id!);
    await handler.delete({ id: created.id, state: { ...inputs, ...created.outputs } });
    await handler.delete({ id: created.id, state: { ...inputs, ...created.outputs } });
    expect(await handler.read({ id: created.id, state: { ...inputs, ...created.outputs } })).toBeNull();
  });

  it('says a refusal by Stripe on the field Stripe names, without the secret key', async () => {
    const handler = createBillingAccountHandler({ billing });
    const created = await handler.create({ inputs: await checked({ name: 'Refused Co', address: berlin, currency: 'EUR' }), preview: false, identity: identity('refused') });
    const err = await billing.customers.addTaxId(created.id, { type: 'eu_vat', value: 'not a vat number' }, { idempotencyKey: 'refused-tax-id' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect(err).toMatchObject({ source: 'stripe', status: 400, field: expect.stringMatching(/value/) });
    expect(String((err as Error).message)).not.toContain(ctx.sandbox.stripeSecretKey);
  });

  it('refuses a tax id that does not fit its country, on its value with the expected format, before any request', async () => {
    const handler = createBillingAccountHandler({ billing });
    let failures: { field?: string; summary: string; detail?: string }[] = [];
    const { requests } = await requestsDuring(stripe, async () => {
      failures = (await handler.check({ news: { name: 'Bad VAT', address: berlin, currency: 'EUR', taxIds: [{ type: 'eu_vat', value: 'DE12' }] } })).failures;
    });
    expect(requests).toEqual([]);
    expect(failures).toEqual([expect.objectContaining({ field: 'taxIds[0].value' })]);
  });
});
