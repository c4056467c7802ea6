/**
 * Reading objects that must exist: a missing one is Stripe's `resource_missing` (404 when the URL names it, 400 on
 * the parameter that named it). Every Stripe service and route looks objects up through these.
 */
import type { SandboxContext } from '../../context';
import { resourceMissing } from '../http/stripe-error';
import type { StripeObject } from '../store/stripe-objects-repository';

/** How Stripe names each type in "No such …" messages. */
const KIND_NAMES: Readonly<Record<string, string>> = {
  payment_method: 'PaymentMethod',
  payment_intent: 'payment_intent',
  setup_intent: 'setupintent',
  'billing.meter': 'billing meter',
  'test_helpers.test_clock': 'test clock',
  customer_balance_transaction: 'customer balance transaction',
  subscription_schedule: 'subscription schedule',
};

/** The name of a type in Stripe's "No such …" messages. */
export function kindName(type: string): string {
  return KIND_NAMES[type] ?? type;
}

/** The stored object of `type` with `id`, or Stripe's resource_missing (on `param` when a parameter named it). */
export function findObject<T extends StripeObject>(ctx: SandboxContext, type: string, id: string, param?: string): T {
  const object = ctx.stripe.store.get<T>(type, id);
  if (!object) throw resourceMissing(kindName(type), id, param);
  return object;
}

/**
 * An object that belongs to a customer named in the URL (`/v1/customers/{id}/tax_ids/{txi}`): the customer must exist
 * and the object must be its own, else a 404 for the one that is missing.
 */
export function findCustomerObject<T extends StripeObject & { customer: string | null }>(ctx: SandboxContext, customerId: string, type: string, id: string): T {
  findObject(ctx, 'customer', customerId);
  const object = ctx.stripe.store.get<T>(type, id);
  if (!object || object.customer !== customerId) throw resourceMissing(kindName(type), id);
  return object;
}
