/** `/v1/customers`: create, retrieve, update, delete, list (email, test_clock, created) and search. */
import type { SandboxContext } from '../../context';
import { listObjects, readListRequest } from '../http/list';
import { respond } from '../http/respond';
import type { StripeApp } from '../http/router';
import { searchObjects } from '../http/search';
import { createCustomer, CUSTOMER_SEARCH_FIELDS, deleteCustomer, updateCustomer, type StripeCustomer } from '../services/customers';
import { findObject } from '../services/lookup';

/** Registers the routes. */
export function registerStripeCustomerRoutes(app: StripeApp, ctx: SandboxContext): void {
  const store = ctx.stripe.store;

  app.post('/customers', (c) => respond(ctx, c, createCustomer(ctx, c.get('params'))));

  app.get('/customers', (c) => {
    const params = c.get('params');
    const request = readListRequest(params, ['email', 'test_clock']);
    const email = params.string('email', { maxLength: 512 });
    const clock = params.string('test_clock', { maxLength: 255 });
    return respond(ctx, c, listObjects<StripeCustomer>(store, {
      type: 'customer',
      parent: clock,
      where: (customer) => email === undefined || customer.email === email,
    }, request, '/v1/customers'));
  });

  // Before /customers/:id, which would take "search" for an id.
  app.get('/customers/search', (c) => respond(ctx, c, searchObjects(store, 'customer', c.get('params'), CUSTOMER_SEARCH_FIELDS, '/v1/customers/search')));

  app.get('/customers/:id', (c) => {
    c.get('params').allowOnly([]);
    return respond(ctx, c, findObject<StripeCustomer>(ctx, 'customer', c.req.param('id')));
  });

  app.post('/customers/:id', (c) => respond(ctx, c, updateCustomer(ctx, findObject<StripeCustomer>(ctx, 'customer', c.req.param('id')), c.get('params'))));

  app.delete('/customers/:id', (c) => {
    c.get('params').allowOnly([]);
    return respond(ctx, c, deleteCustomer(ctx, findObject<StripeCustomer>(ctx, 'customer', c.req.param('id'))));
  });
}
