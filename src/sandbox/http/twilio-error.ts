/** Twilio-shaped API errors: the sandbox answers every failure with Twilio's error body. */
import type { Refusal } from './refusal';

/** The JSON body Twilio sends with every 4xx/5xx answer. */
export interface TwilioErrorBody {
  code: number;
  message: string;
  more_info: string;
  status: number;
  details?: Record<string, unknown>;
}

/**
 * Thrown by route handlers; the error middleware turns it into Twilio's error body.
 * Routes throw instead of returning so that validation helpers can stop a request from any depth.
 */
export class TwilioApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
    readonly details?: Record<string, unknown>,
    /** Extra response headers, e.g. Retry-After on a 429. */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'TwilioApiError';
  }

  /** The body Twilio would send. */
  toBody(): TwilioErrorBody {
    const body: TwilioErrorBody = {
      code: this.code,
      message: this.message,
      more_info: `https://www.twilio.com/docs/errors/${this.code}`,
      status: this.status,
    };
    if (this.details) body.details = this.details;
    return body;
  }
}

/**
 * The Twilio error codes the sandbox uses. Codes marked "approximate" are our best match where
 * Twilio's documentation does not say which code a live API returns for that case.
 */
export const TwilioErrorCode = {
  /** Authentication failed (wrong account SID or auth token). */
  authentication: 20003,
  /** The requested resource was not found. */
  notFound: 20404,
  /** A parameter is missing, malformed or out of range (approximate: Twilio's "invalid parameter" family). */
  invalidParameter: 20001,
  /** Too many requests. */
  tooManyRequests: 20429,
  /** Internal error (only ever produced by configured faults). */
  internal: 20500,
  /** Service unavailable (only ever produced by configured faults). */
  unavailable: 20503,
  /** PhoneNumber is invalid. */
  phoneNumberInvalid: 21421,
  /** PhoneNumber is not available for purchase. */
  phoneNumberNotAvailable: 21422,
  /** No phone numbers found in the area code (approximate, from memory). */
  noNumbersInAreaCode: 21452,
  /** The number needs an address on file (approximate, from memory). */
  addressRequired: 21631,
  /** An address cannot be deleted while numbers use it (approximate). */
  addressInUse: 21625,
  /** A number with an emergency address cannot be released until the address is removed (approximate). */
  emergencyAddressAttached: 21649,
  /** An address failed validation (approximate). */
  addressInvalid: 21615,
  /** The flow definition is invalid (Studio). */
  flowInvalid: 20001,
} as const;

/** A 400 naming the parameter and the fix; the one shape every bad-input path uses. */
export function invalidParameter(param: string, problem: string): TwilioApiError {
  return new TwilioApiError(400, TwilioErrorCode.invalidParameter, `Invalid parameter ${param}: ${problem}`, {
    parameter: param,
  });
}

/** A 400 for a required parameter that was not sent. */
export function missingParameter(param: string): TwilioApiError {
  return new TwilioApiError(400, TwilioErrorCode.invalidParameter, `Required parameter ${param} missing.`, {
    parameter: param,
  });
}

/** Twilio's 404 for a resource path. */
export function notFound(path: string): TwilioApiError {
  return new TwilioApiError(404, TwilioErrorCode.notFound, `The requested resource ${path} was not found`);
}

/** Renders a Twilio error as the HTTP response Twilio would send. */
export function errorResponse(err: TwilioApiError): Response {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...err.headers };
  if (err.status === 401) headers['www-authenticate'] = 'Basic realm="Twilio API"';
  return new Response(JSON.stringify(err.toBody()), { status: err.status, headers });
}

/** An injected fault or a concurrency refusal as Twilio answers it: 20429 for a throttle, 20503/20500 otherwise. */
export function twilioRefusalResponse(refusal: Refusal): Response {
  const { status } = refusal;
  const code = status === 429 ? TwilioErrorCode.tooManyRequests : status === 503 ? TwilioErrorCode.unavailable : TwilioErrorCode.internal;
  const message = status === 429 ? 'Too Many Requests' : 'Service temporarily unavailable (injected fault)';
  return errorResponse(new TwilioApiError(status, code, message, undefined, refusal.headers()));
}
