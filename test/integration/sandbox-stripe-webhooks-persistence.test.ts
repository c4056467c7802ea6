/**
 * What a Stripe integration leans on beyond single calls: webhooks for the objects' events, filtered by each
 * endpoint's enabled_events and verified with the SDK; idempotency keys and objects that survive a restart, and keys
 * that expire after 24 hours; refusals from the shared fault injection in Stripe's shape; customers on a test clock
 * living in its time.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestSandbox, useTestSandbox } from '../support/sandbox';
import { sandboxStripe, startWebhookReceiver, stripeFailure, stripeRaw, type WebhookReceiver } from '../support/stripe';
import { expectStripeConformance } from '../support/stripe-conformance';

describe('Stripe webhooks for objects', () => {
  const t = useTestSandbox();
  let receiver: WebhookReceiver;
  beforeAll(async () => {
    receiver = await startWebhookReceiver();
  });
  afterAll(() => receiver.close());

  it('sends each endpoint the events it listens for, in order, signed with its own secret', async () => {
    const stripe = sandboxStripe(t.sandbox);
    const all = await stripe.webhookEndpoints.create({ url: `${receiver.url}/all`, enabled_events: ['*'], description: 'everything' });
    const payments = await stripe.webhookEndpoints.create({ url: `${receiver.url}/payments`, enabled_events: ['payment_intent.succeeded', 'payment_intent.payment_failed'] });
    const off = await stripe.webhookEndpoints.create({ url: `${receiver.url}/off`, enabled_events: ['*'] });
    const disabled = await stripe.webhookEndpoints.update(off.id, { disabled: true });
    expect(disabled.status).toBe('disabled');
    expectStripeConformance([all, payments, disabled, await stripe.webhookEndpoints.list()]);

    const customer = await stripe.customers.create({ email: 'hooks@example.com', payment_method: 'pm_card_visa', invoice_settings: { default_payment_method: 'pm_card_visa' } });
    const paid = await stripe.paymentIntents.create({ amount: 900, currency: 'usd', customer: customer.id, payment_method: customer.invoice_settings.default_payment_method as string, confirm: true });
    await stripeFailure(stripe.paymentIntents.create({ amount: 900, currency: 'usd', payment_method: 'pm_card_chargeDeclinedInsufficientFunds', confirm: true }));
    await t.sandbox.context.stripe.webhooks.drain();

    const verified = (path: string, secret: string) => receiver.received.filter((r) => r.path === path)
      .map((r) => stripe.webhooks.constructEvent(r.body, r.headers['stripe-signature'] as string, secret));
    const everything = verified('/all', all.secret!);
    expect(everything.map((e) => e.type)).toEqual([
      'customer.created', 'payment_method.attached',
      'payment_intent.created', 'charge.succeeded', 'payment_intent.succeeded',
      'payment_intent.created', 'charge.failed', 'payment_intent.payment_failed',
    ]);
    expect(everything.every((e) => e.api_version === '2026-10-28.endive' && e.livemode === false)).toBe(true);
    expect(everything[0].data.object).toMatchObject({ id: customer.id, invoice_settings: { default_payment_method: customer.invoice_settings.default_payment_method } });
    const onlyPayments = verified('/payments', payments.secret!);
    expect(onlyPayments.map((e) => [e.type, (e.data.object as { id: string }).id])).toEqual([
      ['payment_intent.succeeded', paid.id], ['payment_intent.payment_failed', expect.stringMatching(/^pi_/)],
    ]);
    expect(receiver.received.filter((r) => r.path === '/off')).toEqual([]);
    // A secret is one endpoint's: another's does not verify its deliveries.
    const first = receiver.received.find((r) => r.path === '/payments')!;
    expect(() => stripe.webhooks.constructEvent(first.body, first.headers['stripe-signature'] as string, all.secret!)).toThrow(/signature/i);
    // The fixture's event is about a plan; each event's object is checked against its own type below.
    expectStripeConformance(everything, { except: ['data.object'] });
    expectStripeConformance(everything.map((e) => e.data.object));
    const deleted = await stripe.webhookEndpoints.del(off.id);
    expectStripeConformance([deleted]);
  });

  it('dates the objects of a customer on a test clock by the clock', async () => {
    const stripe = sandboxStripe(t.sandbox);
    const clock = await stripe.testHelpers.testClocks.create({ frozen_time: 1_767_225_600, name: 'new year' });
    const customer = await stripe.customers.create({ name: 'Clocked', test_clock: clock.id });
    expect(customer).toMatchObject({ test_clock: clock.id, created: 1_767_225_600 });
    const credit = await stripe.customers.createBalanceTransaction(customer.id, { amount: -100, currency: 'usd' });
    expect(credit.created).toBe(1_767_225_600);
    await stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: 1_767_312_000 });
    await t.sandbox.context.stripe.clocks.settled();
    const later = await stripe.customers.createBalanceTransaction(customer.id, { amount: -100, currency: 'usd' });
    expect(later.created).toBe(1_767_312_000);
    const listed = await stripe.customers.list({ test_clock: clock.id });
    expect(listed.data.map((c) => c.id)).toEqual([customer.id]);
    const missingClock = await stripeFailure(stripe.customers.create({ test_clock: 'clock_missing' }));
    expect(missingClock.raw).toMatchObject({ code: 'resource_missing', param: 'test_clock' });
    expectStripeConformance([clock, await stripe.testHelpers.testClocks.del(clock.id)]);
    const gone = await stripeFailure(stripe.customers.retrieve(customer.id));
    expect(gone.statusCode).toBe(404);
  });

  it('answers injected faults in Stripe\'s shape: 429 rate_limit and a retryable api_error', async () => {
    const stripe = sandboxStripe(t.sandbox);
    t.sandbox.context.faults.configure([{ method: 'GET', path: '/v1/products', errorRate: 1, status: 429, latencyMs: 0, when: 'before', retryAfterSeconds: 1 }]);
    try {
      const limited = await stripeFailure(stripe.products.list());
      expect([limited.type, limited.statusCode, limited.raw.code]).toEqual(['StripeRateLimitError', 429, 'rate_limit']);
    } finally {
      t.sandbox.context.faults.configure([]);
    }
    t.sandbox.context.faults.configure([{ method: 'GET', path: '/v1/tax_rates', errorRate: 1, status: 503, latencyMs: 0, when: 'before' }]);
    try {
      const down = await stripeRaw(t.sandbox, 'GET', '/v1/tax_rates');
      expect(down.status).toBe(503);
      expect(down.headers.get('stripe-should-retry')).toBe('true');
      expect(down.body.error).toMatchObject({ type: 'api_error' });
    } finally {
      t.sandbox.context.faults.configure([]);
    }
  });
});

describe('Stripe state across a restart', () => {
  it('replays an idempotency key after a restart, and forgets it after 24 hours', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'didops-stripe-restart-'));
    let now = Date.UTC(2026, 0, 1);
    const clock = () => now;
    try {
      const first = await startTestSandbox({ dataDir, now: clock });
      const made = await stripeRaw(first.sandbox, 'POST', '/v1/customers', 'email=once%40example.com', { 'idempotency-key': 'create-once' });
      expect(made.status).toBe(200);
      await first.close({ keepData: true });

      const second = await startTestSandbox({ dataDir, now: clock });
      try {
        const replay = await stripeRaw(second.sandbox, 'POST', '/v1/customers', 'email=once%40example.com', { 'idempotency-key': 'create-once' });
        expect(replay.headers.get('idempotent-replayed')).toBe('true');
        expect(replay.body).toEqual(made.body);
        const stripe = sandboxStripe(second.sandbox);
        expect((await stripe.customers.list({ email: 'once@example.com' })).data).toHaveLength(1);
        now += 25 * 3600_000;
        const fresh = await stripeRaw(second.sandbox, 'POST', '/v1/customers', 'email=once%40example.com', { 'idempotency-key': 'create-once' });
        expect(fresh.headers.get('idempotent-replayed')).toBeNull();
        expect(fresh.body.id).not.toBe(made.body.id);
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
