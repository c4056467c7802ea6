/**
 * Setup intents: save a payment method for later (off-session) payments. Confirming checks the payment method as
 * Stripe's zero-amount authorisation does: a card that declines leaves the intent `requires_payment_method` with
 * `last_setup_error` (and a 402 to the caller); one that passes is attached to the intent's customer and the intent
 * `succeeded`.
 */
import type { SandboxContext } from '../../context';
import { invalidRequest, type StripeApiError } from '../http/stripe-error';
import type { StripeObject } from '../store/stripe-objects-repository';
import { sharedIntentFields, type IntentOpening } from './intent-fields';
import { attachPaymentMethod, declineError, paymentOutcomeOf, resolvePaymentMethod } from './payment-methods';

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
export interface SetupIntentFields extends IntentOpening {
  usage?: StripeSetupIntent['usage'];
}

/** Stores a new setup intent and publishes `setup_intent.created`. */
export function openSetupIntent(ctx: SandboxContext, fields: SetupIntentFields): StripeSetupIntent {
  const intent: StripeSetupIntent = {
    ...sharedIntentFields(ctx, 'seti', fields),
    object: 'setup_intent',
    application: null,
    cancellation_reason: null,
    flow_directions: null,
    last_setup_error: null,
    latest_attempt: null,
    mandate: null,
    single_use_mandate: null,
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
