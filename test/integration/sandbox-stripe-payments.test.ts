/**
 * Payments through the official SDK: test cards and a US bank account charged by payment intents (declines as Stripe
 * answers them), manual capture, cancel, refunds (never more than charged), setup intents that save a card or refuse
 * a declining one, the off-session charge billing uses, and the events each step publishes.
 */
import { chargeCustomer } from '../../src/sandbox/stripe/services/charge-customer';
import { useTestSandbox } from '../support/sandbox';
import { sandboxStripe, stripeFailure } from '../support/stripe';
import { conformanceAfterAll } from '../support/stripe-conformance';

describe('Stripe payments in the sandbox', () => {
  const t = useTestSandbox();
  const served = conformanceAfterAll();

  it('charges a card at once and records a retrievable charge, with payment_intent.succeeded', async () => {
    const stripe = sandboxStripe(t.sandbox);
    const customer = await stripe.customers.create({ name: 'Buyer' });
    const intent = await stripe.paymentIntents.create({ amount: 1500, currency: 'usd', customer: customer.id, payment_method: 'pm_card_visa', confirm: true, description: 'Setup fee +14155550100', metadata: { number: '+14155550100' }, allowed_payment_method_types: ['card'] });
    served.push(intent);
    expect(intent).toMatchObject({ object: 'payment_intent', status: 'succeeded', amount: 1500, amount_received: 1500, customer: customer.id, latest_charge: expect.stringMatching(/^ch_/) });
    expect(intent.payment_method).toMatch(/^pm_[A-Za-z0-9]{24}$/);
    const charge = await stripe.charges.retrieve(intent.latest_charge as string);
    served.push(charge);
    expect(charge).toMatchObject({ object: 'charge', status: 'succeeded', paid: true, captured: true, amount: 1500, amount_captured: 1500, payment_intent: intent.id, payment_method_details: { type: 'card', card: { brand: 'visa', last4: '4242' } } });
    const expanded = await stripe.paymentIntents.retrieve(intent.id, { expand: ['latest_charge', 'customer'] });
    expect(expanded).toMatchObject({ latest_charge: { id: charge.id, refunds: { object: 'list' } }, customer: { id: customer.id } });
    const events = await stripe.events.list({ types: ['payment_intent.created', 'payment_intent.succeeded', 'charge.succeeded'], limit: 10 });
    expect(events.data.filter((e) => (e.data.object as { id: string }).id === intent.id || (e.data.object as { id: string }).id === charge.id).map((e) => e.type))
      .toEqual(['payment_intent.succeeded', 'charge.succeeded', 'payment_intent.created']);
    const byMetadata = await stripe.paymentIntents.search({ query: "metadata['number']:'+14155550100' AND status:'succeeded'" });
    served.push(byMetadata);
    expect(byMetadata.data.map((pi) => pi.id)).toEqual([intent.id]);
  });

  it.each([
    ['pm_card_chargeDeclined', 'generic_decline', 'Your card was declined.'],
    ['pm_card_chargeDeclinedInsufficientFunds', 'insufficient_funds', 'Your card has insufficient funds.'],
  ])('answers %s with a 402 card_error and leaves the intent requiring a payment method', async (token, declineCode, message) => {
    const stripe = sandboxStripe(t.sandbox);
    const err = await stripeFailure(stripe.paymentIntents.create({ amount: 2000, currency: 'usd', payment_method: token, confirm: true }));
    expect(err.type).toBe('StripeCardError');
    expect([err.statusCode, err.raw.type, err.raw.code, err.raw.decline_code, err.raw.message]).toEqual([402, 'card_error', 'card_declined', declineCode, message]);
    const intent = err.raw.payment_intent!;
    expect(intent.status).toBe('requires_payment_method');
    const stored = await stripe.paymentIntents.retrieve(intent.id);
    served.push(stored);
    expect(stored.last_payment_error).toMatchObject({ type: 'card_error', code: 'card_declined', decline_code: declineCode });
    const charge = await stripe.charges.retrieve(stored.latest_charge as string);
    expect(charge).toMatchObject({ status: 'failed', paid: false, failure_code: 'card_declined', outcome: { type: 'issuer_declined', reason: declineCode } });
    // A new card then succeeds on the same intent.
    const retried = await stripe.paymentIntents.confirm(intent.id, { payment_method: 'pm_card_mastercard' });
    expect(retried).toMatchObject({ status: 'succeeded', amount_received: 2000 });
    const failedEvents = await stripe.events.list({ type: 'payment_intent.payment_failed' });
    expect(failedEvents.data.some((e) => (e.data.object as { id: string }).id === intent.id)).toBe(true);
  });

  it('authorises with manual capture, captures part, and cancels another', async () => {
    const stripe = sandboxStripe(t.sandbox);
    const held = await stripe.paymentIntents.create({ amount: 5000, currency: 'usd', payment_method: 'pm_card_discover', confirm: true, capture_method: 'manual' });
    expect(held).toMatchObject({ status: 'requires_capture', amount_capturable: 5000, amount_received: 0 });
    const tooMuch = await stripeFailure(stripe.paymentIntents.capture(held.id, { amount_to_capture: 6000 }));
    expect(tooMuch.raw.param).toBe('amount_to_capture');
    const captured = await stripe.paymentIntents.capture(held.id, { amount_to_capture: 3000 });
    served.push(captured);
    expect(captured).toMatchObject({ status: 'succeeded', amount_received: 3000, amount_capturable: 0 });
    expect(await stripe.charges.retrieve(captured.latest_charge as string)).toMatchObject({ captured: true, amount_captured: 3000, amount_refunded: 2000 });
    const again = await stripeFailure(stripe.paymentIntents.capture(held.id));
    expect(again.raw.code).toBe('payment_intent_unexpected_state');
    const open = await stripe.paymentIntents.create({ amount: 700, currency: 'eur' });
    expect(open.status).toBe('requires_payment_method');
    const canceled = await stripe.paymentIntents.cancel(open.id, { cancellation_reason: 'abandoned' });
    expect(canceled).toMatchObject({ status: 'canceled', cancellation_reason: 'abandoned' });
    const small = await stripeFailure(stripe.paymentIntents.create({ amount: 10, currency: 'usd' }));
    expect(small.raw).toMatchObject({ code: 'amount_too_small', param: 'amount', message: 'Amount must be at least $0.50 usd' });
  });

  it('refunds in full or in part, never more than charged', async () => {
    const stripe = sandboxStripe(t.sandbox);
    const intent = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd', payment_method: 'pm_card_amex', confirm: true });
    const part = await stripe.refunds.create({ payment_intent: intent.id, amount: 400, reason: 'requested_by_customer' });
    served.push(part);
    expect(part).toMatchObject({ object: 'refund', amount: 400, status: 'succeeded', payment_intent: intent.id, charge: intent.latest_charge, reason: 'requested_by_customer' });
    const over = await stripeFailure(stripe.refunds.create({ charge: intent.latest_charge as string, amount: 700 }));
    expect([over.statusCode, over.raw.param, over.raw.message]).toEqual([400, 'amount', 'Refund amount ($7.00) is greater than unrefunded amount on charge ($6.00)']);
    const rest = await stripe.refunds.create({ charge: intent.latest_charge as string });
    expect(rest.amount).toBe(600);
    const charge = await stripe.charges.retrieve(intent.latest_charge as string);
    served.push(charge);
    expect(charge).toMatchObject({ amount_refunded: 1000, refunded: true });
    expect(charge.refunds!.data.map((r) => r.id)).toEqual([rest.id, part.id]);
    const done = await stripeFailure(stripe.refunds.create({ payment_intent: intent.id }));
    expect(done.raw.code).toBe('charge_already_refunded');
    const listed = await stripe.refunds.list({ payment_intent: intent.id });
    served.push(listed);
    expect(listed.data.map((r) => r.id)).toEqual([rest.id, part.id]);
    const refundedEvents = await stripe.events.list({ type: 'charge.refunded', limit: 2 });
    expect(refundedEvents.data[0].data.previous_attributes).toMatchObject({ amount_refunded: 400, refunded: false });
  });

  it('saves a card with a setup intent, and refuses a declining one with last_setup_error', async () => {
    const stripe = sandboxStripe(t.sandbox);
    const customer = await stripe.customers.create({ name: 'Saver' });
    const saved = await stripe.setupIntents.create({ customer: customer.id, payment_method: 'pm_card_visa', confirm: true, allowed_payment_method_types: ['card'] });
    served.push(saved);
    expect(saved).toMatchObject({ object: 'setup_intent', status: 'succeeded', usage: 'off_session', customer: customer.id });
    expect(await stripe.paymentMethods.retrieve(saved.payment_method as string)).toMatchObject({ customer: customer.id });
    const pending = await stripe.setupIntents.create({ customer: customer.id });
    expect(pending.status).toBe('requires_payment_method');
    const refused = await stripeFailure(stripe.setupIntents.confirm(pending.id, { payment_method: 'pm_card_chargeDeclined' }));
    expect([refused.statusCode, refused.raw.code, refused.raw.decline_code, refused.raw.setup_intent?.status]).toEqual([402, 'card_declined', 'generic_decline', 'requires_payment_method']);
    const stored = await stripe.setupIntents.retrieve(pending.id);
    served.push(stored);
    expect(stored.last_setup_error).toMatchObject({ code: 'card_declined', type: 'card_error' });
    expect((await stripe.customers.listPaymentMethods(customer.id)).data).toHaveLength(1);
  });

  it('pays by US bank account and a wallet card, detaches, and lists by customer and type', async () => {
    const stripe = sandboxStripe(t.sandbox);
    const customer = await stripe.customers.create({ name: 'Bank' });
    const bank = await stripe.paymentMethods.create({ type: 'us_bank_account', us_bank_account: { routing_number: '110000000', account_number: '000123456789', account_holder_type: 'company' }, billing_details: { name: 'Bank Co' } });
    served.push(bank);
    expect(bank).toMatchObject({ type: 'us_bank_account', us_bank_account: { routing_number: '110000000', last4: '6789', account_holder_type: 'company', bank_name: 'STRIPE TEST BANK' }, billing_details: { name: 'Bank Co' } });
    await stripe.paymentMethods.attach(bank.id, { customer: customer.id });
    const apple = await stripe.paymentMethods.attach('pm_card_applePay', { customer: customer.id });
    expect(apple.card).toMatchObject({ wallet: { type: 'apple_pay' }, brand: 'visa' });
    const google = await stripe.paymentMethods.create({ type: 'card', card: { token: 'tok_googlePay' } });
    expect(google.card?.wallet?.type).toBe('google_pay');
    const paid = await stripe.paymentIntents.create({ amount: 2500, currency: 'usd', customer: customer.id, payment_method: bank.id, allowed_payment_method_types: ['us_bank_account'], confirm: true });
    expect(paid.status).toBe('succeeded');
    const wrongType = await stripeFailure(stripe.paymentIntents.create({ amount: 2500, currency: 'usd', customer: customer.id, payment_method: bank.id, allowed_payment_method_types: ['card'], confirm: true }));
    expect(wrongType.raw.param).toBe('payment_method');
    const banks = await stripe.paymentMethods.list({ customer: customer.id, type: 'us_bank_account' });
    served.push(banks);
    expect(banks.data.map((p) => p.id)).toEqual([bank.id]);
    const byNumber = await stripe.paymentMethods.create({ type: 'card', card: { number: '4242424242424242', exp_month: 12, exp_year: 2040, cvc: '123' } });
    expect(byNumber.card).toMatchObject({ brand: 'visa', last4: '4242', exp_year: 2040 });
    const badNumber = await stripeFailure(stripe.paymentMethods.create({ type: 'card', card: { number: '4242424242424241', exp_month: 12, exp_year: 2040 } }));
    expect([badNumber.statusCode, badNumber.raw.code]).toEqual([402, 'incorrect_number']);
    const badRouting = await stripeFailure(stripe.paymentMethods.create({ type: 'us_bank_account', us_bank_account: { routing_number: '12', account_number: '000123456789' } }));
    expect(badRouting.raw.param).toBe('us_bank_account[routing_number]');
    const detached = await stripe.paymentMethods.detach(apple.id);
    expect(detached.customer).toBeNull();
    const notAttached = await stripeFailure(stripe.paymentMethods.detach(apple.id));
    expect(notAttached.statusCode).toBe(400);
    expect((await stripe.customers.listPaymentMethods(customer.id)).data.map((p) => p.id)).toEqual([bank.id]);
  });

  it('charges a customer off-session with its default payment method, for billing', async () => {
    const stripe = sandboxStripe(t.sandbox);
    const good = await stripe.customers.create({ payment_method: 'pm_card_visa', invoice_settings: { default_payment_method: 'pm_card_visa' } });
    const ok = chargeCustomer(t.sandbox.context, { customer: good.id, amount: 4200, currency: 'usd', metadata: { invoice: 'in_test' } });
    expect(ok).toMatchObject({ ok: true, paymentIntent: { status: 'succeeded', amount_received: 4200, customer: good.id, metadata: { invoice: 'in_test' } } });
    const failing = await stripe.customers.create({ payment_method: 'pm_card_chargeCustomerFail', invoice_settings: { default_payment_method: 'pm_card_chargeCustomerFail' } });
    const declined = chargeCustomer(t.sandbox.context, { customer: failing.id, amount: 4200, currency: 'usd' });
    expect(declined.ok).toBe(false);
    expect(declined.paymentIntent.status).toBe('requires_payment_method');
    expect(declined.error?.toBody().error).toMatchObject({ type: 'card_error', code: 'card_declined', decline_code: 'generic_decline' });
    const none = chargeCustomer(t.sandbox.context, { customer: (await stripe.customers.create({})).id, amount: 4200, currency: 'usd' });
    expect(none).toMatchObject({ ok: false, paymentIntent: { status: 'requires_payment_method' } });
  });
});
