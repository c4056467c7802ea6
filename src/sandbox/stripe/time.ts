/** The one function both halves of the Stripe sandbox date objects with (see StripeSandbox.timeOf). */
import type { SandboxContext } from '../context';

/**
 * Unix seconds "now" for an object of `customerId`: its test clock's `frozen_time` when the customer is attached to
 * a clock, otherwise the sandbox's clock (`ctx.now()`).
 */
export function stripeTimeOf(ctx: SandboxContext, customerId?: string | null): number {
  return ctx.stripe.timeOf(customerId);
}
