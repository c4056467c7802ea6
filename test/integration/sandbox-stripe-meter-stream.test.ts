/**
 * Stripe's API v2 meter events on the sandbox, through the official SDK: a session buys a 15-minute token, the stream
 * takes 100 events a request into the same meter event store as v1 (one identifier counts once, whichever API sent
 * it), invalid stream events are dropped and reported as Stripe reports them, an expired token is the SDK's
 * TemporarySessionExpiredError, and every v2 answer has the shape stripe-node declares.
 */
import Stripe from 'stripe';
import { useTestSandbox } from '../support/sandbox';
import { sandboxStripe, stripeFailure } from '../support/stripe';
import { advanceClock } from '../support/stripe-clock';
import { stripeV2ConformanceErrors } from '../support/stripe-v2-conformance';

/** One stream event as stripe-node types it. */
type StreamEvent = Parameters<Stripe['v2']['billing']['meterEventStream']['create']>[0]['events'][number];

/** The sandbox's clock runs `skewMs` ahead of the machine's, so a story can let 15 minutes pass at once. */
let skewMs = 0;

describe('the Stripe API v2 meter event stream', () => {
  const t = useTestSandbox({ now: () => Date.now() + skewMs });
  let stripe: Stripe;
  let customer: Stripe.Customer;
  /** Every v2 object answered, checked against the SDK's declared shapes after the stories. */
  const served: unknown[] = [];
  const keep = <T>(answer: T): T => (served.push(answer), answer);
  /** The start of the last whole hour, and an RFC 3339 time `minutes` into it. */
  const hour = Math.floor(Date.now() / 3_600_000) * 3600 - 3600;
  const inHour = (minutes: number) => new Date((hour + minutes * 60) * 1000).toISOString();

  beforeAll(async () => {
    stripe = sandboxStripe(t.sandbox);
    customer = await stripe.customers.create({ name: 'Streaming Telecom' });
  });
  afterAll(() => expect(served.flatMap(stripeV2ConformanceErrors)).toEqual([]));

  const meter = (eventName: string) => stripe.billing.meters.create({ display_name: eventName, event_name: eventName, default_aggregation: { formula: 'sum' } });
  const hourTotal = async (meterId: string): Promise<number> => {
    const summaries = await stripe.billing.meters.listEventSummaries(meterId, { customer: customer.id, start_time: hour, end_time: hour + 3600 });
    return summaries.data.reduce((sum, s) => sum + s.aggregated_value, 0);
  };
  const session = async () => keep(await stripe.v2.billing.meterEventSession.create());
  const stream = (token: string, events: StreamEvent[]) => stripe.v2.billing.meterEventStream.create({ events }, { apiKey: token });
  const errorReports = async () =>
    (await (await fetch(`${t.sandbox.url}/_sandbox/stripe/meter_event_errors`, { headers: { authorization: `Bearer ${t.sandbox.stripeSecretKey}` } })).json()) as { error_count: number; data: { code: string; identifier: string }[] };

  it('takes a batch of 100 events with a session token, and the meter counts every one', async () => {
    const { id } = await meter('stream_seconds');
    const { authentication_token: token, created, expires_at: expiresAt } = await session();
    expect(Date.parse(expiresAt) - Date.parse(created)).toBe(15 * 60_000);
    const events = Array.from({ length: 100 }, (_, i) => ({ event_name: 'stream_seconds', payload: { stripe_customer_id: customer.id, value: String(i + 1) }, identifier: `batch-${i}`, timestamp: inHour(i % 60) }));
    await expect(stream(token, events)).resolves.toEqual({});
    expect(await hourTotal(id)).toBe(5050);
  });

  it('counts an identifier once, whichever API version sent it first', async () => {
    const { id } = await meter('dedupe_seconds');
    const payload = (value: string) => ({ stripe_customer_id: customer.id, value });
    await stripe.billing.meterEvents.create({ event_name: 'dedupe_seconds', payload: payload('10'), identifier: 'call-1', timestamp: hour + 60 });
    const again = await stripeFailure(stripe.v2.billing.meterEvents.create({ event_name: 'dedupe_seconds', payload: payload('10'), identifier: 'call-1', timestamp: inHour(1) }));
    expect(again).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(again.param).toBe('identifier');
    keep(await stripe.v2.billing.meterEvents.create({ event_name: 'dedupe_seconds', payload: payload('20'), identifier: 'call-2', timestamp: inHour(2) }));
    expect((await stripeFailure(stripe.billing.meterEvents.create({ event_name: 'dedupe_seconds', payload: payload('20'), identifier: 'call-2', timestamp: hour + 120 }))).param).toBe('identifier');
    const { authentication_token: token } = await session();
    // A stream resend of both, with a new one: only the new one counts, and the request still succeeds.
    await stream(token, [
      { event_name: 'dedupe_seconds', payload: payload('10'), identifier: 'call-1', timestamp: inHour(1) },
      { event_name: 'dedupe_seconds', payload: payload('20'), identifier: 'call-2', timestamp: inHour(2) },
      { event_name: 'dedupe_seconds', payload: payload('30'), identifier: 'call-3', timestamp: inHour(3) },
      { event_name: 'dedupe_seconds', payload: payload('30'), identifier: 'call-3', timestamp: inHour(3) },
    ]);
    expect(await hourTotal(id)).toBe(60);
  });

  it("drops invalid stream events without failing their batch, and reports each with Stripe's error code", async () => {
    const { id } = await meter('checked_seconds');
    const retired = await meter('retired_seconds');
    await stripe.billing.meters.deactivate(retired.id);
    const { authentication_token: token } = await session();
    const event = (identifier: string, changes: { event_name?: string; customer?: string; value?: string; timestamp?: string }) => ({
      event_name: changes.event_name ?? 'checked_seconds', identifier, timestamp: changes.timestamp ?? inHour(5),
      payload: { stripe_customer_id: changes.customer ?? customer.id, value: changes.value ?? '7' },
    });
    await stream(token, [
      event('ok-1', {}),
      event('bad-meter', { event_name: 'no_such_seconds' }),
      event('bad-archived', { event_name: 'retired_seconds' }),
      event('bad-customer', { customer: 'cus_nobody' }),
      event('bad-value', { value: '-3' }),
      event('bad-digits', { value: '1234567890123456' }),
      event('bad-old', { timestamp: new Date(Date.now() - 40 * 86_400_000).toISOString() }),
      event('bad-future', { timestamp: new Date(Date.now() + 3_600_000).toISOString() }),
      event('ok-2', { value: '3' }),
    ]);
    expect(await hourTotal(id)).toBe(10);
    const reported = (await errorReports()).data.filter((r) => r.identifier.startsWith('bad-')).map((r) => [r.identifier, r.code]);
    expect(reported).toEqual([
      ['bad-meter', 'no_meter'], ['bad-archived', 'archived_meter'], ['bad-customer', 'meter_event_customer_not_found'],
      ['bad-value', 'meter_event_invalid_value'], ['bad-digits', 'meter_event_value_too_many_digits'], ['bad-old', 'timestamp_too_far_in_past'],
      ['bad-future', 'timestamp_in_future'],
    ]);
  });

  it("refuses a malformed stream request in API v2's error shape, naming the field, and keeps none of its events", async () => {
    const { id } = await meter('strict_seconds');
    const { authentication_token: token } = await session();
    const good = { event_name: 'strict_seconds', payload: { stripe_customer_id: customer.id, value: '1' }, timestamp: inHour(6) };
    const tooMany = await stripeFailure(stream(token, Array.from({ length: 101 }, (_, i) => ({ ...good, identifier: `many-${i}` }))));
    expect(tooMany).toMatchObject({ statusCode: 400, code: 'invalid_fields', param: 'events' });
    expect(tooMany).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    const numeric = await stripeFailure(stream(token, [{ ...good, identifier: 'typed-0' }, { ...good, identifier: 'typed-1', payload: { stripe_customer_id: customer.id, value: 5 as unknown as string } }]));
    expect(numeric).toMatchObject({ statusCode: 400, code: 'invalid_fields', param: 'events[1].payload.value' });
    expect(numeric.message).toContain('events[1].payload.value must be a string');
    const badTime = await stripeFailure(stream(token, [{ ...good, identifier: 'time-0', timestamp: 'yesterday' }]));
    expect(badTime).toMatchObject({ param: 'events[0].timestamp' });
    expect(await hourTotal(id)).toBe(0);
  });

  it('answers an expired or unknown session token with TemporarySessionExpiredError, and a new session streams again', async () => {
    const { id } = await meter('renewed_seconds');
    const { authentication_token: token } = await session();
    const events = [{ event_name: 'renewed_seconds', payload: { stripe_customer_id: customer.id, value: '4' }, identifier: 'renewed-1', timestamp: inHour(7) }];
    skewMs += 16 * 60_000;
    try {
      const expired = await stripeFailure(stream(token, events));
      expect(expired).toBeInstanceOf(Stripe.errors.TemporarySessionExpiredError);
      expect(expired).toMatchObject({ statusCode: 401, code: 'billing_meter_event_session_expired' });
      expect(await stripeFailure(stream('mets_test_neverissued', events))).toBeInstanceOf(Stripe.errors.TemporarySessionExpiredError);
      const withKey = await stripeFailure(stream(t.sandbox.stripeSecretKey, events));
      expect(withKey).toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
      expect(withKey.message).toContain('meter event session token');
      expect(await hourTotal(id)).toBe(0);
      await stream((await session()).authentication_token, events);
      expect(await hourTotal(id)).toBe(4);
    } finally {
      skewMs -= 16 * 60_000;
    }
  });

  it('takes one event at a time on v2 with its validation at once, and cancels one with a v2 adjustment', async () => {
    const { id } = await meter('single_seconds');
    const event = keep(await stripe.v2.billing.meterEvents.create({ event_name: 'single_seconds', payload: { stripe_customer_id: customer.id, value: '90' }, identifier: 'one-1', timestamp: inHour(8) }));
    expect(event).toMatchObject({ object: 'v2.billing.meter_event', identifier: 'one-1', timestamp: inHour(8), livemode: false });
    keep(await stripe.v2.billing.meterEvents.create({ event_name: 'single_seconds', payload: { stripe_customer_id: customer.id, value: '30' }, identifier: 'one-2', timestamp: inHour(9) }));
    const refused = await stripeFailure(stripe.v2.billing.meterEvents.create({ event_name: 'single_seconds', payload: { stripe_customer_id: 'cus_nobody', value: '1' } }));
    expect(refused).toMatchObject({ statusCode: 400, code: 'resource_missing', param: 'payload.stripe_customer_id' });
    const adjustment = keep(await stripe.v2.billing.meterEventAdjustments.create({ event_name: 'single_seconds', type: 'cancel', cancel: { identifier: 'one-2' } }));
    expect(adjustment).toMatchObject({ object: 'v2.billing.meter_event_adjustment', status: 'complete', type: 'cancel', cancel: { identifier: 'one-2' } });
    expect(await hourTotal(id)).toBe(90);
    const again = await stripeFailure(stripe.v2.billing.meterEventAdjustments.create({ event_name: 'single_seconds', type: 'cancel', cancel: { identifier: 'one-2' } }));
    expect(again).toMatchObject({ statusCode: 400, param: 'cancel.identifier' });
  });

  it('forgets what it knew of a meter, a customer or a test clock as soon as one changes', async () => {
    const { id } = await meter('cached_seconds');
    const send = (customerId: string, identifier: string, timestamp = hour + 600) =>
      stripe.billing.meterEvents.create({ event_name: 'cached_seconds', payload: { stripe_customer_id: customerId, value: '1' }, identifier, timestamp });
    await send(customer.id, 'cached-1');
    await stripe.billing.meters.deactivate(id);
    expect((await stripeFailure(send(customer.id, 'cached-2'))).param).toBe('event_name');
    await stripe.billing.meters.reactivate(id);
    await send(customer.id, 'cached-3');
    // A customer living ten days back on a test clock: an event from now is in its future until the clock catches up.
    const clock = await stripe.testHelpers.testClocks.create({ frozen_time: Math.floor(Date.now() / 1000) - 10 * 86_400 });
    const onClock = await stripe.customers.create({ name: 'On a clock', test_clock: clock.id });
    expect((await stripeFailure(send(onClock.id, 'clocked-1'))).code).toBe('timestamp_in_future');
    await advanceClock(stripe, clock.id, hour + 3600);
    await send(onClock.id, 'clocked-2');
    await stripe.customers.del(onClock.id);
    expect((await stripeFailure(send(onClock.id, 'clocked-3'))).code).toBe('resource_missing');
    expect(await hourTotal(id)).toBe(2);
  });
});
