/**
 * What every Telnyx request goes through before its route, in the order the Twilio app applies the same steps: Bearer
 * authentication, then pacing (counted in the request tally, a concurrency slot of the Telnyx account, the latency
 * profile's hold), then fault injection; and, last, completion of any number order that has come due, so every answer
 * reflects the orders' current state.
 */
import type { MiddlewareHandler } from 'hono';
import type { SandboxContext } from '../../context';
import type { FaultDecision } from '../../faults';
import { holdAnswer } from '../../http/hold-answer';
import { TwilioApiError } from '../../http/twilio-error';
import type { RequestKind } from '../../latency';
import { TelnyxApiError, telnyxError, TelnyxErrorCode, telnyxErrorResponse } from './telnyx-error';

// Path ends that name one resource: a numeric id or a UUID (and /voice of one number).
const ONE_THING = /\/(?:\d{1,25}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?:\/voice)?$/i;

/** Which kind of request a Telnyx method and path are: placing a number order is a `purchase`. */
export function classifyTelnyxRequest(method: string, path: string): RequestKind {
  switch (method.toUpperCase()) {
    case 'DELETE':
      return 'delete';
    case 'POST':
      return /\/number_orders\/?$/.test(path) ? 'purchase' : 'write';
    case 'PATCH':
    case 'PUT':
      return 'write';
    default:
      return ONE_THING.test(path.replace(/\/+$/, '')) ? 'fetch' : 'list';
  }
}

/** Accepts `Authorization: Bearer <the sandbox's Telnyx API key>`, else Telnyx's 401. */
export function requireTelnyxKey(ctx: SandboxContext): MiddlewareHandler {
  return async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer\s+(.+)$/i.exec(header);
    if (!match) {
      throw telnyxError(401, TelnyxErrorCode.authentication, 'The Authorization header is missing; send "Authorization: Bearer <API key>"');
    }
    if (match[1].trim() !== ctx.telnyx.apiKey) {
      throw telnyxError(401, TelnyxErrorCode.authentication, 'The API key in the Authorization header is not valid for this sandbox');
    }
    await next();
  };
}

/** Tally, concurrency slot and latency hold, as the Twilio app paces its requests. */
export function paceTelnyx(ctx: SandboxContext): MiddlewareHandler {
  return async (c, next) => {
    const path = new URL(c.req.url).pathname;
    const kind = classifyTelnyxRequest(c.req.method, path);
    ctx.requests.count(kind);
    let release: () => void;
    try {
      release = ctx.concurrency.admit(ctx.telnyx.accountId);
    } catch (refusal) {
      const wait = ctx.latency.draw('fetch');
      if (wait > 0) await holdAnswer(wait, c.req.raw.signal);
      const retryAfter = refusal instanceof TwilioApiError ? refusal.headers['retry-after'] : undefined;
      throw new TelnyxApiError(429, [{ code: TelnyxErrorCode.tooManyRequests.code, title: TelnyxErrorCode.tooManyRequests.title,
        detail: 'Too many requests in flight for this account; retry after the Retry-After delay' }], retryAfter ? { 'retry-after': retryAfter } : {});
    }
    try {
      const wait = ctx.latency.draw(kind);
      if (wait > 0) await holdAnswer(wait, c.req.raw.signal);
      await next();
    } finally {
      release();
    }
  };
}

/** The sandbox's fault rules, matched against the `/v2/...` path and answered in Telnyx's error shape. */
export function injectTelnyxFaults(ctx: SandboxContext): MiddlewareHandler {
  return async (c, next) => {
    const path = new URL(c.req.url).pathname;
    const decision: FaultDecision = ctx.faults.decide(c.req.method, path);
    if (decision.latencyMs > 0) await holdAnswer(decision.latencyMs, undefined);
    const failure = decision.failure;
    const injected = () => {
      const status = failure!.status;
      const kind = status === 429 ? TelnyxErrorCode.tooManyRequests : TelnyxErrorCode.unexpected;
      const detail = status === 429 ? 'Too many requests; retry after the Retry-After delay' : `Service temporarily unavailable (injected fault, HTTP ${status})`;
      return new TelnyxApiError(status, [{ code: kind.code, title: kind.title, detail }],
        failure!.retryAfterSeconds !== undefined ? { 'retry-after': String(failure!.retryAfterSeconds) } : {});
    };
    const hangUp = decision.responseDelayMs > 0 ? c.req.raw.signal : undefined;
    if (failure?.when === 'before') {
      await holdAnswer(decision.responseDelayMs, hangUp);
      throw injected();
    }
    await next();
    if (failure?.when === 'after') c.res = telnyxErrorResponse(injected());
    await holdAnswer(decision.responseDelayMs, hangUp);
  };
}

/** Completes due number orders before the route reads anything. */
export function settleDueOrders(ctx: SandboxContext): MiddlewareHandler {
  return async (_c, next) => {
    ctx.telnyx.fulfilment.settleDue();
    await next();
  };
}
