/**
 * Time passing for customers on no test clock: before each Stripe request, whatever billing work has come due by the
 * sandbox's clock runs first (renewals, finalizations, cancellations), as the Telnyx app settles due orders. It is
 * caused by no request, so its events record none. When nothing is due this costs one indexed query.
 */
import type { MiddlewareHandler } from 'hono';
import type { SandboxContext } from '../../context';
import { outsideStripeRequest } from '../http/request-scope';
import { billingOf } from '../stripe-billing';
import { runDueBilling } from './due-runner';

/** The middleware; it runs after authentication and before the routes. */
export function settleDueBilling(ctx: SandboxContext): MiddlewareHandler {
  const bc = billingOf(ctx);
  return async (_c, next) => {
    const now = ctx.stripe.clocks.wallTime();
    if (bc.due.next(null, now)) outsideStripeRequest(() => runDueBilling(bc, null, now));
    await next();
  };
}
