/**
 * Errors in the shape of Stripe's API v2: `{"error": {type, code, message}}` with the HTTP status, and the field at
 * fault as a JSON path (`events[3].payload.value`) where v1 names a form parameter (`payload[value]`). stripe-node
 * reads a v2 error by its `type` first (`temporary_session_expired` → TemporarySessionExpiredError, `rate_limit` →
 * RateLimitError, `idempotency_error`), then by `code` (`invalid_fields` → StripeInvalidRequestError), then by status
 * as for v1 (400/404 → StripeInvalidRequestError, 401 → StripeAuthenticationError, 5xx → StripeAPIError); so
 * type, code and status are chosen together, as Error.js's generateV2Error reads them. v2 errors carry no `doc_url`.
 *
 * The v2 routes throw the same {@link StripeApiError} as v1 ones (the meter event rules are one piece of code for
 * both); only the rendering differs. The sandbox also sends `param`, which v1 clients know, so a v2 client sees the
 * field too.
 */
import type { Refusal } from '../../http/refusal';
import { refusalError, StripeApiError } from './stripe-error';

/** A v1 bracket parameter (`events[3][payload][value]`) as a v2 JSON path (`events[3].payload.value`). */
export function jsonPathOf(param: string): string {
  return param.replace(/\[([^\]\d][^\]]*)\]/g, '.$1');
}

/** The body Stripe's API v2 would send for `err`. */
export function stripeV2ErrorBody(err: StripeApiError): { error: Record<string, unknown> } {
  const { code, param, ...embedded } = err.details;
  const error: Record<string, unknown> = { type: err.type, message: err.message };
  if (code !== undefined) error.code = code;
  if (param !== undefined) error.param = jsonPathOf(param);
  for (const [key, value] of Object.entries(embedded)) if (value !== undefined) error[key] = value;
  return { error };
}

/** Renders an error as the HTTP response Stripe's API v2 would send. */
export function stripeV2ErrorResponse(err: StripeApiError): Response {
  return new Response(JSON.stringify(stripeV2ErrorBody(err)), {
    status: err.status,
    headers: { 'content-type': 'application/json', ...err.headers },
  });
}

/** 400 `invalid_fields`: the body's shape is wrong (a field missing, of the wrong kind, unknown, or too long). */
export function invalidField(path: string, message: string): StripeApiError {
  return new StripeApiError(400, 'invalid_request_error', message, { code: 'invalid_fields', param: path });
}

/**
 * 401 `temporary_session_expired`: the meter event session token has expired (or is one this sandbox never issued,
 * such as a token from before a restart, which it cannot tell apart), so the client must create a new session.
 */
export function sessionExpired(): StripeApiError {
  return new StripeApiError(401, 'temporary_session_expired', 'The meter event session has expired. Create a new meter event session (POST /v2/billing/meter_event_session) and send the events with its authentication_token.', {
    code: 'billing_meter_event_session_expired',
  });
}

/** The v2 sub-app's `RenderRefusal`: a throttle as `rate_limit` (with Retry-After), an injected 5xx as `api_error`. */
export function stripeV2RefusalResponse(refusal: Refusal): Response {
  return stripeV2ErrorResponse(refusalError(refusal, 'rate_limit'));
}
