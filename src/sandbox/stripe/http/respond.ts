/**
 * Answers of Stripe routes: the object (or list, or search result) with the request's `expand[]` applied, as JSON.
 * Every route answers through these, so expansion works the same everywhere.
 */
import type { SandboxContext } from '../../context';
import type { StripeCtx } from './router';

/** A 200 with `answer` expanded as the request asks. */
export function respond(ctx: SandboxContext, c: StripeCtx, answer: object): Response {
  return c.json(ctx.stripe.expander.expand(answer, c.get('params').expand()));
}
