/** The payment method types a payment or setup intent allows, as its create, update and confirm calls send them. */
import type { StripeParams } from '../http/params';
import { invalidParam } from '../http/stripe-error';

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
