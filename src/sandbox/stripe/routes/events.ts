/** `/v1/events`: the events the sandbox published, newest first, by type (`type=invoice.*` matches a family). */
import type { SandboxContext } from '../../context';
import type { StripeEvent } from '../events/event-publisher';
import { listObjects, readListRequest } from '../http/list';
import { respond } from '../http/respond';
import type { StripeApp } from '../http/router';
import { invalidParam, resourceMissing } from '../http/stripe-error';

/** `invoice.*` or an exact type, as a test. */
function typeTest(pattern: string): (type: string) => boolean {
  if (!/^(\*|[a-z_]+(\.[a-z_]+)*(\.\*)?)$/.test(pattern)) throw invalidParam('type', `Invalid type: "${pattern.slice(0, 60)}" is not an event type such as invoice.paid or invoice.*`);
  if (pattern === '*') return () => true;
  return pattern.endsWith('.*') ? (type) => type.startsWith(pattern.slice(0, -1)) : (type) => type === pattern;
}

/** Registers the routes. */
export function registerStripeEventRoutes(app: StripeApp, ctx: SandboxContext): void {
  app.get('/events', (c) => {
    const params = c.get('params');
    const request = readListRequest(params, ['type', 'types', 'delivery_success']);
    const single = params.string('type', { maxLength: 200 });
    const many = params.strings('types', { maxItems: 20, maxLength: 200 });
    if (single !== undefined && many !== undefined) throw invalidParam('types', 'You may only specify one of these parameters: type, types.');
    const tests = (many ?? (single !== undefined ? [single] : [])).map(typeTest);
    const delivered = params.boolean('delivery_success');
    return respond(ctx, c, listObjects<StripeEvent>(ctx.stripe.store, {
      type: 'event',
      where: (e) => (tests.length === 0 || tests.some((t) => t(e.type))) && (delivered === undefined || (e.pending_webhooks === 0) === delivered),
    }, request, '/v1/events'));
  });

  app.get('/events/:id', (c) => {
    c.get('params').allowOnly([]);
    const event = ctx.stripe.store.get<StripeEvent>('event', c.req.param('id'));
    if (!event) throw resourceMissing('event', c.req.param('id'));
    return respond(ctx, c, event);
  });
}
