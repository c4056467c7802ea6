/**
 * The Stripe API's conventions, through the official SDK and raw HTTP: secret-key auth, Request-Id and the echoed
 * Stripe-Version, Stripe's error body and 404 for unknown paths, idempotent POSTs, list paging, test clocks, and
 * webhooks signed so that `stripe.webhooks.constructEvent` accepts them.
 */
import Stripe from 'stripe';
import { useTestSandbox } from '../support/sandbox';
import { sandboxStripe, startWebhookReceiver, stripeFailure, stripeRaw, type WebhookReceiver } from '../support/stripe';

describe('Stripe sandbox foundation', () => {
  const t = useTestSandbox({ stripe: { webhookRetryDelaysMs: [50, 100] } });
  let receiver: WebhookReceiver;
  beforeAll(async () => {
    receiver = await startWebhookReceiver();
  });
  afterAll(() => receiver.close());

  it('refuses a wrong or missing secret key with Stripe\'s 401, never echoing the key', async () => {
    const wrong = sandboxStripe(t.sandbox, { secretKey: 'sk_test_not_the_right_key_1234' });
    const err = await stripeFailure(wrong.events.list());
    expect(err.statusCode).toBe(401);
    expect(err.type).toBe('StripeAuthenticationError');
    expect(err.message).toBe('Invalid API Key provided: ************************1234');
    const none = await stripeRaw(t.sandbox, 'GET', '/v1/events', '', { authorization: '' });
    expect(none.status).toBe(401);
    expect(none.body.error).toMatchObject({ type: 'invalid_request_error', message: expect.stringContaining('You did not provide an API key') });
  });

  it('accepts the key as Basic user name, as Stripe does', async () => {
    const basic = `Basic ${Buffer.from(`${t.sandbox.stripeSecretKey}:`).toString('base64')}`;
    const res = await stripeRaw(t.sandbox, 'GET', '/v1/events', 'limit=1', { authorization: basic });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ object: 'list', url: '/v1/events' });
  });

  it('echoes Stripe-Version and gives every answer a Request-Id, errors included', async () => {
    const ok = await stripeRaw(t.sandbox, 'GET', '/v1/events', '', { 'stripe-version': '2024-06-20' });
    expect(ok.headers.get('stripe-version')).toBe('2024-06-20');
    expect(ok.headers.get('request-id')).toMatch(/^req_[A-Za-z0-9]{10,}$/);
    const missing = await stripeRaw(t.sandbox, 'GET', '/v1/nothing_here', '', { 'stripe-version': '2026-10-28.endive' });
    expect(missing.status).toBe(404);
    expect(missing.headers.get('stripe-version')).toBe('2026-10-28.endive');
    expect(missing.headers.get('request-id')).toMatch(/^req_/);
    expect(missing.body).toEqual({ error: { type: 'invalid_request_error', message: expect.stringMatching(/^Unrecognized request URL \(GET: \/v1\/nothing_here\)/) } });
  });

  it('names the parameter at fault with Stripe\'s wording', async () => {
    const stripe = sandboxStripe(t.sandbox);
    const missing = await stripeFailure(stripe.testHelpers.testClocks.create({} as Stripe.TestHelpers.TestClockCreateParams));
    expect(missing.statusCode).toBe(400);
    expect(missing.raw).toMatchObject({ type: 'invalid_request_error', code: 'parameter_missing', param: 'frozen_time', message: 'Missing required param: frozen_time.' });
    const unknown = await stripeRaw(t.sandbox, 'POST', '/v1/test_helpers/test_clocks', 'frozen_time=1700000000&colour=blue');
    expect(unknown.body.error).toMatchObject({ code: 'parameter_unknown', param: 'colour', message: 'Received unknown parameter: colour' });
    const notInteger = await stripeRaw(t.sandbox, 'POST', '/v1/test_helpers/test_clocks', 'frozen_time=soon');
    expect(notInteger.body.error).toMatchObject({ param: 'frozen_time', message: 'Invalid integer: soon' });
    const badLimit = await stripeFailure(stripe.events.list({ limit: 101 }));
    expect(badLimit.raw).toMatchObject({ param: 'limit', message: 'Invalid limit: must be less than or equal to 100' });
  });

  it('replays an idempotent POST, marks the replay, and refuses the key with other parameters', async () => {
    const headers = { 'idempotency-key': 'clock-once-1' };
    const first = await stripeRaw(t.sandbox, 'POST', '/v1/test_helpers/test_clocks', 'frozen_time=1700000000&name=once', headers);
    const again = await stripeRaw(t.sandbox, 'POST', '/v1/test_helpers/test_clocks', 'name=once&frozen_time=1700000000', headers);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.headers.get('original-request')).toBe(first.headers.get('request-id'));
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    const other = await stripeRaw(t.sandbox, 'POST', '/v1/test_helpers/test_clocks', 'frozen_time=1700000001&name=once', headers);
    expect(other.status).toBe(400);
    expect(other.body.error).toMatchObject({ type: 'idempotency_error', message: expect.stringContaining("Try using a key other than 'clock-once-1'") });
    // The SDK raises it as Stripe's idempotency error.
    const stripe = sandboxStripe(t.sandbox);
    const sdk = await stripeFailure(stripe.testHelpers.testClocks.create({ frozen_time: 1 }, { idempotencyKey: 'clock-once-1' }));
    expect(sdk.type).toBe('StripeIdempotencyError');
    const clocks = await stripe.testHelpers.testClocks.list({ limit: 100 });
    expect(clocks.data.filter((c) => c.name === 'once')).toHaveLength(1);
  });

  it('pages lists newest first in both directions', async () => {
    const stripe = sandboxStripe(t.sandbox);
    const made: string[] = [];
    for (let i = 0; i < 5; i++) made.push((await stripe.testHelpers.testClocks.create({ frozen_time: 1_800_000_000 + i, name: `page-${i}` })).id);
    const newestFirst = [...made].reverse();
    const first = await stripe.testHelpers.testClocks.list({ limit: 2 });
    expect(first.data.map((c) => c.id)).toEqual(newestFirst.slice(0, 2));
    expect(first.has_more).toBe(true);
    const second = await stripe.testHelpers.testClocks.list({ limit: 2, starting_after: first.data[1].id });
    expect(second.data.map((c) => c.id)).toEqual(newestFirst.slice(2, 4));
    const back = await stripe.testHelpers.testClocks.list({ limit: 2, ending_before: second.data[0].id });
    expect(back.data.map((c) => c.id)).toEqual(newestFirst.slice(0, 2));
    expect(back.has_more).toBe(false);
    const all: string[] = [];
    for await (const clock of stripe.testHelpers.testClocks.list({ limit: 2 })) all.push(clock.id);
    expect(all.slice(0, 5)).toEqual(newestFirst);
    const cursorMissing = await stripeFailure(stripe.testHelpers.testClocks.list({ starting_after: 'clock_nope' }));
    expect(cursorMissing.raw).toMatchObject({ code: 'resource_missing', param: 'starting_after' });
    expect(cursorMissing.statusCode).toBe(400);
  });

  it('signs webhooks as Stripe does, retries a failing receiver, and keeps order per endpoint', async () => {
    const stripe = sandboxStripe(t.sandbox);
    const endpoint = await stripe.webhookEndpoints.create({ url: `${receiver.url}/stripe`, enabled_events: ['test_helpers.test_clock.created', 'test_helpers.test_clock.deleted'] });
    expect(endpoint.secret).toMatch(/^whsec_[A-Za-z0-9]{32}$/);
    expect((await stripe.webhookEndpoints.retrieve(endpoint.id)).secret).toBeUndefined();
    receiver.failNext(2, 503);
    const clock = await stripe.testHelpers.testClocks.create({ frozen_time: 1_750_000_000, name: 'hooked' });
    await stripe.testHelpers.testClocks.del(clock.id);
    await t.sandbox.context.stripe.webhooks.drain();
    const bodies = receiver.received.filter((r) => r.path === '/stripe');
    // Two failed attempts, the retry that succeeded, then the deletion: in order.
    const events = bodies.map((r) => stripe.webhooks.constructEvent(r.body, r.headers['stripe-signature'] as string, endpoint.secret!));
    expect(events.map((e) => e.type)).toEqual(['test_helpers.test_clock.created', 'test_helpers.test_clock.created', 'test_helpers.test_clock.created', 'test_helpers.test_clock.deleted']);
    expect(new Set(events.slice(0, 3).map((e) => e.id)).size).toBe(1);
    expect(events[0].data.object).toMatchObject({ id: clock.id, object: 'test_helpers.test_clock', name: 'hooked' });
    expect(() => stripe.webhooks.constructEvent(bodies[0].body.replace('hooked', 'forged'), bodies[0].headers['stripe-signature'] as string, endpoint.secret!)).toThrow(/signature/i);
    const stored = await stripe.events.retrieve(events[0].id);
    expect(stored).toMatchObject({ type: 'test_helpers.test_clock.created', pending_webhooks: 0, api_version: '2026-10-28.endive' });
    expect(stored.request?.id).toMatch(/^req_/);
    const listed = await stripe.events.list({ type: 'test_helpers.test_clock.*', limit: 2 });
    expect(listed.data.map((e) => e.type)).toEqual(['test_helpers.test_clock.deleted', 'test_helpers.test_clock.created']);
  });

  it('advances a test clock: advancing at once, ready at the new time after', async () => {
    const stripe = sandboxStripe(t.sandbox);
    const clock = await stripe.testHelpers.testClocks.create({ frozen_time: 1_700_000_000 });
    expect(clock).toMatchObject({ object: 'test_helpers.test_clock', status: 'ready', frozen_time: 1_700_000_000, name: null });
    const advancing = await stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: 1_700_086_400 });
    expect(advancing.status).toBe('advancing');
    await t.sandbox.context.stripe.clocks.settled();
    expect(await stripe.testHelpers.testClocks.retrieve(clock.id)).toMatchObject({ status: 'ready', frozen_time: 1_700_086_400 });
    const backwards = await stripeFailure(stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: 1_600_000_000 }));
    expect(backwards.raw).toMatchObject({ param: 'frozen_time' });
  });
});
