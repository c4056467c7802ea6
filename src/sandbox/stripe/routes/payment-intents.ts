/**
 * `/v1/payment_intents` (create, retrieve, update, confirm, capture, cancel, list, search) and `/v1/charges`
 * (retrieve, update, list). A decline is answered 402 `card_error` with the intent embedded, as Stripe answers it.
 */
import type { SandboxContext } from '../../context';
import { previousAttributes } from '../events/previous-attributes';
import { listObjects, readListRequest } from '../http/list';
import { applyMetadata } from '../http/params';
import { respond } from '../http/respond';
import type { StripeApp } from '../http/router';
import { searchObjects } from '../http/search';
import type { SearchFields } from '../http/search-query';
import { invalidParam, invalidRequest } from '../http/stripe-error';
import { servedCharge, type StripeCharge } from '../services/charges';
import type { StripeCustomer } from '../services/customers';
import { findObject } from '../services/lookup';
import {
  cancelPaymentIntent, capturePaymentIntent, checkAmount, confirmPaymentIntent, openPaymentIntent, type PaymentAttempt, type StripePaymentIntent,
} from '../services/payment-intents';
import { readPaymentMethodTypes } from '../services/intent-fields';
import { resolvePaymentMethod } from '../services/payment-methods';

const SEARCH_FIELDS: SearchFields<StripePaymentIntent> = {
  amount: { kind: 'number', read: (pi) => pi.amount },
  created: { kind: 'number', read: (pi) => pi.created },
  currency: { kind: 'token', read: (pi) => pi.currency },
  customer: { kind: 'token', read: (pi) => pi.customer },
  status: { kind: 'token', read: (pi) => pi.status },
};
const IGNORED = ['excluded_payment_method_types', 'return_url', 'use_stripe_sdk', 'mandate_data', 'payment_method_options', 'shipping', 'error_on_requires_action', 'confirmation_method', 'statement_descriptor_suffix', 'radar_options', 'mandate'];

/** Throws the decline of an attempt (Stripe answers it as an error), or answers the intent. */
function outcome(attempt: PaymentAttempt): StripePaymentIntent {
  if (attempt.error) throw attempt.error;
  return attempt.paymentIntent;
}

/** Registers the routes. */
export function registerStripePaymentIntentRoutes(app: StripeApp, ctx: SandboxContext): void {
  const store = ctx.stripe.store;
  const intentOf = (id: string) => findObject<StripePaymentIntent>(ctx, 'payment_intent', id);
  ctx.stripe.expander.register('ch', (id) => {
    const charge = store.get<StripeCharge>('charge', id);
    return charge && servedCharge(ctx, charge);
  });

  app.post('/payment_intents', (c) => {
    const params = c.get('params').allowOnly(['amount', 'currency', 'customer', 'payment_method', 'confirm', 'off_session', 'capture_method', 'payment_method_types', 'allowed_payment_method_types', 'excluded_payment_method_types', 'metadata', 'description', 'receipt_email', 'setup_future_usage', 'statement_descriptor', 'automatic_payment_methods', ...IGNORED]);
    const amount = params.amount('amount', { required: true, min: 1 })!;
    const currency = params.currency('currency', { required: true })!;
    checkAmount(amount, currency);
    const customerId = params.string('customer', { maxLength: 255 });
    const customer = customerId === undefined ? null : findObject<StripeCustomer>(ctx, 'customer', customerId, 'customer');
    const types = readPaymentMethodTypes(params);
    const automatic = params.object('automatic_payment_methods', { allowed: ['enabled', 'allow_redirects'] });
    if (automatic && types) throw invalidParam('automatic_payment_methods', 'You may only specify one of these parameters: automatic_payment_methods, payment_method_types.');
    automatic?.boolean('enabled', { required: true });
    automatic?.oneOf('allow_redirects', ['always', 'never'] as const);
    const confirm = params.boolean('confirm') ?? false;
    const offSession = params.boolean('off_session');
    if (offSession !== undefined && !confirm) throw invalidParam('off_session', 'off_session can only be set when confirm=true.');
    const pmId = params.string('payment_method', { maxLength: 255 });
    const setupFutureUsage = params.oneOf('setup_future_usage', ['off_session', 'on_session'] as const) ?? null;
    if (setupFutureUsage && !customer) throw invalidParam('setup_future_usage', 'setup_future_usage needs a customer to save the payment method to.');
    const intent = openPaymentIntent(ctx, {
      amount, currency, customer: customer?.id ?? null,
      paymentMethod: pmId === undefined ? null : resolvePaymentMethod(ctx, pmId, 'payment_method'),
      paymentMethodTypes: types, captureMethod: params.oneOf('capture_method', ['automatic', 'automatic_async', 'manual'] as const),
      setupFutureUsage, description: params.string('description', { maxLength: 1000 }) ?? null,
      metadata: applyMetadata({}, params.metadata()), receiptEmail: params.string('receipt_email', { maxLength: 800 }) ?? null,
      statementDescriptor: params.string('statement_descriptor', { maxLength: 22 }) ?? null,
    });
    return respond(ctx, c, confirm ? outcome(confirmPaymentIntent(ctx, intent)) : intent);
  });

  app.get('/payment_intents', (c) => {
    const params = c.get('params');
    const request = readListRequest(params, ['customer']);
    const customer = params.string('customer', { maxLength: 255 });
    return respond(ctx, c, listObjects<StripePaymentIntent>(store, { type: 'payment_intent', customer }, request, '/v1/payment_intents'));
  });
  app.get('/payment_intents/search', (c) => respond(ctx, c, searchObjects(store, 'payment_intent', c.get('params'), SEARCH_FIELDS, '/v1/payment_intents/search')));

  app.get('/payment_intents/:id', (c) => {
    c.get('params').allowOnly(['client_secret']);
    return respond(ctx, c, intentOf(c.req.param('id')));
  });

  app.post('/payment_intents/:id', (c) => {
    const intent = intentOf(c.req.param('id'));
    const params = c.get('params').allowOnly(['amount', 'currency', 'customer', 'description', 'metadata', 'payment_method', 'payment_method_types', 'allowed_payment_method_types', 'excluded_payment_method_types', 'receipt_email', 'setup_future_usage', 'statement_descriptor', 'capture_method', ...IGNORED]);
    const next: StripePaymentIntent = { ...intent, metadata: applyMetadata(intent.metadata, params.metadata()) };
    const description = params.nullableString('description', { maxLength: 1000 });
    if (description !== undefined) next.description = description;
    const changesPayment = ['amount', 'currency', 'customer', 'payment_method', 'payment_method_types', 'allowed_payment_method_types', 'capture_method', 'setup_future_usage'].some((k) => params.has(k));
    if (changesPayment) {
      if (intent.status !== 'requires_payment_method' && intent.status !== 'requires_confirmation') {
        throw invalidRequest(`This PaymentIntent's ${params.keys().find((k) => k !== 'metadata' && k !== 'description')} cannot be updated because it has a status of ${intent.status}.`, undefined, 'payment_intent_unexpected_state');
      }
      next.currency = params.currency('currency') ?? intent.currency;
      next.amount = params.amount('amount', { min: 1 }) ?? intent.amount;
      checkAmount(next.amount, next.currency);
      const customerId = params.string('customer', { maxLength: 255 });
      if (customerId !== undefined) next.customer = findObject<StripeCustomer>(ctx, 'customer', customerId, 'customer').id;
      next.payment_method_types = readPaymentMethodTypes(params) ?? intent.payment_method_types;
      next.capture_method = params.oneOf('capture_method', ['automatic', 'automatic_async', 'manual'] as const) ?? intent.capture_method;
      next.setup_future_usage = params.oneOf('setup_future_usage', ['off_session', 'on_session'] as const) ?? intent.setup_future_usage;
      const pmId = params.nullableString('payment_method', { maxLength: 255 });
      if (pmId !== undefined) {
        next.payment_method = pmId === null ? null : resolvePaymentMethod(ctx, pmId, 'payment_method').id;
        next.status = next.payment_method ? 'requires_confirmation' : 'requires_payment_method';
      }
    }
    next.receipt_email = params.nullableString('receipt_email', { maxLength: 800 }) ?? intent.receipt_email;
    next.statement_descriptor = params.nullableString('statement_descriptor', { maxLength: 22 }) ?? intent.statement_descriptor;
    const changed = previousAttributes(intent, next);
    if (changed) {
      store.update(next, { customer: next.customer });
      ctx.stripe.events.publish('payment_intent.updated', next, { previousAttributes: changed });
    }
    return respond(ctx, c, next);
  });

  app.post('/payment_intents/:id/confirm', (c) => {
    const intent = intentOf(c.req.param('id'));
    const params = c.get('params').allowOnly(['payment_method', 'off_session', 'receipt_email', 'setup_future_usage', 'capture_method', 'payment_method_types', 'allowed_payment_method_types', 'excluded_payment_method_types', ...IGNORED]);
    params.boolean('off_session');
    return respond(ctx, c, outcome(confirmPaymentIntent(ctx, intent, { paymentMethodId: params.string('payment_method', { maxLength: 255 }) })));
  });

  app.post('/payment_intents/:id/capture', (c) => {
    const intent = intentOf(c.req.param('id'));
    const params = c.get('params').allowOnly(['amount_to_capture', 'metadata', 'statement_descriptor', 'statement_descriptor_suffix', 'final_capture']);
    params.boolean('final_capture');
    return respond(ctx, c, capturePaymentIntent(ctx, intent, params.amount('amount_to_capture', { min: 0 })));
  });

  app.post('/payment_intents/:id/cancel', (c) => {
    const intent = intentOf(c.req.param('id'));
    const params = c.get('params').allowOnly(['cancellation_reason']);
    return respond(ctx, c, cancelPaymentIntent(ctx, intent, params.oneOf('cancellation_reason', ['abandoned', 'duplicate', 'fraudulent', 'requested_by_customer'] as const) ?? null));
  });

  app.get('/charges', (c) => {
    const params = c.get('params');
    const request = readListRequest(params, ['customer', 'payment_intent']);
    const customer = params.string('customer', { maxLength: 255 });
    const intent = params.string('payment_intent', { maxLength: 255 });
    const page = listObjects<StripeCharge>(store, { type: 'charge', customer, parent: intent }, request, '/v1/charges');
    return respond(ctx, c, { ...page, data: page.data.map((charge) => servedCharge(ctx, charge)) });
  });

  app.get('/charges/:id', (c) => {
    c.get('params').allowOnly([]);
    return respond(ctx, c, servedCharge(ctx, findObject<StripeCharge>(ctx, 'charge', c.req.param('id'))));
  });

  app.post('/charges/:id', (c) => {
    const charge = findObject<StripeCharge>(ctx, 'charge', c.req.param('id'));
    const params = c.get('params').allowOnly(['description', 'metadata', 'receipt_email', 'fraud_details', 'shipping', 'transfer_group']);
    const description = params.nullableString('description', { maxLength: 1000 });
    const next: StripeCharge = { ...charge, metadata: applyMetadata(charge.metadata, params.metadata()), description: description === undefined ? charge.description : description };
    store.update(next);
    ctx.stripe.events.publish('charge.updated', servedCharge(ctx, next), { previousAttributes: previousAttributes(charge, next) });
    return respond(ctx, c, servedCharge(ctx, next));
  });
}
