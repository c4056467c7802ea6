/** `/v1/refunds` (create, retrieve, update, list) and `/v1/setup_intents` (create, retrieve, update, confirm, cancel, list). */
import type { SandboxContext } from '../../context';
import { listObjects, readListRequest } from '../http/list';
import { applyMetadata } from '../http/params';
import { respond } from '../http/respond';
import type { StripeApp } from '../http/router';
import { invalidRequest } from '../http/stripe-error';
import type { StripeCustomer } from '../services/customers';
import { findObject } from '../services/lookup';
import { resolvePaymentMethod } from '../services/payment-methods';
import { readPaymentMethodTypes } from '../services/intent-fields';
import { createRefund, type StripeRefund } from '../services/refunds';
import { confirmSetupIntent, openSetupIntent, type StripeSetupIntent } from '../services/setup-intents';

/** Registers the routes. */
export function registerStripeRefundAndSetupIntentRoutes(app: StripeApp, ctx: SandboxContext): void {
  const store = ctx.stripe.store;

  app.post('/refunds', (c) => respond(ctx, c, createRefund(ctx, c.get('params'))));
  app.get('/refunds', (c) => {
    const params = c.get('params');
    const request = readListRequest(params, ['charge', 'payment_intent']);
    const charge = params.string('charge', { maxLength: 255 });
    const intent = params.string('payment_intent', { maxLength: 255 });
    return respond(ctx, c, listObjects<StripeRefund>(store, { type: 'refund', parent: charge, where: (r) => intent === undefined || r.payment_intent === intent }, request, '/v1/refunds'));
  });
  app.get('/refunds/:id', (c) => {
    c.get('params').allowOnly([]);
    return respond(ctx, c, findObject<StripeRefund>(ctx, 'refund', c.req.param('id')));
  });
  app.post('/refunds/:id', (c) => {
    const refund = findObject<StripeRefund>(ctx, 'refund', c.req.param('id'));
    const params = c.get('params').allowOnly(['metadata']);
    const next: StripeRefund = { ...refund, metadata: applyMetadata(refund.metadata, params.metadata()) };
    store.update(next);
    return respond(ctx, c, next);
  });

  const setupIntentOf = (id: string) => findObject<StripeSetupIntent>(ctx, 'setup_intent', id);
  const confirmed = (attempt: { setupIntent: StripeSetupIntent; error?: Error }) => {
    if (attempt.error) throw attempt.error;
    return attempt.setupIntent;
  };

  app.post('/setup_intents', (c) => {
    const params = c.get('params').allowOnly(['customer', 'payment_method', 'payment_method_types', 'allowed_payment_method_types', 'excluded_payment_method_types', 'usage', 'confirm', 'description', 'metadata', 'automatic_payment_methods', 'return_url', 'mandate_data', 'payment_method_options', 'attach_to_self', 'flow_directions', 'use_stripe_sdk', 'single_use']);
    const customerId = params.string('customer', { maxLength: 255 });
    const customer = customerId === undefined ? null : findObject<StripeCustomer>(ctx, 'customer', customerId, 'customer');
    const types = readPaymentMethodTypes(params);
    const pmId = params.string('payment_method', { maxLength: 255 });
    params.object('automatic_payment_methods', { allowed: ['enabled', 'allow_redirects'] });
    params.boolean('attach_to_self');
    const intent = openSetupIntent(ctx, {
      customer: customer?.id ?? null,
      paymentMethod: pmId === undefined ? null : resolvePaymentMethod(ctx, pmId, 'payment_method'),
      paymentMethodTypes: types,
      usage: params.oneOf('usage', ['off_session', 'on_session'] as const),
      description: params.string('description', { maxLength: 1000 }) ?? null,
      metadata: applyMetadata({}, params.metadata()),
    });
    return respond(ctx, c, params.boolean('confirm') ? confirmed(confirmSetupIntent(ctx, intent)) : intent);
  });
  app.get('/setup_intents', (c) => {
    const params = c.get('params');
    const request = readListRequest(params, ['customer', 'payment_method', 'attach_to_self']);
    const customer = params.string('customer', { maxLength: 255 });
    const pm = params.string('payment_method', { maxLength: 255 });
    params.boolean('attach_to_self');
    return respond(ctx, c, listObjects<StripeSetupIntent>(store, { type: 'setup_intent', customer, where: (s) => pm === undefined || s.payment_method === pm }, request, '/v1/setup_intents'));
  });
  app.get('/setup_intents/:id', (c) => {
    c.get('params').allowOnly(['client_secret']);
    return respond(ctx, c, setupIntentOf(c.req.param('id')));
  });
  app.post('/setup_intents/:id', (c) => {
    const intent = setupIntentOf(c.req.param('id'));
    const params = c.get('params').allowOnly(['description', 'metadata', 'payment_method', 'customer', 'payment_method_types', 'allowed_payment_method_types', 'excluded_payment_method_types']);
    const description = params.nullableString('description', { maxLength: 1000 });
    const next: StripeSetupIntent = { ...intent, metadata: applyMetadata(intent.metadata, params.metadata()), description: description === undefined ? intent.description : description };
    const pmId = params.string('payment_method', { maxLength: 255 });
    if (pmId !== undefined) next.payment_method = resolvePaymentMethod(ctx, pmId, 'payment_method').id;
    const customerId = params.string('customer', { maxLength: 255 });
    if (customerId !== undefined) next.customer = findObject<StripeCustomer>(ctx, 'customer', customerId, 'customer').id;
    if (next.payment_method && next.status === 'requires_payment_method') next.status = 'requires_confirmation';
    store.update(next, { customer: next.customer });
    return respond(ctx, c, next);
  });
  app.post('/setup_intents/:id/confirm', (c) => {
    const intent = setupIntentOf(c.req.param('id'));
    const params = c.get('params').allowOnly(['payment_method', 'return_url', 'mandate_data', 'payment_method_options', 'use_stripe_sdk']);
    return respond(ctx, c, confirmed(confirmSetupIntent(ctx, intent, params.string('payment_method', { maxLength: 255 }))));
  });
  app.post('/setup_intents/:id/cancel', (c) => {
    const intent = setupIntentOf(c.req.param('id'));
    const params = c.get('params').allowOnly(['cancellation_reason']);
    if (intent.status === 'succeeded' || intent.status === 'canceled') {
      throw invalidRequest(`You cannot cancel this SetupIntent because it has a status of ${intent.status}.`, undefined, 'setup_intent_unexpected_state');
    }
    const canceled: StripeSetupIntent = { ...intent, status: 'canceled', cancellation_reason: params.oneOf('cancellation_reason', ['abandoned', 'duplicate', 'requested_by_customer'] as const) ?? null };
    store.update(canceled);
    ctx.stripe.events.publish('setup_intent.canceled', canceled);
    return respond(ctx, c, canceled);
  });
}
