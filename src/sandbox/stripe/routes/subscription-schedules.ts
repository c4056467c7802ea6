/**
 * `/v1/subscription_schedules`: create (`from_subscription`), list (`customer`, `scheduled`, `created`,
 * `canceled_at`, `completed_at`, `released_at`), retrieve, update (`phases`, `end_behavior`, `metadata`,
 * `proration_behavior`), cancel (the subscription now, `invoice_now` and `prorate` defaulting to true) and release.
 * The schedules services do the work; a schedule's phases take effect as time passes (subscription-cycle.ts).
 */
import type { SandboxContext } from '../../context';
import { listObjects, readCreatedRange, readListRequest } from '../http/list';
import { applyMetadata, type StripeParams } from '../http/params';
import { respond } from '../http/respond';
import type { StripeApp } from '../http/router';
import { invalidParam, invalidRequest } from '../http/stripe-error';
import type { SubscriptionDoc } from '../invoicing/billing-types';
import { pricesInUse, scheduleFromSubscription, updateSchedule } from '../schedules/schedule-changes';
import { isLive, SCHEDULE_TYPE, type ScheduleDoc } from '../schedules/schedule-documents';
import { releaseSchedule } from '../schedules/schedule-lifecycle';
import { readPhases } from '../schedules/schedule-params';
import { findObject } from '../services/lookup';
import { billingOf } from '../stripe-billing';
import { cancelSubscriptionNow } from '../subscriptions/subscription-cancellation';
import { SUBSCRIPTION_TYPE } from '../subscriptions/subscription-documents';
import { readProrationBehavior } from '../subscriptions/subscription-params';

/** A schedule made some other way than from a subscription is refused with the reason, not half served. */
function refuseUnserved(params: StripeParams): void {
  for (const key of ['customer', 'customer_account', 'phases', 'start_date', 'end_behavior', 'default_settings', 'billing_mode', 'pause_schedules']) {
    if (!params.has(key)) continue;
    if (params.has('from_subscription')) throw invalidParam(key, `You cannot set ${key} when using from_subscription; update the schedule once it is made.`);
    throw invalidParam(key, `The sandbox makes subscription schedules from_subscription only (${key}); create the subscription, then a schedule with from_subscription, then update its phases.`);
  }
}

/** Refuses a change to a schedule that no longer manages a subscription. */
function requireLive(schedule: ScheduleDoc, action: string): void {
  if (!isLive(schedule)) throw invalidRequest(`You cannot ${action} a subscription schedule that is currently in the \`${schedule.status}\` status. It must be in \`not_started\` or \`active\`.`);
}

/** Registers the routes. */
export function registerStripeSubscriptionScheduleRoutes(app: StripeApp, ctx: SandboxContext): void {
  const bc = billingOf(ctx);
  const find = (id: string) => findObject<ScheduleDoc>(ctx, SCHEDULE_TYPE, id);
  const subscriptionOf = (schedule: ScheduleDoc) => findObject<SubscriptionDoc>(ctx, SUBSCRIPTION_TYPE, (schedule.subscription ?? schedule.released_subscription)!);

  app.post('/subscription_schedules', (c) => {
    const params = c.get('params').allowOnly([
      'from_subscription', 'metadata', 'customer', 'customer_account', 'phases', 'start_date', 'end_behavior', 'default_settings', 'billing_mode', 'pause_schedules',
    ]);
    refuseUnserved(params);
    const id = params.requiredString('from_subscription', { maxLength: 255 });
    const subscription = findObject<SubscriptionDoc>(ctx, SUBSCRIPTION_TYPE, id, 'from_subscription');
    return respond(ctx, c, scheduleFromSubscription(bc, subscription, applyMetadata({}, params.metadata())));
  });

  app.get('/subscription_schedules', (c) => {
    const params = c.get('params');
    const request = readListRequest(params, ['customer', 'customer_account', 'scheduled', 'canceled_at', 'completed_at', 'released_at']);
    params.string('customer_account', { maxLength: 255 });
    const scheduled = params.boolean('scheduled');
    const ranges = (['canceled_at', 'completed_at', 'released_at'] as const).map((key) => [key, readCreatedRange(params, key)] as const);
    const within = (value: number | null, range: ReturnType<typeof readCreatedRange>) =>
      range === undefined || (value !== null && (range.gt === undefined || value > range.gt) && (range.gte === undefined || value >= range.gte)
        && (range.lt === undefined || value < range.lt) && (range.lte === undefined || value <= range.lte));
    return respond(ctx, c, listObjects<ScheduleDoc>(bc.store, {
      type: SCHEDULE_TYPE,
      customer: params.string('customer', { maxLength: 255 }),
      where: (s) => (scheduled === undefined || scheduled === (s.status === 'not_started')) && ranges.every(([key, range]) => within(s[key], range)),
    }, request, '/v1/subscription_schedules', 'subscription schedule'));
  });

  app.get('/subscription_schedules/:id', (c) => {
    c.get('params').allowOnly([]);
    return respond(ctx, c, find(c.req.param('id')));
  });

  app.post('/subscription_schedules/:id', (c) => {
    const schedule = find(c.req.param('id'));
    const params = c.get('params').allowOnly(['phases', 'end_behavior', 'metadata', 'proration_behavior', 'default_settings', 'pause_schedules']);
    for (const key of ['default_settings', 'pause_schedules']) if (params.has(key)) throw invalidParam(key, `${key} is not supported by the sandbox; set what a phase needs on the phase.`);
    requireLive(schedule, 'update');
    const subscription = subscriptionOf(schedule);
    const endBehavior = params.oneOf('end_behavior', ['release', 'cancel', 'none', 'renew'] as const);
    if (endBehavior === 'none' || endBehavior === 'renew') throw invalidParam('end_behavior', `end_behavior ${endBehavior} is a legacy value the sandbox does not serve; use release or cancel.`);
    return respond(ctx, c, updateSchedule(bc, schedule, subscription, {
      phases: readPhases(ctx, params, pricesInUse(schedule, subscription)),
      endBehavior,
      metadata: params.metadata(),
      prorationBehavior: readProrationBehavior(params),
    }));
  });

  app.post('/subscription_schedules/:id/cancel', (c) => {
    const schedule = find(c.req.param('id'));
    const params = c.get('params').allowOnly(['invoice_now', 'prorate']);
    const invoiceNow = params.boolean('invoice_now') ?? true;
    const prorate = params.boolean('prorate') ?? true;
    requireLive(schedule, 'cancel');
    // Cancelling the subscription cancels the schedule with it (subscription-cancellation.ts).
    cancelSubscriptionNow(bc, subscriptionOf(schedule), { invoiceNow, prorate });
    return respond(ctx, c, find(schedule.id));
  });

  app.post('/subscription_schedules/:id/release', (c) => {
    const schedule = find(c.req.param('id'));
    c.get('params').allowOnly(['preserve_cancel_date']).boolean('preserve_cancel_date');
    requireLive(schedule, 'release');
    return respond(ctx, c, releaseSchedule(bc, schedule, bc.timeOf(schedule.customer)));
  });
}
