/**
 * `/v1/billing/meters`: create, list (by status), retrieve, update (display name), deactivate, reactivate, and a
 * customer's event summaries (metering/meters.ts and metering/meter-event-summaries.ts do the work).
 */
import type { SandboxContext } from '../../context';
import { listObjects, readListRequest } from '../http/list';
import { respond } from '../http/respond';
import type { StripeApp } from '../http/router';
import { listMeterEventSummaries } from '../metering/meter-event-summaries';
import { createMeter, deactivateMeter, METER_TYPE, reactivateMeter, renameMeter, type Meter } from '../metering/meters';
import { findObject } from '../services/lookup';

/** Registers the routes. */
export function registerStripeBillingMeterRoutes(app: StripeApp, ctx: SandboxContext): void {
  const store = ctx.stripe.store;
  const findMeterOf = (id: string) => findObject<Meter>(ctx, METER_TYPE, id);

  app.post('/billing/meters', (c) => {
    const params = c.get('params').allowOnly(['default_aggregation', 'display_name', 'event_name', 'customer_mapping', 'event_time_window', 'value_settings']);
    const aggregation = params.object('default_aggregation', { required: true, allowed: ['formula'] })!;
    const mapping = params.object('customer_mapping', { allowed: ['event_payload_key', 'type'] });
    mapping?.oneOf('type', ['by_id'] as const, { required: true });
    const valueSettings = params.object('value_settings', { allowed: ['event_payload_key'] });
    const meter = createMeter(store, {
      display_name: params.requiredString('display_name', { maxLength: 250 }),
      event_name: params.requiredString('event_name', { maxLength: 100 }),
      formula: aggregation.oneOf('formula', ['count', 'last', 'sum'] as const, { required: true })!,
      customerKey: mapping?.requiredString('event_payload_key', { maxLength: 100 }),
      valueKey: valueSettings?.requiredString('event_payload_key', { maxLength: 100 }),
      eventTimeWindow: params.oneOf('event_time_window', ['day', 'hour'] as const),
    }, ctx.stripe.timeOf());
    return respond(ctx, c, meter);
  });

  app.get('/billing/meters', (c) => {
    const params = c.get('params');
    const request = readListRequest(params, ['status']);
    const status = params.oneOf('status', ['active', 'inactive'] as const);
    return respond(ctx, c, listObjects<Meter>(store, { type: METER_TYPE, where: (m) => status === undefined || m.status === status }, request, '/v1/billing/meters'));
  });

  app.get('/billing/meters/:id', (c) => {
    c.get('params').allowOnly([]);
    return respond(ctx, c, findMeterOf(c.req.param('id')));
  });

  app.post('/billing/meters/:id', (c) => {
    const meter = findMeterOf(c.req.param('id'));
    const params = c.get('params').allowOnly(['display_name']);
    const displayName = params.string('display_name', { maxLength: 250 });
    return respond(ctx, c, displayName === undefined ? meter : renameMeter(store, meter, displayName, ctx.stripe.timeOf()));
  });

  app.post('/billing/meters/:id/deactivate', (c) => {
    const meter = findMeterOf(c.req.param('id'));
    c.get('params').allowOnly([]);
    return respond(ctx, c, deactivateMeter(store, meter, ctx.stripe.timeOf()));
  });

  app.post('/billing/meters/:id/reactivate', (c) => {
    const meter = findMeterOf(c.req.param('id'));
    c.get('params').allowOnly([]);
    return respond(ctx, c, reactivateMeter(store, meter, ctx.stripe.timeOf()));
  });

  app.get('/billing/meters/:id/event_summaries', (c) => {
    const meter = findMeterOf(c.req.param('id'));
    const params = c.get('params');
    const paging = readListRequest(params, ['customer', 'start_time', 'end_time', 'value_grouping_window']);
    const customer = params.requiredString('customer', { maxLength: 255 });
    findObject(ctx, 'customer', customer, 'customer');
    return respond(ctx, c, listMeterEventSummaries(ctx.stripe.billing.meterEvents, meter, {
      customer,
      start_time: params.timestamp('start_time', { required: true })!,
      end_time: params.timestamp('end_time', { required: true })!,
      grouping: params.oneOf('value_grouping_window', ['day', 'hour'] as const),
      limit: paging.limit,
      startingAfter: paging.startingAfter,
      endingBefore: paging.endingBefore,
    }));
  });
}
