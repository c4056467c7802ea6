/**
 * Stripe's API v2 billing meter events, on the same meter event store as v1 (metering/meter-events.ts does the work):
 * - `POST /v2/billing/meter_event_session`: a session whose token authenticates the stream for 15 minutes;
 * - `POST /v2/billing/meter_event_stream`: up to 100 events per request. As on Stripe, the request is answered `{}`
 *   once its shape is right; each event is then validated on its own: valid ones are counted, a repeated identifier
 *   counts once, and an invalid one (no meter, no customer, a bad value, a timestamp outside the window) is dropped
 *   and filed as an error report with Stripe's code, where Stripe would send `v1.billing.meter.error_report_triggered`
 *   (the control API shows them: `GET /_sandbox/stripe/meter_event_errors`). The sandbox validates as the events
 *   arrive rather than later, which only makes a valid event countable sooner;
 * - `POST /v2/billing/meter_events`: one event, validated at once like v1's (a 400 naming the field);
 * - `POST /v2/billing/meter_event_adjustments`: cancels an event by identifier, at once (`status: complete`).
 * Times are RFC 3339 strings, bodies JSON, errors in v2's shape (http/stripe-v2-error.ts).
 */
import type { SandboxContext } from '../../context';
import { newStripeId } from '../ids';
import { rfc3339, type JsonFields } from '../http/json-body';
import type { StripeV2App } from '../http/v2-pipeline';
import type { MeterEventInput } from '../metering/meter-events';

/** Events one stream request may carry (Stripe: 100). */
const MAX_STREAM_EVENTS = 100;

/** The longest identifier and event name Stripe takes. */
const MAX_NAME_LENGTH = 100;

/** A meter event as sent in a v2 body (`events[i]` of the stream, or the whole body of meter_events). */
function readEvent(fields: JsonFields): MeterEventInput {
  fields.allowOnly(['event_name', 'identifier', 'payload', 'timestamp']);
  return {
    event_name: fields.requiredString('event_name', { maxLength: MAX_NAME_LENGTH }),
    payload: fields.stringMap('payload', { maxKeys: 50, maxLength: 500 }),
    identifier: fields.string('identifier', { maxLength: MAX_NAME_LENGTH }),
    timestamp: fields.timestamp('timestamp'),
  };
}

/** The stream's answer: Stripe's is an empty object. */
const STREAM_ANSWER = '{}';

/** Registers the routes. */
export function registerStripeV2MeterEventRoutes(app: StripeV2App, ctx: SandboxContext): void {
  const metering = ctx.stripe.billing.metering;
  const sessions = ctx.stripe.billing.meterEventSessions;

  app.post('/meter_event_session', (c) => {
    c.get('body').allowOnly([]);
    return c.json(sessions.create());
  });

  app.post('/meter_event_stream', (c) => {
    const events = c.get('body').allowOnly(['events']).objects('events', { maxItems: MAX_STREAM_EVENTS });
    // Every event's shape is checked before any is stored: a malformed request stores nothing, as on Stripe.
    const inputs = new Array<MeterEventInput>(events.length);
    for (let i = 0; i < events.length; i++) inputs[i] = readEvent(events[i]!);
    metering.recordStream(inputs);
    return c.body(STREAM_ANSWER, 200, { 'content-type': 'application/json' });
  });

  app.post('/meter_events', (c) => {
    const event = metering.record(readEvent(c.get('body')));
    return c.json({
      object: 'v2.billing.meter_event', created: rfc3339(event.created), event_name: event.event_name, identifier: event.identifier, livemode: false,
      payload: event.payload, timestamp: rfc3339(event.timestamp),
    });
  });

  app.post('/meter_event_adjustments', (c) => {
    const body = c.get('body').allowOnly(['cancel', 'event_name', 'type']);
    const eventName = body.requiredString('event_name', { maxLength: MAX_NAME_LENGTH });
    const type = body.oneOf('type', ['cancel'] as const, { required: true });
    const identifier = body.object('cancel').allowOnly(['identifier']).requiredString('identifier', { maxLength: MAX_NAME_LENGTH });
    metering.cancel(eventName, identifier);
    return c.json({
      id: newStripeId('mea'), object: 'v2.billing.meter_event_adjustment', cancel: { identifier }, created: rfc3339(ctx.stripe.clocks.wallTime()),
      event_name: eventName, livemode: false, status: 'complete', type,
    });
  });
}
