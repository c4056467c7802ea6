/**
 * The API v2 steps of the Stripe request pipeline (v2-app.ts orders them around the shared ones): the router rooted
 * at `/v2/billing`, which credential each route takes (the secret key, or a meter event session's token on the
 * stream), and the JSON body read once for the route.
 */
import { Hono, type MiddlewareHandler } from 'hono';
import type { SandboxContext } from '../../context';
import { requestHeader, requestText } from '../../http/node-request';
import { MeterEventSessions } from '../metering/meter-event-sessions';
import { JsonFields } from './json-body';
import { presentedKey, requireStripeKey } from './pipeline';
import type { RequestIdEnv } from './router';
import { authenticationFailed, StripeApiError } from './stripe-error';
import { sessionExpired } from './stripe-v2-error';

/** The part of Stripe's API v2 the sandbox serves (`https://api.stripe.com/v2/billing` on Stripe). */
export const STRIPE_V2_BILLING_PREFIX = '/v2/billing';

/** The one v2 path a session token authenticates, and no secret key does. */
export const METER_EVENT_STREAM_PATH = `${STRIPE_V2_BILLING_PREFIX}/meter_event_stream`;

/** Per-request variables of the v2 pipeline. */
export interface StripeV2Env {
  Variables: RequestIdEnv['Variables'] & {
    /** The JSON body of a POST (`{}` when empty). */
    body: JsonFields;
    /** The body as sent, which idempotency compares. */
    bodyText: string;
  };
}

/** A new app whose routes lie below {@link STRIPE_V2_BILLING_PREFIX}: `/meter_events` serves `/v2/billing/meter_events`. */
export function createStripeV2Router() {
  return new Hono<StripeV2Env>().basePath(STRIPE_V2_BILLING_PREFIX);
}

/** The app v2 route files register on. */
export type StripeV2App = ReturnType<typeof createStripeV2Router>;

/**
 * Authenticates a v2 request: the stream takes only a meter event session's token (an expired or unknown one is
 * `temporary_session_expired`, so the client renews; a secret key there is a 401 saying to use a session, as on
 * Stripe, whose stream host takes no API key); every other route takes the secret key.
 */
export function requireV2Credentials(ctx: SandboxContext): MiddlewareHandler<StripeV2Env> {
  const secretKey = requireStripeKey(ctx);
  const sessions = ctx.stripe.billing.meterEventSessions;
  return async (c, next) => {
    if (c.req.path !== METER_EVENT_STREAM_PATH) return secretKey(c, next);
    const credential = presentedKey(requestHeader(c, 'authorization'));
    if (credential !== undefined && sessions.isValid(credential)) return next();
    if (credential !== undefined && MeterEventSessions.looksLikeToken(credential)) throw sessionExpired();
    if (credential === ctx.stripe.secretKey) {
      throw new StripeApiError(401, 'invalid_request_error', 'The meter event stream takes a meter event session token, not a secret key: create a session (POST /v2/billing/meter_event_session) and send its authentication_token as the Bearer credential (stripe-node: { apiKey: session.authentication_token }).');
    }
    throw authenticationFailed(credential === '' ? undefined : credential);
  };
}

/** Reads a POST's JSON body into `c.get('body')` (other methods have none). */
export function readJsonBody(): MiddlewareHandler<StripeV2Env> {
  return async (c, next) => {
    const text = c.req.method === 'POST' ? await requestText(c) : '';
    c.set('bodyText', text);
    c.set('body', JsonFields.parse(text));
    await next();
  };
}
