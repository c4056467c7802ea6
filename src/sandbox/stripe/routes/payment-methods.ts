/**
 * `/v1/payment_methods` (create, retrieve, update, list by customer and type, attach, detach) and a customer's
 * `/v1/customers/{id}/payment_methods`.
 */
import type { SandboxContext } from '../../context';
import { listObjects, readListRequest } from '../http/list';
import { respond } from '../http/respond';
import type { StripeApp, StripeCtx } from '../http/router';
import type { StripeCustomer } from '../services/customers';
import { findCustomerObject, findObject } from '../services/lookup';
import { attachPaymentMethod, createPaymentMethod, detachPaymentMethod, resolvePaymentMethod, updatePaymentMethod, type StripePaymentMethod } from '../services/payment-methods';

const TYPES = ['card', 'us_bank_account'] as const;

/** Registers the routes. */
export function registerStripePaymentMethodRoutes(app: StripeApp, ctx: SandboxContext): void {
  const store = ctx.stripe.store;
  const stored = (id: string) => findObject<StripePaymentMethod>(ctx, 'payment_method', id);
  const listFor = (c: StripeCtx, customer: string | undefined, url: string) => {
    const params = c.get('params');
    const request = readListRequest(params, customer === undefined ? ['customer', 'type'] : ['type', 'allow_redisplay']);
    const type = params.oneOf('type', TYPES);
    params.oneOf('allow_redisplay', ['always', 'limited', 'unspecified'] as const);
    const owner = customer ?? params.string('customer', { maxLength: 255 });
    if (owner !== undefined && customer === undefined) findObject<StripeCustomer>(ctx, 'customer', owner, 'customer');
    return respond(ctx, c, listObjects<StripePaymentMethod>(store, {
      type: 'payment_method', customer: owner, where: (pm) => type === undefined || pm.type === type,
    }, request, url));
  };

  app.post('/payment_methods', (c) => respond(ctx, c, createPaymentMethod(ctx, c.get('params'))));
  app.get('/payment_methods', (c) => listFor(c, undefined, '/v1/payment_methods'));

  app.get('/payment_methods/:id', (c) => {
    c.get('params').allowOnly([]);
    return respond(ctx, c, resolvePaymentMethod(ctx, c.req.param('id')));
  });

  app.post('/payment_methods/:id', (c) => respond(ctx, c, updatePaymentMethod(ctx, stored(c.req.param('id')), c.get('params'))));

  app.post('/payment_methods/:id/attach', (c) => {
    const params = c.get('params').allowOnly(['customer', 'customer_account']);
    const customer = findObject<StripeCustomer>(ctx, 'customer', params.requiredString('customer', { maxLength: 255 }), 'customer');
    return respond(ctx, c, attachPaymentMethod(ctx, c.req.param('id'), customer.id));
  });

  app.post('/payment_methods/:id/detach', (c) => {
    c.get('params').allowOnly([]);
    return respond(ctx, c, detachPaymentMethod(ctx, stored(c.req.param('id'))));
  });

  app.get('/customers/:id/payment_methods', (c) => {
    const customer = findObject<StripeCustomer>(ctx, 'customer', c.req.param('id'));
    return listFor(c, customer.id, `/v1/customers/${customer.id}/payment_methods`);
  });

  app.get('/customers/:id/payment_methods/:pm', (c) => {
    c.get('params').allowOnly([]);
    return respond(ctx, c, findCustomerObject<StripePaymentMethod>(ctx, c.req.param('id'), 'payment_method', c.req.param('pm')));
  });
}
