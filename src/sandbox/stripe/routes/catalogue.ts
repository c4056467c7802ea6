/**
 * The catalogue: `/v1/products` (CRUD, list, search), `/v1/prices` (create, retrieve, update, list, search; no
 * delete, as on Stripe) and `/v1/tax_rates` (create, retrieve, update, list).
 */
import type { SandboxContext } from '../../context';
import { listObjects, readListRequest } from '../http/list';
import { respond } from '../http/respond';
import type { StripeApp } from '../http/router';
import { searchObjects } from '../http/search';
import { findObject } from '../services/lookup';
import { createPrice, PRICE_SEARCH_FIELDS, updatePrice, type StripePrice } from '../services/prices';
import { createProduct, deleteProduct, PRODUCT_SEARCH_FIELDS, updateProduct, type StripeProduct } from '../services/products';
import { createTaxRate, updateTaxRate, type StripeTaxRate } from '../services/tax-rates';

/** Registers the routes. */
export function registerStripeCatalogueRoutes(app: StripeApp, ctx: SandboxContext): void {
  const store = ctx.stripe.store;
  ctx.stripe.expander.includable('price', ['tiers']);

  app.post('/products', (c) => respond(ctx, c, createProduct(ctx, c.get('params'))));
  app.get('/products', (c) => {
    const params = c.get('params');
    const request = readListRequest(params, ['active', 'ids', 'shippable', 'url']);
    const active = params.boolean('active');
    const ids = params.strings('ids', { maxItems: 100, maxLength: 255 });
    const shippable = params.boolean('shippable');
    const url = params.string('url', { maxLength: 5000 });
    return respond(ctx, c, listObjects<StripeProduct>(store, {
      type: 'product',
      where: (p) => (active === undefined || p.active === active) && (ids === undefined || ids.includes(p.id)) &&
        (shippable === undefined || p.shippable === shippable) && (url === undefined || p.url === url),
    }, request, '/v1/products'));
  });
  app.get('/products/search', (c) => respond(ctx, c, searchObjects(store, 'product', c.get('params'), PRODUCT_SEARCH_FIELDS, '/v1/products/search')));
  app.get('/products/:id', (c) => {
    c.get('params').allowOnly([]);
    return respond(ctx, c, findObject<StripeProduct>(ctx, 'product', c.req.param('id')));
  });
  app.post('/products/:id', (c) => respond(ctx, c, updateProduct(ctx, findObject<StripeProduct>(ctx, 'product', c.req.param('id')), c.get('params'))));
  app.delete('/products/:id', (c) => {
    c.get('params').allowOnly([]);
    return respond(ctx, c, deleteProduct(ctx, findObject<StripeProduct>(ctx, 'product', c.req.param('id'))));
  });

  app.post('/prices', (c) => respond(ctx, c, createPrice(ctx, c.get('params'))));
  app.get('/prices', (c) => {
    const params = c.get('params');
    const request = readListRequest(params, ['active', 'currency', 'product', 'type', 'lookup_keys', 'recurring']);
    const active = params.boolean('active');
    const currency = params.currency('currency');
    const product = params.string('product', { maxLength: 255 });
    const type = params.oneOf('type', ['one_time', 'recurring'] as const);
    const lookupKeys = params.strings('lookup_keys', { maxItems: 10, maxLength: 200 });
    const recurring = params.object('recurring', { allowed: ['interval', 'meter', 'usage_type'] });
    const interval = recurring?.oneOf('interval', ['day', 'month', 'week', 'year'] as const);
    const meter = recurring?.string('meter', { maxLength: 255 });
    const usageType = recurring?.oneOf('usage_type', ['licensed', 'metered'] as const);
    return respond(ctx, c, listObjects<StripePrice>(store, {
      type: 'price',
      parent: product,
      where: (p) => (active === undefined || p.active === active) && (currency === undefined || p.currency === currency) &&
        (type === undefined || p.type === type) && (lookupKeys === undefined || (p.lookup_key !== null && lookupKeys.includes(p.lookup_key))) &&
        (recurring === undefined || (p.recurring !== null && (interval === undefined || p.recurring.interval === interval) &&
          (meter === undefined || p.recurring.meter === meter) && (usageType === undefined || p.recurring.usage_type === usageType))),
    }, request, '/v1/prices'));
  });
  app.get('/prices/search', (c) => respond(ctx, c, searchObjects(store, 'price', c.get('params'), PRICE_SEARCH_FIELDS, '/v1/prices/search')));
  app.get('/prices/:id', (c) => {
    c.get('params').allowOnly([]);
    return respond(ctx, c, findObject<StripePrice>(ctx, 'price', c.req.param('id')));
  });
  app.post('/prices/:id', (c) => respond(ctx, c, updatePrice(ctx, findObject<StripePrice>(ctx, 'price', c.req.param('id')), c.get('params'))));

  app.post('/tax_rates', (c) => respond(ctx, c, createTaxRate(ctx, c.get('params'))));
  app.get('/tax_rates', (c) => {
    const params = c.get('params');
    const request = readListRequest(params, ['active', 'inclusive']);
    const active = params.boolean('active');
    const inclusive = params.boolean('inclusive');
    return respond(ctx, c, listObjects<StripeTaxRate>(store, {
      type: 'tax_rate', where: (r) => (active === undefined || r.active === active) && (inclusive === undefined || r.inclusive === inclusive),
    }, request, '/v1/tax_rates'));
  });
  app.get('/tax_rates/:id', (c) => {
    c.get('params').allowOnly([]);
    return respond(ctx, c, findObject<StripeTaxRate>(ctx, 'tax_rate', c.req.param('id')));
  });
  app.post('/tax_rates/:id', (c) => respond(ctx, c, updateTaxRate(ctx, findObject<StripeTaxRate>(ctx, 'tax_rate', c.req.param('id')), c.get('params'))));
}
