/**
 * Reporting usage through the billing port on Stripe, against the sandbox: rated calls go out on the v2 meter event
 * stream in batches of 100 with one session, count exactly once however often (and through whichever API) they are
 * reported, survive an expired session, a throttle and a lost answer, and a refusal names the caller's event.
 */
import type Stripe from 'stripe';
import { stripeUsage } from '../../src/billing/stripe';
import { minutesMeterEventName } from '../../src/billing/rate-card-keys';
import { usageIdentifier, type UsageEvent } from '../../src/billing/usage-port';
import { ValidationError } from '../../src/core/errors';
import { useTestSandbox } from '../support/sandbox';
import { sandboxStripe } from '../support/stripe';

/** The sandbox's clock runs `skewMs` ahead of the machine's (a story lets its session expire that way). */
let skewMs = 0;
const fastSleep = () => Promise.resolve();

describe('reporting usage through the billing port', () => {
  const t = useTestSandbox({ now: () => Date.now() + skewMs });
  let stripe: Stripe;
  let customer: Stripe.Customer;
  /** Paths of every request the SDK sent, in order. */
  const sent: string[] = [];
  const hour = Math.floor(Date.now() / 3_600_000) * 3600 - 3600;

  beforeAll(async () => {
    stripe = sandboxStripe(t.sandbox);
    stripe.on('request', (request: { method: string; path: string }) => sent.push(`${request.method} ${request.path}`));
    customer = await stripe.customers.create({ name: 'Usage Telecom' });
  });
  beforeEach(() => {
    sent.length = 0;
  });

  /** A meter for a rate class of a card, named as rate cards name them. */
  const meterFor = async (card: string) => stripe.billing.meters.create({ display_name: card, event_name: minutesMeterEventName(card, 'out-44'), default_aggregation: { formula: 'sum' } });
  /** `count` rated calls of `card`, call `first` onwards, each billed `seconds(i)` seconds within the last hour. */
  const calls = (card: string, count: number, seconds: (i: number) => number, first = 0): UsageEvent[] =>
    Array.from({ length: count }, (_, n) => {
      const i = first + n;
      return {
        eventName: minutesMeterEventName(card, 'out-44'), customerId: customer.id, value: seconds(i),
        timestamp: new Date((hour + (i % 3600)) * 1000), identifier: usageIdentifier('reconciler', { call: `${card}-${i}`, rateClass: 'out-44' }),
      };
    });
  const hourTotal = async (meterId: string): Promise<number> =>
    (await stripe.billing.meters.listEventSummaries(meterId, { customer: customer.id, start_time: hour, end_time: hour + 3600 })).data.reduce((sum, s) => sum + s.aggregated_value, 0);
  const streamRequests = () => sent.filter((r) => r === 'POST /v2/billing/meter_event_stream').length;

  it('sends 250 rated calls as three stream requests on one session, and counts each once when reported again', async () => {
    const meter = await meterFor('uk');
    const usage = stripeUsage(stripe, { sleep: fastSleep });
    const usageOf = calls('uk', 250, (i) => 6 * ((i % 20) + 1));
    const expected = usageOf.reduce((sum, e) => sum + e.value, 0);
    expect(await usage.reportUsage(usageOf)).toEqual({ events: 250, batches: 3, sessionRenewals: 0 });
    expect(sent.filter((r) => r === 'POST /v2/billing/meter_event_session')).toHaveLength(1);
    expect(streamRequests()).toBe(3);
    expect(await hourTotal(meter.id)).toBe(expected);
    // A re-run after a crash reports the same calls again (and a few new ones): only the new ones count.
    await usage.reportUsage([...usageOf.slice(200), ...calls('uk', 5, () => 60, 250)]);
    expect(await hourTotal(meter.id)).toBe(expected + 300);
    expect(sent.filter((r) => r === 'POST /v2/billing/meter_event_session')).toHaveLength(1);
  });

  it('counts once a call already reported one at a time through API v1', async () => {
    const meter = await meterFor('fr');
    const [call] = calls('fr', 1, () => 42);
    await stripe.billing.meterEvents.create({ event_name: call.eventName, payload: { stripe_customer_id: customer.id, value: '42' }, identifier: call.identifier, timestamp: hour + 10 });
    await stripeUsage(stripe).reportUsage([call, ...calls('fr', 1, () => 18, 1)]);
    expect(await hourTotal(meter.id)).toBe(60);
  });

  it('renews a session Stripe says expired and sends the batch again, so its calls land once', async () => {
    const meter = await meterFor('de');
    const usage = stripeUsage(stripe, { sleep: fastSleep });
    await usage.reportUsage(calls('de', 100, () => 1));
    // Sixteen minutes pass on Stripe's side only, so the port still believes its session is fresh.
    skewMs += 16 * 60_000;
    try {
      expect(await usage.reportUsage(calls('de', 150, () => 2, 100))).toEqual({ events: 150, batches: 2, sessionRenewals: 1 });
    } finally {
      skewMs -= 16 * 60_000;
    }
    // The first session, and one renewal shared by both batches in flight, each of which was sent twice.
    expect(sent.filter((r) => r === 'POST /v2/billing/meter_event_session')).toHaveLength(2);
    expect(streamRequests()).toBe(1 + 2 * 2);
    expect(await hourTotal(meter.id)).toBe(100 + 300);
  });

  it('retries a throttled request and one whose answer was lost after the work, and counts the calls once', async () => {
    const meter = await meterFor('es');
    t.sandbox.context.faults.configure([
      { path: '/v2/billing/meter_event_stream', errorRate: 1, status: 429, retryAfterSeconds: 0, maxFailures: 1 },
    ]);
    try {
      await stripeUsage(stripe, { sleep: fastSleep }).reportUsage(calls('es', 100, () => 3));
      t.sandbox.context.faults.configure([{ path: '/v2/billing/meter_event_stream', errorRate: 1, status: 503, when: 'after', maxFailures: 1 }]);
      await stripeUsage(stripe, { sleep: fastSleep }).reportUsage(calls('es', 100, () => 3, 100));
    } finally {
      t.sandbox.context.faults.configure([]);
    }
    expect(streamRequests()).toBe(4);
    expect(await hourTotal(meter.id)).toBe(600);
  });

  it('refuses a negative value before sending anything, naming the event', async () => {
    const usageOf = calls('it', 3, (i) => (i === 2 ? -5 : 60));
    const refusal = await stripeUsage(stripe).reportUsage(usageOf).catch((err: unknown) => err);
    expect(refusal).toBeInstanceOf(ValidationError);
    expect(refusal).toMatchObject({ field: 'events[2].value' });
    expect((refusal as Error).message).toContain('-5 is not a usage value');
    expect(sent).toEqual([]);
  });

  it("turns Stripe's refusal of a batch into a validation error on the caller's event", async () => {
    await meterFor('nl');
    const usageOf = calls('nl', 150, () => 1);
    usageOf[130] = { ...usageOf[130]!, customerId: `cus_${'x'.repeat(600)}` };
    const refusal = await stripeUsage(stripe, { concurrency: 1 }).reportUsage(usageOf).catch((err: unknown) => err);
    expect(refusal).toBeInstanceOf(ValidationError);
    expect(refusal).toMatchObject({ field: 'events[130].customerId', status: 400, code: 'invalid_fields' });
  });
});
