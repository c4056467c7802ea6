/**
 * `Idempotency-Key` on POST, as Stripe implements it: the first answer under a key is stored (stripe-idempotency-
 * repository.ts); the same key with the same method, path and parameters gets that answer again, marked
 * `Idempotent-Replayed: true` with the first `Original-Request`; the same key with anything else is a 400
 * `idempotency_error`; a second request while the first is still running is a 409. As on Stripe, an answer is stored
 * only once the endpoint started its work: a request refused for its parameters (400) or credentials stores nothing,
 * so fixing it and retrying under the same key works. API v1 and v2 share it; each says how its parameters are
 * compared (v1: the decoded form, canonically ordered; v2: the JSON body).
 */
import { createHash } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import type { SandboxContext } from '../../context';
import { requestHeader } from '../../http/node-request';
import type { RequestIdEnv } from './router';
import { invalidRequest, StripeApiError } from './stripe-error';

/** Statuses whose answers are worth replaying: the work ran (a success, a decline, a missing object). */
function worthStoring(status: number): boolean {
  return status < 400 || status === 402 || status === 404;
}

/**
 * The middleware; it runs after the parameters are decoded and before the route. `parametersOf` gives the request's
 * parameters as text that is equal exactly when the parameters are.
 */
export function idempotentPosts<E extends RequestIdEnv>(ctx: SandboxContext, parametersOf: (c: Context<E>) => string): MiddlewareHandler<E> {
  const running = new Set<string>();
  return async (c, next) => {
    if (c.req.method !== 'POST') return next();
    const key = requestHeader(c, 'idempotency-key');
    if (key === undefined) return next();
    if (key.length === 0 || key.length > 255) throw invalidRequest('Invalid Idempotency-Key: it must be 1 to 255 characters long.', undefined, 'idempotency_key_invalid');
    const hash = createHash('sha256').update(`POST ${c.req.path}\n${parametersOf(c)}`).digest('hex');
    const repository = ctx.stripe.idempotency;
    const stored = repository.find(key, ctx.now());
    if (stored) {
      if (stored.request_hash !== hash) {
        throw new StripeApiError(400, 'idempotency_error', `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`);
      }
      return new Response(stored.body, {
        status: stored.status,
        headers: { 'content-type': 'application/json', 'idempotent-replayed': 'true', 'original-request': stored.request_id },
      });
    }
    if (running.has(key)) {
      throw new StripeApiError(409, 'idempotency_error', 'There is currently another in-progress request using this Idempotency-Key. Please retry this request later or use a different key.', { code: 'idempotency_key_in_use' });
    }
    running.add(key);
    try {
      await next();
      if (worthStoring(c.res.status)) {
        const body = await c.res.clone().text();
        repository.save({ key, request_hash: hash, request_id: c.get('requestId'), status: c.res.status, body, created_at: ctx.now() });
      }
    } finally {
      running.delete(key);
    }
  };
}
