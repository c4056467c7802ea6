/**
 * Instant purchase with payment: a PhoneNumber naming `billing` pays its setup fee with the account's card before the
 * number is bought, through the PhoneNumber handler against the sandbox (Twilio for the number, Stripe for the
 * payment, each through its official SDK). A declined card buys nothing; a failed purchase is refunded; a refund that
 * fails is reported; a re-run never charges twice; a subscription billing the number later charges no second fee.
 */
import type { Billing } from '../../src/billing/billing';
import type { StripeClient } from '../../src/billing/stripe/client';
import { ValidationError } from '../../src/core/errors';
import { createBillingSubscriptionHandler, createPhoneNumberHandler, type PhoneNumberInputs } from '../../src/resources';
import { all, applyRateCard, requestsDuring, sandboxBilling, testAccount } from '../support/billing-fixtures';
import { identity, RESOURCE_SANDBOX } from '../support/carrier-resources';
import { useTestSandbox } from '../support/sandbox';

const t = useTestSandbox(RESOURCE_SANDBOX);
let stripe: StripeClient;
let billing: Billing;
beforeAll(async () => {
  ({ stripe, billing } = sandboxBilling(t.sandbox));
  await applyRateCard(billing, 'instant', { localSetup: 100, localMonthly: 120 });
});
afterEach(() => t.sandbox.context.faults.configure([]));

const numbers = () => createPhoneNumberHandler({ carriers: t.carriers, billing, sleep: async () => {} });
/** The handler of a provider configured without a Stripe key. */
const numbersWithoutBilling = () => createPhoneNumberHandler({ carriers: t.carriers, sleep: async () => {} });
const purchaseFault = { method: 'POST', path: '/api/*/IncomingPhoneNumbers.json', errorRate: 1, status: 503, latencyMs: 0 };

/** The handler's check, which must pass. */
async function checked(news: Record<string, unknown>): Promise<PhoneNumberInputs> {
  const result = await numbers().check({ news });
  if (!result.inputs) throw new Error(`check failed: ${JSON.stringify(result.failures)}`);
  return result.inputs;
}

/** E.164 of every number the Twilio account owns. */
const owned = async () => (await t.client.incomingPhoneNumbers.list({ pageSize: 1000 })).map((n) => n.phoneNumber).sort();
/** Purchases sent to Twilio so far. */
const purchasesSent = () => t.http.exchanges.filter((x) => x.method === 'POST' && /IncomingPhoneNumbers\.json$/.test(x.url)).length;
/** The customer's payment intents. */
const paymentsOf = (customerId: string) => all(stripe.paymentIntents.list({ customer: customerId, limit: 100 }));

describe('instant purchase with payment', () => {
  it('charges the setup fee to the account’s card, then buys the number; a subscription billing it later charges no second fee', async () => {
    const { customerId } = await testAccount(stripe, 'Instant Corp');
    const inputs = await checked({ search: { country: 'US', areaCode: '415' }, billing: { account: customerId, rateCard: 'instant' } });
    let purchasesWhenPaid: number | undefined;
    const before = purchasesSent();
    const onResponse = (event: { method: string; path: string }) => {
      if (event.method === 'POST' && event.path === '/v1/payment_intents') purchasesWhenPaid = purchasesSent() - before;
    };
    stripe.on('response', onResponse);
    const { outputs } = await numbers().create({ inputs, preview: false, identity: identity('instant') }).finally(() => stripe.off('response', onResponse));

    expect(purchasesWhenPaid).toBe(0);
    expect(purchasesSent() - before).toBe(1);
    expect(outputs.setupFeePayment).toMatch(/^pi_/);
    const payment = await stripe.paymentIntents.retrieve(outputs.setupFeePayment!);
    expect(payment).toMatchObject({ status: 'succeeded', amount: 100, currency: 'usd', customer: customerId, metadata: { didops_setup_fee_for: outputs.e164, didops_rate_card: 'instant' } });
    expect(await owned()).toContain(outputs.e164);

    const subscription = createBillingSubscriptionHandler({ billing });
    const billed = await subscription.check({ news: { account: customerId, rateCard: 'instant', numbers: [{ e164: outputs.e164, country: outputs.country, type: outputs.type }], meteredMinutes: false } });
    const { outputs: subscribed } = await subscription.create({ inputs: billed.inputs!, preview: false, identity: { type: 'didops:index:BillingSubscription', name: 'instant' } });
    expect(subscribed.setupFees).toEqual({ [outputs.e164]: outputs.setupFeePayment });
    const fees = (await all(stripe.invoiceItems.list({ customer: customerId, limit: 100 }))).filter((item) => item.metadata?.didops_setup_fee_for);
    expect(fees).toEqual([]);
  });

  // pm_card_chargeDeclined cannot be the account's card: Stripe (and the sandbox) decline it when it is attached. The
  // card Stripe documents for "attaches, then every charge fails" is pm_card_chargeCustomerFail.
  it.each([
    ['pm_card_chargeCustomerFail', 'generic_decline'],
    ['pm_card_chargeDeclinedInsufficientFunds', 'insufficient_funds'],
  ])('a declined card (%s) buys nothing and says what to change', async (token, reason) => {
    const { customerId } = await testAccount(stripe, `Declined ${reason}`, { paymentMethod: token });
    const before = await owned();
    const sent = purchasesSent();
    const inputs = await checked({ search: { country: 'US', areaCode: '312' }, billing: { account: customerId, rateCard: 'instant' } });
    const failure = numbers().create({ inputs, preview: false, identity: identity(`declined-${reason}`) });
    await expect(failure).rejects.toBeInstanceOf(ValidationError);
    await expect(failure).rejects.toMatchObject({ field: 'billing.account', message: `billing.account: the card was declined (${reason}); update the account's default payment method; nothing was bought` });
    expect(purchasesSent()).toBe(sent);
    expect(await owned()).toEqual(before);
    // The declined attempt holds no money and is left cancelled.
    expect((await paymentsOf(customerId)).map((p) => p.status)).toEqual(['canceled']);
  });

  it('refunds the setup fee when the purchase fails, and has bought nothing', async () => {
    const { customerId } = await testAccount(stripe, 'Refund Corp');
    const before = await owned();
    const inputs = await checked({ search: { country: 'US', areaCode: '206' }, billing: { account: customerId, rateCard: 'instant' } });
    t.sandbox.context.faults.configure([purchaseFault]);
    await expect(numbers().create({ inputs, preview: false, identity: identity('refunded') })).rejects.toThrow(/503|unavailable/i);
    t.sandbox.context.faults.configure([]);

    expect(await owned()).toEqual(before);
    const [payment] = await paymentsOf(customerId);
    expect(payment).toMatchObject({ status: 'succeeded', amount: 100 });
    const refunds = await all(stripe.refunds.list({ payment_intent: payment.id, limit: 10 }));
    expect(refunds.map((r) => [r.amount, r.status])).toEqual([[100, 'succeeded']]);
  });

  it('reports a refund that fails along with the purchase’s failure, and the next run buys with that payment instead of charging again', async () => {
    const { customerId } = await testAccount(stripe, 'Stuck Corp');
    const inputs = await checked({ search: { country: 'US', areaCode: '503' }, billing: { account: customerId, rateCard: 'instant' } });
    t.sandbox.context.faults.configure([purchaseFault, { method: 'POST', path: '/v1/refunds', errorRate: 1, status: 500, latencyMs: 0 }]);
    const failure = numbers().create({ inputs, preview: false, identity: identity('stuck') });
    await expect(failure).rejects.toThrow(/buying the number failed, and refunding its setup fee \(pi_\w+\) failed too/);
    await expect(failure).rejects.toThrow(/the purchase: .*(503|unavailable).*; the refund: .*; refund pi_\w+ in the Stripe dashboard/i);
    t.sandbox.context.faults.configure([]);
    const [paid] = await paymentsOf(customerId);
    expect(await all(stripe.refunds.list({ payment_intent: paid.id, limit: 10 }))).toEqual([]);

    const { outputs } = await numbers().create({ inputs, preview: false, identity: identity('stuck') });
    expect(outputs.setupFeePayment).toBe(paid.id);
    expect((await paymentsOf(customerId)).map((p) => p.id)).toEqual([paid.id]);
    expect((await stripe.paymentIntents.retrieve(paid.id)).metadata).toMatchObject({ didops_setup_fee_for: outputs.e164 });
  });

  it('gives back a stuck payment that no longer fits (the number asked for changed) before charging the new fee', async () => {
    const { customerId } = await testAccount(stripe, 'Changed Corp');
    const local = await checked({ search: { country: 'US', areaCode: '702' }, billing: { account: customerId, rateCard: 'instant' } });
    t.sandbox.context.faults.configure([purchaseFault, { method: 'POST', path: '/v1/refunds', errorRate: 1, status: 500, latencyMs: 0 }]);
    await expect(numbers().create({ inputs: local, preview: false, identity: identity('changed') })).rejects.toThrow(/failed too/);
    t.sandbox.context.faults.configure([]);
    const [stuck] = await paymentsOf(customerId);

    // The program now asks for a toll-free number, whose setup fee is 2.00, not 1.00.
    const tollFree = await checked({ search: { country: 'US', type: 'tollFree' }, billing: { account: customerId, rateCard: 'instant' } });
    const { outputs } = await numbers().create({ inputs: tollFree, preview: false, identity: identity('changed') });
    expect(outputs.type).toBe('tollFree');
    expect(await stripe.paymentIntents.retrieve(outputs.setupFeePayment!)).toMatchObject({ amount: 200, status: 'succeeded' });
    expect((await all(stripe.refunds.list({ payment_intent: stuck.id, limit: 10 }))).map((r) => [r.amount, r.status])).toEqual([[100, 'succeeded']]);
  });

  it('a re-run after the number was bought (the engine recorded nothing) keeps the number and the payment', async () => {
    const { customerId } = await testAccount(stripe, 'Rerun Corp');
    const inputs = await checked({ search: { country: 'US', areaCode: '617' }, billing: { account: customerId, rateCard: 'instant' } });
    const first = await numbers().create({ inputs, preview: false, identity: identity('rerun') });
    const second = await numbers().create({ inputs, preview: false, identity: identity('rerun') });
    expect(second.id).toBe(first.id);
    expect(second.outputs.setupFeePayment).toBe(first.outputs.setupFeePayment);
    expect((await paymentsOf(customerId)).map((p) => p.status)).toEqual(['succeeded']);
  });

  it('refuses, before paying or buying, a card that does not price the number’s kind', async () => {
    const { customerId } = await testAccount(stripe, 'Unpriced Corp');
    const sent = purchasesSent();
    const inputs = await checked({ search: { country: 'US', type: 'mobile' }, billing: { account: customerId, rateCard: 'instant' } });
    const { requests, error } = await requestsDuring(stripe, () => numbers().create({ inputs, preview: false, identity: identity('unpriced') }));
    expect(error).toMatchObject({ field: 'billing.rateCard', summary: 'the rate card "instant" does not price US mobile numbers' });
    expect(requests.filter((r) => !r.startsWith('GET'))).toEqual([]);
    expect(purchasesSent()).toBe(sent);
  });

  it('without the provider’s Stripe key, a number naming billing fails at check and at create, naming the setting; an adopted number cannot name it', async () => {
    const news = { search: { country: 'US', areaCode: '415' }, billing: { account: 'cus_nowhere', rateCard: 'instant' } };
    const { failures } = await numbersWithoutBilling().check({ news });
    expect(failures).toEqual([expect.objectContaining({ field: 'billing', detail: expect.stringMatching(/stripeSecretKey.*stripe_secret_key/) })]);
    const inputs = await checked(news);
    await expect(numbersWithoutBilling().create({ inputs, preview: false, identity: identity('unconfigured') })).rejects.toMatchObject({ field: 'billing', message: expect.stringMatching(/stripeSecretKey/) });

    const adopted = await numbers().check({ news: { adopt: '+14155550100', billing: { account: 'cus_nowhere', rateCard: 'instant' } } });
    expect(adopted.failures).toEqual([expect.objectContaining({ field: 'billing', summary: 'only a number that is bought (`number` or `search`) has a setup fee' })]);
  });
});
