/**
 * Billing meters and meter events through the official SDK: a meter per minutes class, events that count, dedupe and
 * get refused as Stripe refuses them, adjustments that cancel, and summaries per hour and per day.
 */
import type Stripe from 'stripe';
import { useTestSandbox } from '../support/sandbox';
import { sandboxStripe, stripeFailure, stripeRaw } from '../support/stripe';
import { expectStripeConformance } from '../support/stripe-conformance';

describe('billing meters and meter events', () => {
  const t = useTestSandbox();
  let stripe: Stripe;
  let customer: Stripe.Customer;
  beforeAll(async () => {
    stripe = sandboxStripe(t.sandbox);
    customer = await stripe.customers.create({ name: 'Acme Telecom' });
  });

  it('creates a meter with Stripe\'s defaults and refuses a second active meter for the same event name', async () => {
    const meter = await stripe.billing.meters.create({ display_name: 'Outbound seconds, UK', event_name: 'seconds_out_44', default_aggregation: { formula: 'sum' } });
    expect(meter).toMatchObject({
      object: 'billing.meter', status: 'active', event_name: 'seconds_out_44', event_time_window: null, livemode: false,
      customer_mapping: { event_payload_key: 'stripe_customer_id', type: 'by_id' }, value_settings: { event_payload_key: 'value' },
      status_transitions: { deactivated_at: null },
    });
    expect(meter.id).toMatch(/^mtr_/);
    expectStripeConformance([meter]);
    const again = await stripeFailure(stripe.billing.meters.create({ display_name: 'Duplicate', event_name: 'seconds_out_44', default_aggregation: { formula: 'sum' } }));
    expect(again.statusCode).toBe(400);
    expect(again.param).toBe('event_name');
    expect(again.message).toContain(meter.id);
  });

  it('frees the event name when a meter is deactivated, and will not reactivate it while another holds the name', async () => {
    const first = await stripe.billing.meters.create({ display_name: 'Calls', event_name: 'calls_connected', default_aggregation: { formula: 'count' } });
    const off = await stripe.billing.meters.deactivate(first.id);
    expect(off.status).toBe('inactive');
    expect(off.status_transitions.deactivated_at).toEqual(expect.any(Number));
    const second = await stripe.billing.meters.create({ display_name: 'Calls v2', event_name: 'calls_connected', default_aggregation: { formula: 'count' } });
    const blocked = await stripeFailure(stripe.billing.meters.reactivate(first.id));
    expect(blocked.param).toBe('event_name');
    await stripe.billing.meters.deactivate(second.id);
    expect((await stripe.billing.meters.reactivate(first.id)).status).toBe('active');
    const inactive = await stripe.billing.meters.list({ status: 'inactive' });
    expect(inactive.data.map((m) => m.id)).toContain(second.id);
    expect(inactive.data.map((m) => m.id)).not.toContain(first.id);
    const renamed = await stripe.billing.meters.update(first.id, { display_name: 'Connected calls' });
    expect(renamed.display_name).toBe('Connected calls');
  });

  it('records events, sums them per hour and per day, and lets an adjustment cancel one', async () => {
    const meter = await stripe.billing.meters.create({ display_name: 'Inbound seconds', event_name: 'seconds_in_1', default_aggregation: { formula: 'sum' } });
    const now = Math.floor(Date.now() / 1000);
    const dayStart = Math.floor(now / 86_400) * 86_400 - 86_400; // yesterday, UTC
    const at = (hours: number, minutes = 0) => dayStart + hours * 3600 + minutes * 60;
    const send = (value: string, timestamp: number, identifier: string) =>
      stripe.billing.meterEvents.create({ event_name: 'seconds_in_1', payload: { stripe_customer_id: customer.id, value }, timestamp, identifier });
    const event = await send('120', at(9, 5), 'call-1');
    expect(event).toEqual({ object: 'billing.meter_event', created: expect.any(Number), event_name: 'seconds_in_1', identifier: 'call-1', livemode: false, payload: { stripe_customer_id: customer.id, value: '120' }, timestamp: at(9, 5) });
    await send('45.5', at(9, 40), 'call-2');
    await send('30', at(11, 0), 'call-3');
    await send('600', at(11, 59), 'call-4');

    // Hour 09: 120 + 45.5 = 165.5; hour 10: 0; hour 11: 30 + 600 = 630 (newest window first)
    const hourly = await stripe.billing.meters.listEventSummaries(meter.id, { customer: customer.id, start_time: at(9), end_time: at(12), value_grouping_window: 'hour' });
    expect(hourly.data.map((s) => [s.start_time, s.aggregated_value])).toEqual([[at(11), 630], [at(10), 0], [at(9), 165.5]]);
    expectStripeConformance([hourly]);

    const adjustment = await stripe.billing.meterEventAdjustments.create({ event_name: 'seconds_in_1', type: 'cancel', cancel: { identifier: 'call-4' } });
    expect(adjustment).toMatchObject({ object: 'billing.meter_event_adjustment', type: 'cancel', cancel: { identifier: 'call-4' } });
    expectStripeConformance([event, adjustment]);
    // The day: 120 + 45.5 + 30 = 195.5 once call-4 is cancelled
    const daily = await stripe.billing.meters.listEventSummaries(meter.id, { customer: customer.id, start_time: dayStart, end_time: dayStart + 86_400, value_grouping_window: 'day' });
    expect(daily.data).toEqual([expect.objectContaining({ object: 'billing.meter_event_summary', aggregated_value: 195.5, start_time: dayStart, end_time: dayStart + 86_400, meter: meter.id })]);
  });

  it('pages hourly summaries with starting_after', async () => {
    const meter = await stripe.billing.meters.create({ display_name: 'Paged', event_name: 'paged_seconds', default_aggregation: { formula: 'count' } });
    const start = Math.floor(Date.now() / 1000 / 86_400) * 86_400 - 86_400;
    const first = await stripe.billing.meters.listEventSummaries(meter.id, { customer: customer.id, start_time: start, end_time: start + 86_400, value_grouping_window: 'hour', limit: 10 });
    expect(first.has_more).toBe(true);
    const all = [];
    for await (const summary of stripe.billing.meters.listEventSummaries(meter.id, { customer: customer.id, start_time: start, end_time: start + 86_400, value_grouping_window: 'hour', limit: 10 })) all.push(summary);
    expect(all).toHaveLength(24);
    expect(new Set(all.map((s) => s.id)).size).toBe(24);
  });

  it('refuses a duplicate identifier, an unknown customer, a bad value and timestamps out of range, naming the parameter', async () => {
    await stripe.billing.meters.create({ display_name: 'Refusals', event_name: 'refusals', default_aggregation: { formula: 'sum' } });
    const now = Math.floor(Date.now() / 1000);
    const create = (payload: Record<string, string>, extra: Partial<Stripe.Billing.MeterEventCreateParams> = {}) =>
      stripe.billing.meterEvents.create({ event_name: 'refusals', payload, ...extra });
    await create({ stripe_customer_id: customer.id, value: '1' }, { identifier: 'once' });
    const duplicate = await stripeFailure(create({ stripe_customer_id: customer.id, value: '1' }, { identifier: 'once' }));
    expect(duplicate.raw).toMatchObject({ type: 'invalid_request_error', param: 'identifier', message: 'An event already exists with identifier once.' });
    expect((await stripeFailure(create({ stripe_customer_id: 'cus_nobody', value: '1' }))).raw).toMatchObject({ code: 'resource_missing', param: 'payload[stripe_customer_id]' });
    expect((await stripeFailure(create({ value: '1' }))).param).toBe('payload[stripe_customer_id]');
    expect((await stripeFailure(create({ stripe_customer_id: customer.id, value: 'ten' }))).raw).toMatchObject({ code: 'meter_event_invalid_value', param: 'payload[value]' });
    expect((await stripeFailure(create({ stripe_customer_id: customer.id }))).param).toBe('payload[value]');
    const old = await stripeFailure(create({ stripe_customer_id: customer.id, value: '1' }, { timestamp: now - 36 * 86_400 }));
    expect(old.raw).toMatchObject({ param: 'timestamp', code: 'timestamp_too_far_in_past' });
    const ahead = await stripeFailure(create({ stripe_customer_id: customer.id, value: '1' }, { timestamp: now + 600 }));
    expect(ahead.raw).toMatchObject({ param: 'timestamp', code: 'timestamp_in_future' });
    expect((await stripeFailure(stripe.billing.meterEvents.create({ event_name: 'no_such_meter', payload: { stripe_customer_id: customer.id, value: '1' } }))).param).toBe('event_name');
  });

  it('lets a count meter take events without a value and a custom payload mapping', async () => {
    const meter = await stripe.billing.meters.create({
      display_name: 'Connects', event_name: 'connects', default_aggregation: { formula: 'count' },
      customer_mapping: { type: 'by_id', event_payload_key: 'account' }, value_settings: { event_payload_key: 'seconds' },
    });
    const now = Math.floor(Date.now() / 1000);
    await stripe.billing.meterEvents.create({ event_name: 'connects', payload: { account: customer.id } });
    await stripe.billing.meterEvents.create({ event_name: 'connects', payload: { account: customer.id, seconds: '40' } });
    const minute = Math.floor(now / 60) * 60;
    const summary = await stripe.billing.meters.listEventSummaries(meter.id, { customer: customer.id, start_time: minute - 3600, end_time: minute + 3600 });
    expect(summary.data[0]!.aggregated_value).toBe(2);
  });

  it('refuses misaligned summary ranges', async () => {
    const meter = await stripe.billing.meters.create({ display_name: 'Aligned', event_name: 'aligned', default_aggregation: { formula: 'sum' } });
    const res = await stripeRaw(t.sandbox, 'GET', `/v1/billing/meters/${meter.id}/event_summaries`, `customer=${customer.id}&start_time=1700000030&end_time=1700003600`);
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ param: 'start_time' });
    const hourly = await stripeFailure(stripe.billing.meters.listEventSummaries(meter.id, { customer: customer.id, start_time: 1_700_000_060, end_time: 1_700_003_600, value_grouping_window: 'hour' }));
    expect(hourly.param).toBe('start_time');
  });
});
