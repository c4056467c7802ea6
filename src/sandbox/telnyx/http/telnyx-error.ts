/**
 * Telnyx-shaped API errors. Telnyx answers every failure with `{"errors": [{code, title, detail, source}]}` where
 * `code` is a string from its error catalogue (https://developers.telnyx.com/development/api-fundamentals/api-errors)
 * and `source` points at the offending body field (`pointer`, RFC 6901) or query parameter (`parameter`).
 */
import type { Refusal } from '../../http/refusal';

/** One entry of a Telnyx `errors` array. */
export interface TelnyxErrorEntry {
  code: string;
  title: string;
  detail: string;
  source?: { pointer?: string; parameter?: string };
}

/** The codes the sandbox uses, with Telnyx's catalogue titles. */
export const TelnyxErrorCode = {
  invalidPhoneNumber: { code: '10002', title: 'Invalid phone number' },
  invalidUrl: { code: '10003', title: 'Invalid URL' },
  missingParameter: { code: '10004', title: 'Missing required parameter' },
  notFound: { code: '10005', title: 'Resource not found' },
  unexpected: { code: '10007', title: 'Unexpected error' },
  authentication: { code: '10009', title: 'Authentication failed' },
  tooManyRequests: { code: '10011', title: 'Too many requests' },
  badRequest: { code: '10015', title: 'Bad Request' },
  notE164: { code: '10016', title: 'Phone number must be in +E.164 format' },
  associatedMissing: { code: '10017', title: 'Associated resource does not exist' },
  resourceInUse: { code: '10021', title: 'Resource in use' },
  invalidJson: { code: '10023', title: 'Invalid JSON' },
} as const;

/** A catalogue entry of {@link TelnyxErrorCode}. */
export type TelnyxErrorKind = (typeof TelnyxErrorCode)[keyof typeof TelnyxErrorCode];

/**
 * Thrown by Telnyx routes and middleware; the sub-app's error handler renders it. Carries one or more entries because
 * Telnyx reports every invalid field of a body at once (an order with two bad numbers names both).
 */
export class TelnyxApiError extends Error {
  constructor(
    readonly status: number,
    readonly errors: TelnyxErrorEntry[],
    /** Extra response headers, e.g. Retry-After on a 429. */
    readonly headers: Record<string, string> = {},
  ) {
    super(errors.map((e) => e.detail).join('; '));
    this.name = 'TelnyxApiError';
  }

  /** The body Telnyx would send. */
  toBody(): { errors: TelnyxErrorEntry[] } {
    return { errors: this.errors };
  }
}

/** One entry of a kind, with its detail and where it points. */
export function errorEntry(kind: TelnyxErrorKind, detail: string, source?: TelnyxErrorEntry['source']): TelnyxErrorEntry {
  return source ? { code: kind.code, title: kind.title, detail, source } : { code: kind.code, title: kind.title, detail };
}

/** A single-entry error. */
export function telnyxError(status: number, kind: TelnyxErrorKind, detail: string, source?: TelnyxErrorEntry['source']): TelnyxApiError {
  return new TelnyxApiError(status, [errorEntry(kind, detail, source)]);
}

/** A bad query parameter: 400 naming the parameter and the fix. */
export function invalidQuery(parameter: string, problem: string): TelnyxApiError {
  return telnyxError(400, TelnyxErrorCode.badRequest, `${parameter} ${problem}`, { parameter });
}

/** A bad body field: 422 pointing at it (`/phone_numbers/0/phone_number`). */
export function invalidField(pointer: string, problem: string, kind: TelnyxErrorKind = TelnyxErrorCode.badRequest): TelnyxApiError {
  return telnyxError(422, kind, `${pointer.slice(1).replace(/\//g, '.')} ${problem}`, { pointer });
}

/** Telnyx's 404 for a resource id or an unknown path. */
export function resourceNotFound(what: string): TelnyxApiError {
  return telnyxError(404, TelnyxErrorCode.notFound, `${what} was not found`);
}

/** Renders an error as the HTTP response Telnyx would send. */
export function telnyxErrorResponse(err: TelnyxApiError): Response {
  return new Response(JSON.stringify(err.toBody()), {
    status: err.status,
    headers: { 'content-type': 'application/json', ...err.headers },
  });
}

/**
 * The sub-app's `RenderRefusal` (http/refusal.ts): an injected fault or a concurrency refusal as Telnyx answers it,
 * 10011 with the Retry-After for a 429, 10007 for a 5xx.
 */
export function telnyxRefusalResponse(refusal: Refusal): Response {
  const { status } = refusal;
  const kind = status === 429 ? TelnyxErrorCode.tooManyRequests : TelnyxErrorCode.unexpected;
  const detail =
    status !== 429 ? `Service temporarily unavailable (injected fault, HTTP ${status})`
    : refusal.reason === 'concurrency' ? 'Too many requests in flight for this account; retry after the Retry-After delay'
    : 'Too many requests; retry after the Retry-After delay';
  return telnyxErrorResponse(new TelnyxApiError(status, [errorEntry(kind, detail)], refusal.headers()));
}
