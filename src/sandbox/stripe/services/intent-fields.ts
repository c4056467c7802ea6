/**
 * What payment intents and setup intents share: the payment method types they allow (as their create, update and
 * confirm calls send them) and the fields of a new one.
 */
import { randomBytes } from 'node:crypto';
import type { SandboxContext } from '../../context';
import { newStripeId } from '../ids';
import type { StripeParams } from '../http/params';
import { invalidParam } from '../http/stripe-error';
import type { StripePaymentMethod } from './payment-methods';

/** The payment method types the sandbox serves. */
export const PAYMENT_METHOD_TYPES = ['card', 'us_bank_account'];

/**
 * The payment method types asked for: `allowed_payment_method_types` (API 2026-10-28) or the older
 * `payment_method_types`, which the sandbox still takes.
 */
export function readPaymentMethodTypes(params: StripeParams): string[] | undefined {
  if (params.has('allowed_payment_method_types') && params.has('payment_method_types')) {
    throw invalidParam('payment_method_types', 'You may only specify one of these parameters: allowed_payment_method_types, payment_method_types.');
  }
  const key = params.has('payment_method_types') ? 'payment_method_types' : 'allowed_payment_method_types';
  const types = params.strings(key, { maxItems: 10, maxLength: 50 });
  types?.forEach((type, i) => {
    if (!PAYMENT_METHOD_TYPES.includes(type)) throw invalidParam(`${key}[${i}]`, `The payment method type "${type.slice(0, 40)}" is invalid. The sandbox serves: ${PAYMENT_METHOD_TYPES.join(', ')}.`, 'payment_intent_invalid_parameter');
  });
  return types;
}

/** What both kinds of intent are opened with. */
export interface IntentOpening {
  customer: string | null;
  paymentMethod: StripePaymentMethod | null;
  /** The types asked for; all the sandbox serves (with automatic payment methods) when absent. */
  paymentMethodTypes?: string[];
  description?: string | null;
  metadata?: Record<string, string>;
}

/**
 * The fields a new payment or setup intent shares (id with `prefix`, client secret, types, customer, payment method
 * and the status that follows from it), in Stripe's field names.
 */
export function sharedIntentFields(ctx: SandboxContext, prefix: 'pi' | 'seti', opening: IntentOpening) {
  const id = newStripeId(prefix);
  return {
    id,
    allowed_payment_method_types: opening.paymentMethodTypes ?? null,
    automatic_payment_methods: opening.paymentMethodTypes ? null : { allow_redirects: 'always', enabled: true },
    client_secret: `${id}_secret_${randomBytes(24).toString('base64url').replace(/[-_]/g, 'x')}`,
    created: ctx.stripe.timeOf(opening.customer),
    customer: opening.customer,
    description: opening.description ?? null,
    excluded_payment_method_types: null,
    livemode: false,
    metadata: opening.metadata ?? {},
    next_action: null,
    on_behalf_of: null,
    payment_method: opening.paymentMethod?.id ?? null,
    payment_method_configuration_details: null,
    payment_method_options: {},
    payment_method_types: opening.paymentMethodTypes ?? PAYMENT_METHOD_TYPES,
    status: opening.paymentMethod ? ('requires_confirmation' as const) : ('requires_payment_method' as const),
  };
}
