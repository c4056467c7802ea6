/** `/v1/customers/{id}/tax_ids`: create (Stripe's format check per type), list, retrieve, delete. */
import type { SandboxContext } from '../../context';
import { listObjects, readListRequest } from '../http/list';
import { respond } from '../http/respond';
import type { StripeApp } from '../http/router';
import type { StripeCustomer } from '../services/customers';
import { findCustomerObject, findObject } from '../services/lookup';
import { addTaxId, checkTaxIdInput, type StripeTaxId } from '../services/tax-ids';

/** Registers the routes. */
export function registerStripeCustomerTaxIdRoutes(app: StripeApp, ctx: SandboxContext): void {
  const store = ctx.stripe.store;
  const customerOf = (id: string) => findObject<StripeCustomer>(ctx, 'customer', id);
  const taxIdOf = (customerId: string, id: string) => findCustomerObject<StripeTaxId>(ctx, customerId, 'tax_id', id);

  app.post('/customers/:id/tax_ids', (c) => {
    const customer = customerOf(c.req.param('id'));
    const params = c.get('params').allowOnly(['type', 'value']);
    const input = checkTaxIdInput(params.requiredString('type', { maxLength: 40 }), params.requiredString('value', { maxLength: 200 }), 'type', 'value');
    return respond(ctx, c, addTaxId(ctx, customer.id, input));
  });

  app.get('/customers/:id/tax_ids', (c) => {
    const customer = customerOf(c.req.param('id'));
    const request = readListRequest(c.get('params'));
    return respond(ctx, c, listObjects(store, { type: 'tax_id', parent: customer.id }, request, `/v1/customers/${customer.id}/tax_ids`));
  });

  app.get('/customers/:id/tax_ids/:taxId', (c) => {
    c.get('params').allowOnly([]);
    return respond(ctx, c, taxIdOf(c.req.param('id'), c.req.param('taxId')));
  });

  app.delete('/customers/:id/tax_ids/:taxId', (c) => {
    c.get('params').allowOnly([]);
    const taxId = taxIdOf(c.req.param('id'), c.req.param('taxId'));
    store.delete(taxId.id);
    ctx.stripe.events.publish('customer.tax_id.deleted', taxId);
    return respond(ctx, c, { id: taxId.id, object: 'tax_id', deleted: true });
  });
}
