/**
 * The Stripe-specific steps of the request pipeline (stripe/app.ts orders them around the shared pacing and fault
 * injection): the `Request-Id` and echoed `Stripe-Version` headers, secret-key authentication (Bearer, or Basic with
 * the key as user, as Stripe accepts), how a request is classified for latency and the tally, and decoding the
 * parameters (form body or query string) once for the route.
 */
import type { MiddlewareHandler } from 'hono';
import type { SandboxContext } from '../../context';
import { requestHeader, requestText } from '../../http/node-request';
import type { RequestKind } from '../../latency';
import { STRIPE_SANDBOX_API_VERSION } from '../api-version';
import { newStripeId } from '../ids';
import { decodeStripeForm } from './form';
import { StripeParams } from './params';
import { runInStripeRequest } from './request-scope';
import type { RequestIdEnv, StripeEnv } from './router';
import { authenticationFailed } from './stripe-error';

/** Which kind of request a Stripe method and path are (ids carry capitals or digits; collection names never do). */
export function classifyStripeRequest(method: string, path: string): RequestKind {
  switch (method.toUpperCase()) {
    case 'DELETE':
      return 'delete';
    case 'POST':
      return 'write';
    default: {
      const last = path.replace(/\/+$/, '').split('/').pop() ?? '';
      return /_[A-Za-z0-9]*[A-Z0-9]/.test(last) ? 'fetch' : 'list';
    }
  }
}

/**
 * Gives every answer (errors and 404s included) a `Request-Id` and the `Stripe-Version` the client asked for (the
 * sandbox's own when it asked for none), and
 * runs the rest of the request in its scope (request-scope.ts).
 */
export function stripeRequestHeaders(): MiddlewareHandler<RequestIdEnv> {
  return async (c, next) => {
    const requestId = newStripeId('req', 14);
    c.set('requestId', requestId);
    const idempotencyKey = c.req.method === 'POST' ? (requestHeader(c, 'idempotency-key') ?? null) : null;
    await runInStripeRequest({ id: requestId, idempotencyKey }, next);
    c.res.headers.set('request-id', requestId);
    c.res.headers.set('stripe-version', requestHeader(c, 'stripe-version') || STRIPE_SANDBOX_API_VERSION);
    if (idempotencyKey !== null && !c.res.headers.has('idempotency-key')) c.res.headers.set('idempotency-key', idempotencyKey);
  };
}

/** The secret key a request presents: `Bearer <key>`, or Basic with the key as user name and an empty password. */
export function presentedKey(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const bearer = /^Bearer\s+(.+)$/i.exec(header);
  if (bearer) return bearer[1].trim();
  const basic = /^Basic\s+(.+)$/i.exec(header);
  if (!basic) return header.trim();
  const decoded = Buffer.from(basic[1].trim(), 'base64').toString('utf8');
  return decoded.includes(':') ? decoded.slice(0, decoded.indexOf(':')) : decoded;
}

/** Accepts the sandbox's secret key, else Stripe's 401. */
export function requireStripeKey(ctx: SandboxContext): MiddlewareHandler {
  return async (c, next) => {
    const key = presentedKey(requestHeader(c, 'authorization'));
    if (key !== ctx.stripe.secretKey) throw authenticationFailed(key === '' ? undefined : key);
    await next();
  };
}

/** Decodes the parameters (a POST's form body, otherwise the query string) into `c.get('params')`. */
export function readStripeParams(): MiddlewareHandler<StripeEnv> {
  return async (c, next) => {
    const url = c.req.url;
    const queryAt = url.indexOf('?');
    const text = c.req.method === 'POST' ? await requestText(c) : queryAt < 0 ? '' : url.slice(queryAt + 1);
    c.set('params', new StripeParams(decodeStripeForm(text)));
    await next();
  };
}
