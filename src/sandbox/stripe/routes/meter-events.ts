/**
 * `POST /v1/billing/meter_events` and `POST /v1/billing/meter_event_adjustments` (metering/meter-events.ts does the
 * work). The events route is the sandbox's hottest: it reads the parameters once and stores the event with one
 * prepared INSERT.
 */
import type { SandboxContext } from '../../context';
import type { StripeParams } from '../http/params';
import { respond } from '../http/respond';
import type { StripeApp } from '../http/router';
import { invalidParam } from '../http/stripe-error';
import { cancelMeterEvent, recordMeterEvent, type MeterEventDeps } from '../metering/meter-events';

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
  const deps: MeterEventDeps = {
    store: ctx.stripe.store,
    meterEvents: ctx.stripe.billing.meterEvents,
    timeOf: (customer) => ctx.stripe.clocks.timeOfExisting(customer),
  };

  app.post('/billing/meter_events', (c) => {
    const params = c.get('params').allowOnly(['event_name', 'payload', 'identifier', 'timestamp']);
    return respond(ctx, c, recordMeterEvent(deps, {
      event_name: params.requiredString('event_name', { maxLength: 100 }),
      payload: readPayload(params),
      identifier: params.string('identifier', { maxLength: 100 }),
      timestamp: params.timestamp('timestamp'),
    }));
  });

  app.post('/billing/meter_event_adjustments', (c) => {
    const params = c.get('params').allowOnly(['event_name', 'type', 'cancel']);
    const eventName = params.requiredString('event_name', { maxLength: 100 });
    params.oneOf('type', ['cancel'] as const, { required: true });
    const cancel = params.object('cancel', { required: true, allowed: ['identifier'] })!;
    return respond(ctx, c, cancelMeterEvent(deps, eventName, cancel.requiredString('identifier', { maxLength: 100 })));
  });
}
