/**
 * `POST /v1/billing/meter_events` and `POST /v1/billing/meter_event_adjustments` (metering/meter-events.ts does the
 * work, for these and the v2 endpoints alike). The events route is the sandbox's hottest form route: it reads the
 * parameters once, validates against cached meters and customers, and queues one row.
 */
import type { SandboxContext } from '../../context';
import type { StripeParams } from '../http/params';
import { respond, respondFlat } from '../http/respond';
import type { StripeApp } from '../http/router';
import { invalidParam } from '../http/stripe-error';

/** The payload as a map of strings (Stripe's `payload` is `{[key]: string}`). */
function readPayload(params: StripeParams): Record<string, string> {
  const payload = params.object('payload', { required: true })!;
  const values: Record<string, string> = {};
  for (const key of payload.keys()) {
    const value = payload.raw(key);
    if (typeof value !== 'string') throw invalidParam(payload.name(key), `Invalid ${payload.name(key)}: payload values are strings.`);
    values[key] = value;
  }
  return values;
}

/** Registers the routes. */
export function registerStripeMeterEventRoutes(app: StripeApp, ctx: SandboxContext): void {
  const metering = ctx.stripe.billing.metering;

  app.post('/billing/meter_events', (c) => {
    const params = c.get('params').allowOnly(['event_name', 'payload', 'identifier', 'timestamp']);
    const event = metering.record({
      event_name: params.requiredString('event_name', { maxLength: 100 }),
      payload: readPayload(params),
      identifier: params.string('identifier', { maxLength: 100 }),
      timestamp: params.timestamp('timestamp'),
    });
    return respondFlat(ctx, c, {
      object: 'billing.meter_event', created: event.created, event_name: event.event_name, identifier: event.identifier, livemode: false,
      payload: event.payload, timestamp: event.timestamp,
    });
  });

  app.post('/billing/meter_event_adjustments', (c) => {
    const params = c.get('params').allowOnly(['event_name', 'type', 'cancel']);
    const eventName = params.requiredString('event_name', { maxLength: 100 });
    params.oneOf('type', ['cancel'] as const, { required: true });
    const cancel = params.object('cancel', { required: true, allowed: ['identifier'] })!;
    const identifier = cancel.requiredString('identifier', { maxLength: 100 });
    metering.cancel(eventName, identifier);
    return respond(ctx, c, { object: 'billing.meter_event_adjustment', cancel: { identifier }, event_name: eventName, livemode: false, status: 'complete', type: 'cancel' });
  });
}
