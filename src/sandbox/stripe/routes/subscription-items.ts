/**
 * `/v1/subscription_items`: add an item to a subscription, list a subscription's items (`subscription` required),
 * retrieve, update (price, quantity, tax rates, metadata) and delete (`clear_usage`), each change prorated as its
 * `proration_behavior` says (subscription-changes.ts).
 */
import type { SandboxContext } from '../../context';
import { listObjects, readListRequest } from '../http/list';
import { applyMetadata, type StripeParams } from '../http/params';
import { respond } from '../http/respond';
import type { StripeApp } from '../http/router';
import { readPrice, readTaxRates } from '../invoicing/billing-params';
import type { SubscriptionDoc, SubscriptionItemDoc } from '../invoicing/billing-types';
import { findObject } from '../services/lookup';
import { billingOf } from '../stripe-billing';
import { changeSubscriptionItems, type ChangeOptions } from '../subscriptions/subscription-changes';
import { SUBSCRIPTION_ITEM_TYPE, SUBSCRIPTION_TYPE } from '../subscriptions/subscription-documents';
import { checkPricesFit, readPaymentBehavior, readProrationBehavior } from '../subscriptions/subscription-params';

function readChangeOptions(params: StripeParams): ChangeOptions {
  return { prorationBehavior: readProrationBehavior(params), prorationDate: params.timestamp('proration_date'), paymentBehavior: readPaymentBehavior(params) };
}

/** Registers the routes. */
export function registerStripeSubscriptionItemRoutes(app: StripeApp, ctx: SandboxContext): void {
  const bc = billingOf(ctx);
  const findItem = (id: string) => findObject<SubscriptionItemDoc>(ctx, SUBSCRIPTION_ITEM_TYPE, id);
  const subscriptionOf = (item: SubscriptionItemDoc) => findObject<SubscriptionDoc>(ctx, SUBSCRIPTION_TYPE, item.subscription);

  app.post('/subscription_items', (c) => {
    const params = c.get('params').allowOnly(['subscription', 'price', 'quantity', 'tax_rates', 'metadata', 'proration_behavior', 'proration_date', 'payment_behavior', 'off_session']);
    const subscription = findObject<SubscriptionDoc>(ctx, SUBSCRIPTION_TYPE, params.requiredString('subscription', { maxLength: 255 }), 'subscription');
    const price = readPrice(ctx, params, 'price', { required: true, recurring: true })!;
    checkPricesFit([{ price, param: 'price' }], subscription.items.data.map((item) => item.price));
    params.boolean('off_session');
    const updated = changeSubscriptionItems(bc, subscription, [{
      price,
      quantity: params.integer('quantity', { min: 0, max: 99_999_999 }),
      taxRates: readTaxRates(ctx, params, 'tax_rates') ?? null,
      metadata: applyMetadata({}, params.metadata()),
      param: 'price',
    }], readChangeOptions(params));
    return respond(ctx, c, updated.items.data.find((item) => item.price.id === price.id)!);
  });

  app.get('/subscription_items', (c) => {
    const params = c.get('params');
    const request = readListRequest(params, ['subscription']);
    const subscription = params.requiredString('subscription', { maxLength: 255 });
    findObject(ctx, SUBSCRIPTION_TYPE, subscription, 'subscription');
    return respond(ctx, c, listObjects<SubscriptionItemDoc>(bc.store, { type: SUBSCRIPTION_ITEM_TYPE, parent: subscription }, request, '/v1/subscription_items'));
  });

  app.get('/subscription_items/:id', (c) => {
    c.get('params').allowOnly([]);
    return respond(ctx, c, findItem(c.req.param('id')));
  });

  app.post('/subscription_items/:id', (c) => {
    const item = findItem(c.req.param('id'));
    const params = c.get('params').allowOnly(['price', 'quantity', 'tax_rates', 'metadata', 'proration_behavior', 'proration_date', 'payment_behavior', 'off_session']);
    const subscription = subscriptionOf(item);
    const price = readPrice(ctx, params, 'price', { recurring: true });
    if (price && price.id !== item.price.id) checkPricesFit([{ price, param: 'price' }], subscription.items.data.filter((i) => i.id !== item.id).map((i) => i.price));
    params.boolean('off_session');
    const updated = changeSubscriptionItems(bc, subscription, [{
      id: item.id,
      price,
      quantity: params.integer('quantity', { min: 0, max: 99_999_999 }),
      taxRates: readTaxRates(ctx, params, 'tax_rates'),
      metadata: params.has('metadata') ? applyMetadata(item.metadata, params.metadata()) : undefined,
      param: 'items[0]',
    }], readChangeOptions(params));
    return respond(ctx, c, updated.items.data.find((i) => i.id === item.id)!);
  });

  app.delete('/subscription_items/:id', (c) => {
    const item = findItem(c.req.param('id'));
    const params = c.get('params').allowOnly(['proration_behavior', 'proration_date', 'clear_usage', 'payment_behavior']);
    changeSubscriptionItems(bc, subscriptionOf(item), [{ id: item.id, deleted: true, clearUsage: params.boolean('clear_usage') ?? false, param: 'items[0]' }], readChangeOptions(params));
    return respond(ctx, c, { id: item.id, object: 'subscription_item', deleted: true });
  });
}
