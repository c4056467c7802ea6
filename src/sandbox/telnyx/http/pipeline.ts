/**
 * The Telnyx-specific steps of the request pipeline (telnyx/app.ts puts them in order around the shared pacing and
 * fault injection of http/carrier-pace.ts and http/fault-injection.ts): Bearer authentication, how a Telnyx request
 * is classified for latency and the tally, and completion of any number order that has come due, so every answer
 * reflects the orders' current state.
 */
import type { MiddlewareHandler } from 'hono';
import type { SandboxContext } from '../../context';
import type { RequestKind } from '../../latency';
import { telnyxError, TelnyxErrorCode } from './telnyx-error';

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

/** Completes due number orders before the route reads anything. */
export function settleDueOrders(ctx: SandboxContext): MiddlewareHandler {
  return async (_c, next) => {
    ctx.telnyx.fulfilment.settleDue();
    await next();
  };
}
