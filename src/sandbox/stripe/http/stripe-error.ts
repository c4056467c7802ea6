/**
 * Stripe-shaped API errors: `{"error": {type, code, message, param, doc_url, …}}` with the HTTP status Stripe uses
 * (400 invalid, 401 bad key, 402 card error, 404 missing, 409 conflict, 429 rate limit, 5xx api_error). stripe-node
 * picks its error class from the status and `type` (StripeInvalidRequestError, StripeCardError, …), so both must be
 * right for a client to branch as it would against Stripe.
 */
import type { Refusal } from '../../http/refusal';

/**
 * The `type` of a Stripe error. API v2 adds its own (`temporary_session_expired`, `rate_limit`, …), which stripe-node
 * turns into their own classes (TemporarySessionExpiredError, RateLimitError); only v2 routes raise those.
 */
export type StripeErrorType = 'api_error' | 'card_error' | 'idempotency_error' | 'invalid_request_error' | 'temporary_session_expired' | 'rate_limit';

/** What a Stripe error body carries besides type and message. */
export interface StripeErrorDetails {
  /** Machine-readable code (`resource_missing`, `card_declined`, `parameter_missing`, …). */
  code?: string;
  /** The parameter at fault, in Stripe's bracket form (`recurring[interval]`, `items[0][price]`). */
  param?: string;
  /** A card issuer's reason (`generic_decline`, `insufficient_funds`). */
  decline_code?: string;
  /** Objects Stripe embeds in some errors (`payment_intent`, `setup_intent`, `payment_method`, `charge` id). */
  payment_intent?: unknown;
  setup_intent?: unknown;
  payment_method?: unknown;
  charge?: string;
}

/** Thrown by Stripe routes and middleware; the sub-app's error handler renders it. */
export class StripeApiError extends Error {
  constructor(
    readonly status: number,
    readonly type: StripeErrorType,
    message: string,
    readonly details: StripeErrorDetails = {},
    /** Extra response headers, e.g. Retry-After on a 429. */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'StripeApiError';
  }

  /** The body Stripe would send. */
  toBody(): { error: Record<string, unknown> } {
    const { code, param, ...embedded } = this.details;
    const error: Record<string, unknown> = { type: this.type, message: this.message };
    if (code !== undefined) {
      error.code = code;
      error.doc_url = `https://stripe.com/docs/error-codes/${code.replace(/_/g, '-')}`;
    }
    if (param !== undefined) error.param = param;
    for (const [key, value] of Object.entries(embedded)) if (value !== undefined) error[key] = value;
    return { error };
  }
}

/** 400 `invalid_request_error`: the usual answer to bad input, naming the parameter when there is one. */
export function invalidRequest(message: string, param?: string, code?: string): StripeApiError {
  return new StripeApiError(400, 'invalid_request_error', message, { code, param });
}

/** 400 `parameter_missing` for a required parameter, in Stripe's words. */
export function missingParam(param: string): StripeApiError {
  return invalidRequest(`Missing required param: ${param}.`, param, 'parameter_missing');
}

/** 400 `parameter_invalid_*` or plain invalid for a parameter with a bad value. */
export function invalidParam(param: string, message: string, code = 'parameter_invalid'): StripeApiError {
  return invalidRequest(message, param, code);
}

/**
 * `resource_missing`: 404 when the URL names the missing object, 400 when a parameter does (`param` given), as
 * Stripe answers `GET /v1/customers/cus_x` and `POST /v1/payment_intents customer=cus_x` respectively.
 */
export function resourceMissing(kind: string, id: string, param?: string): StripeApiError {
  const clipped = id.length > 80 ? `${id.slice(0, 80)}…` : id;
  return new StripeApiError(param ? 400 : 404, 'invalid_request_error', `No such ${kind}: '${clipped}'`, { code: 'resource_missing', param });
}

/** 401 for a missing or wrong secret key; the key itself never appears, only its last four characters. */
export function authenticationFailed(presented: string | undefined): StripeApiError {
  const message = presented === undefined
    ? "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details, or we can help at https://support.stripe.com/."
    : `Invalid API Key provided: ${presented.length > 4 ? `${'*'.repeat(Math.min(24, presented.length - 4))}${presented.slice(-4)}` : '****'}`;
  return new StripeApiError(401, 'invalid_request_error', message);
}

/**
 * 402 `card_error`: a declined payment (`card_declined` with the issuer's `decline_code`) or a card refused for its
 * details (`incorrect_number`, no decline code), with the objects Stripe embeds.
 */
export function cardError(message: string, declineCode: string | undefined, embedded: Omit<StripeErrorDetails, 'code' | 'decline_code'> = {}, code = 'card_declined'): StripeApiError {
  return new StripeApiError(402, 'card_error', message, { code, decline_code: declineCode, ...embedded });
}

/** Renders an error as the HTTP response Stripe would send. */
export function stripeErrorResponse(err: StripeApiError): Response {
  return new Response(JSON.stringify(err.toBody()), {
    status: err.status,
    headers: { 'content-type': 'application/json', ...err.headers },
  });
}

/**
 * A refusal (http/refusal.ts) as Stripe's error: a throttle is a 429 with code `rate_limit` and Retry-After (its type
 * is `invalid_request_error` on v1, `rate_limit` on v2), an injected 5xx an `api_error` that the SDK may retry
 * (`Stripe-Should-Retry: true`).
 */
export function refusalError(refusal: Refusal, throttleType: 'invalid_request_error' | 'rate_limit'): StripeApiError {
  if (refusal.status === 429) {
    const message = refusal.reason === 'concurrency'
      ? 'This request was refused because too many requests are in flight for this account. Please retry after the Retry-After delay.'
      : 'Request rate limit exceeded. You can learn more about rate limits here https://stripe.com/docs/rate-limits.';
    return new StripeApiError(429, throttleType, message, { code: 'rate_limit' }, refusal.headers());
  }
  return new StripeApiError(refusal.status, 'api_error', `An unknown error occurred (injected fault, HTTP ${refusal.status}).`, {}, { ...refusal.headers(), 'stripe-should-retry': 'true' });
}

/** The v1 sub-app's `RenderRefusal`. */
export function stripeRefusalResponse(refusal: Refusal): Response {
  return stripeErrorResponse(refusalError(refusal, 'invalid_request_error'));
}
