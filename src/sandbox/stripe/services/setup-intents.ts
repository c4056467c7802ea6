/**
 * Setup intents: save a payment method for later (off-session) payments. Confirming checks the payment method as
 * Stripe's zero-amount authorisation does: a card that declines leaves the intent `requires_payment_method` with
 * `last_setup_error` (and a 402 to the caller); one that passes is attached to the intent's customer and the intent
 * `succeeded`.
 */
import { randomBytes } from 'node:crypto';
import type { SandboxContext } from '../../context';
import { newStripeId } from '../ids';
import { invalidRequest, type StripeApiError } from '../http/stripe-error';
import type { StripeObject } from '../store/stripe-objects-repository';
import { attachPaymentMethod, declineError, paymentOutcomeOf, resolvePaymentMethod, type StripePaymentMethod } from './payment-methods';

/** A setup intent as served. */
export interface StripeSetupIntent extends StripeObject {
  object: 'setup_intent';
  customer: string | null;
  description: string | null;
  last_setup_error: Record<string, unknown> | null;
  metadata: Record<string, string>;
  payment_method: string | null;
  payment_method_types: string[];
  status: 'requires_payment_method' | 'requires_confirmation' | 'requires_action' | 'processing' | 'canceled' | 'succeeded';
  usage: 'off_session' | 'on_session';
}

/** What a setup intent is opened with. */
export interface SetupIntentFields {
  customer: string | null;
  paymentMethod: StripePaymentMethod | null;
  paymentMethodTypes?: string[];
  usage?: StripeSetupIntent['usage'];
  description?: string | null;
  metadata?: Record<string, string>;
}

/** Stores a new setup intent and publishes `setup_intent.created`. */
export function openSetupIntent(ctx: SandboxContext, fields: SetupIntentFields): StripeSetupIntent {
  const id = newStripeId('seti');
  const intent: StripeSetupIntent = {
    id,
    object: 'setup_intent',
    allowed_payment_method_types: fields.paymentMethodTypes ?? null,
    application: null,
    automatic_payment_methods: fields.paymentMethodTypes ? null : { allow_redirects: 'always', enabled: true },
    cancellation_reason: null,
    client_secret: `${id}_secret_${randomBytes(24).toString('base64url').replace(/[-_]/g, 'x')}`,
    created: ctx.stripe.timeOf(fields.customer),
    customer: fields.customer,
    description: fields.description ?? null,
    excluded_payment_method_types: null,
    flow_directions: null,
    last_setup_error: null,
    latest_attempt: null,
    livemode: false,
    mandate: null,
    metadata: fields.metadata ?? {},
    next_action: null,
    on_behalf_of: null,
    payment_method: fields.paymentMethod?.id ?? null,
    payment_method_configuration_details: null,
    payment_method_options: {},
    payment_method_types: fields.paymentMethodTypes ?? ['card', 'us_bank_account'],
    single_use_mandate: null,
    status: fields.paymentMethod ? 'requires_confirmation' : 'requires_payment_method',
    usage: fields.usage ?? 'off_session',
  };
  ctx.stripe.store.insert(intent, { customer: fields.customer });
  ctx.stripe.events.publish('setup_intent.created', intent);
  return intent;
}

/** Confirms a setup intent; see the module comment. */
export function confirmSetupIntent(ctx: SandboxContext, intent: StripeSetupIntent, paymentMethodId?: string): { setupIntent: StripeSetupIntent; error?: StripeApiError } {
  if (intent.status !== 'requires_payment_method' && intent.status !== 'requires_confirmation') {
    throw invalidRequest(`This SetupIntent's status is ${intent.status}; it can only be confirmed when it requires a payment method or confirmation.`, undefined, 'setup_intent_unexpected_state');
  }
  const pmId = paymentMethodId ?? intent.payment_method;
  if (!pmId) throw invalidRequest('You cannot confirm this SetupIntent because it\'s missing a payment method. Update it with a payment method and then confirm it again.', 'payment_method', 'setup_intent_unexpected_state');
  let pm = resolvePaymentMethod(ctx, pmId, 'payment_method');
  if (!intent.payment_method_types.includes(pm.type)) {
    throw invalidRequest(`The PaymentMethod provided (${pm.type}) is not allowed for this SetupIntent; allowed types: ${intent.payment_method_types.join(', ')}.`, 'payment_method', 'setup_intent_unexpected_state');
  }
  if (paymentOutcomeOf(pm) === 'decline') {
    const error = declineError(pm, 'decline');
    const failed: StripeSetupIntent = { ...intent, status: 'requires_payment_method', payment_method: null, last_setup_error: { ...error.toBody().error, payment_method: pm } };
    ctx.stripe.store.update(failed);
    ctx.stripe.events.publish('setup_intent.setup_failed', failed);
    error.details.setup_intent = failed;
    return { setupIntent: failed, error };
  }
  if (intent.customer) pm = attachPaymentMethod(ctx, pm.id, intent.customer, 'payment_method');
  const succeeded: StripeSetupIntent = { ...intent, status: 'succeeded', payment_method: pm.id, last_setup_error: null };
  ctx.stripe.store.update(succeeded);
  ctx.stripe.events.publish('setup_intent.succeeded', succeeded);
  return { setupIntent: succeeded };
}
