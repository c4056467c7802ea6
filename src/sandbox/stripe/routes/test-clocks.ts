/**
 * `/v1/test_helpers/test_clocks`: create, list, retrieve, delete, and advance (clocks/test-clocks.ts does the work;
 * billing plugs into advancing with a ClockAdvancer, not with a route of its own).
 */
import type { SandboxContext } from '../../context';
import type { TestClock } from '../clocks/test-clocks';
import { listObjects, readListRequest } from '../http/list';
import { respond } from '../http/respond';
import type { StripeApp } from '../http/router';
import { resourceMissing } from '../http/stripe-error';

/** Registers the routes. */
export function registerStripeTestClockRoutes(app: StripeApp, ctx: SandboxContext): void {
  const clocks = ctx.stripe.clocks;
  const find = (id: string): TestClock => {
    const clock = clocks.get(id);
    if (!clock) throw resourceMissing('test_helpers.test_clock', id);
    return clock;
  };

  app.post('/test_helpers/test_clocks', (c) => {
    const params = c.get('params').allowOnly(['frozen_time', 'name']);
    const frozenTime = params.timestamp('frozen_time', { required: true })!;
    return respond(ctx, c, clocks.create(frozenTime, params.string('name', { maxLength: 300 }) ?? null));
  });

  app.get('/test_helpers/test_clocks', (c) => {
    const request = readListRequest(c.get('params'));
    return respond(ctx, c, listObjects(ctx.stripe.store, { type: 'test_helpers.test_clock' }, request, '/v1/test_helpers/test_clocks'));
  });

  app.get('/test_helpers/test_clocks/:id', (c) => {
    c.get('params').allowOnly([]);
    return respond(ctx, c, find(c.req.param('id')));
  });

  app.delete('/test_helpers/test_clocks/:id', (c) => {
    c.get('params').allowOnly([]);
    const clock = find(c.req.param('id'));
    clocks.delete(clock);
    return respond(ctx, c, { id: clock.id, object: 'test_helpers.test_clock', deleted: true });
  });

  app.post('/test_helpers/test_clocks/:id/advance', (c) => {
    const clock = find(c.req.param('id'));
    const params = c.get('params').allowOnly(['frozen_time']);
    return respond(ctx, c, clocks.advance(clock, params.timestamp('frozen_time', { required: true })!));
  });
}
