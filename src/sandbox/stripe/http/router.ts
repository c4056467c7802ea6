/** The Hono app Stripe routes register on, rooted at Stripe's `/v1` so route files write Stripe's own paths. */
import { Hono, type Context } from 'hono';
import type { StripeParams } from './params';

/** Where Stripe's API lives on the sandbox (`https://api.stripe.com/v1` on Stripe). */
export const STRIPE_PREFIX = '/v1';

/** What every Stripe request (v1 or v2) carries. */
export interface RequestIdEnv {
  Variables: {
    /** This request's `Request-Id` (`req_…`). */
    requestId: string;
  };
}

/** Per-request variables the Stripe pipeline sets. */
export interface StripeEnv {
  Variables: RequestIdEnv['Variables'] & {
    /** The request's parameters: the form body of a POST, the query string of a GET or DELETE. */
    params: StripeParams;
  };
}

/** A new app whose routes and middleware lie below {@link STRIPE_PREFIX}: `/customers` serves `/v1/customers`. */
export function createStripeRouter() {
  return new Hono<StripeEnv>().basePath(STRIPE_PREFIX);
}

/** The app Stripe route files register on. */
export type StripeApp = ReturnType<typeof createStripeRouter>;

/** A Stripe request's context, as route handlers get it. */
export type StripeCtx = Context<StripeEnv>;
