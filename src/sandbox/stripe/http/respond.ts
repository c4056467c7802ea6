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

/**
 * A 200 for an answer that embeds no other object (a meter event): with no `expand[]` there is nothing to expand nor
 * any includable field to drop, so it is sent as it is, without the copy {@link respond} makes.
 */
export function respondFlat(ctx: SandboxContext, c: StripeCtx, answer: object): Response {
  return c.get('params').has('expand') ? respond(ctx, c, answer) : c.json(answer);
}
