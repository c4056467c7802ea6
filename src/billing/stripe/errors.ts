/**
 * Stripe's errors in didops' terms: `fromStripeError` turns anything stripe-node throws (its StripeError family, or
 * the connection error of a request that got no answer) into the DidopsError subclass that fits, with the field named
 * from Stripe's `param` and the fix. Nothing of the request travels along: the secret key never reaches a message.
 */
import Stripe from 'stripe';
import {
  AuthenticationError,
  CarrierError,
  ConflictError,
  DidopsError,
  errorClassForStatus,
  NetworkError,
  networkAdvice,
  NotFoundError,
  RateLimitError,
  statusAdvice,
  TRANSIENT_STATUSES,
  ValidationError,
  withOperation,
  type DidopsErrorClass,
  type ErrorContext,
  type UpstreamAdvice,
  type UpstreamErrorTranslator,
} from '../../core/errors';

/** How to advise on Stripe's failures. */
const ADVICE: UpstreamAdvice = {
  name: 'Stripe',
  credentialsFix:
    'check the Stripe secret key (Pulumi: didops:stripeSecretKey, set with `pulumi config set --secret`; Terraform: stripe_secret_key or DIDOPS_STRIPE_SECRET_KEY); a restricted key needs write access to what didops manages',
  statusPage: 'status.stripe.com',
  endpointSetting: 'stripeBaseUrl',
};

/** What we know how to say about one of Stripe's error codes. */
interface StripeCodeAdvice {
  readonly errorClass: DidopsErrorClass;
  readonly fix: string;
  readonly retryable?: boolean;
}

// Codes a didops user meets managing rate cards, accounts and subscriptions; others fall back to the type and status.
const STRIPE_CODES: ReadonlyMap<string, StripeCodeAdvice> = new Map<string, StripeCodeAdvice>([
  ['resource_missing', { errorClass: NotFoundError, fix: 'it was probably deleted outside didops; run a refresh so the state forgets it' }],
  ['tax_id_invalid', { errorClass: ValidationError, fix: 'give the tax id in the format of its country and type, e.g. "DE123456789" for eu_vat' }],
  ['email_invalid', { errorClass: ValidationError, fix: 'give one e-mail address such as "billing@example.com"' }],
  ['postal_code_invalid', { errorClass: ValidationError, fix: 'give the postal code as the country writes it' }],
  ['card_declined', { errorClass: ValidationError, fix: 'the card was declined; use another payment method' }],
  ['expired_card', { errorClass: ValidationError, fix: 'the card has expired; use another payment method' }],
  ['incorrect_cvc', { errorClass: ValidationError, fix: 'the card’s security code is wrong; use another payment method' }],
  ['insufficient_funds', { errorClass: ValidationError, fix: 'the payment method has insufficient funds; use another one' }],
  ['payment_method_unexpected_state', { errorClass: ConflictError, fix: 'the payment method is attached to another customer or was detached; give another one' }],
  ['resource_already_exists', { errorClass: ConflictError, fix: 'something with that id or name already exists; import it or choose another name' }],
  ['idempotency_key_in_use', { errorClass: ConflictError, fix: 'another run is making the same change right now; wait for it and run again', retryable: true }],
  ['lock_timeout', { errorClass: ConflictError, fix: 'Stripe was busy with another change to the same object; run again', retryable: true }],
  ['rate_limit', { errorClass: RateLimitError, fix: 'wait and retry; lower the parallelism if it keeps happening', retryable: true }],
  // API v2: a body of the wrong shape, and a meter event session that expired again right after it was renewed.
  ['invalid_fields', { errorClass: ValidationError, fix: 'send the fields Stripe names in the form its API v2 takes; if didops built the request, report this as a didops bug' }],
  ['billing_meter_event_session_expired', { errorClass: AuthenticationError, fix: 'the meter event session expired as soon as it was made: check that this machine\'s clock is right and retry', retryable: true }],
]);

/** Error classes by Stripe's error type, when its code says nothing we know. */
const TYPE_CLASSES: Readonly<Record<string, DidopsErrorClass>> = {
  card_error: ValidationError,
  idempotency_error: ConflictError,
  rate_limit_error: RateLimitError,
  // API v2's own types.
  rate_limit: RateLimitError,
  temporary_session_expired: AuthenticationError,
  authentication_error: AuthenticationError,
  api_error: CarrierError,
};

/** Options of {@link fromStripeError} beyond the common context. */
export interface StripeErrorContext extends ErrorContext {
  /** Names the input field a Stripe `param` is about (`tax_id_data[0][value]` → `taxIds[0].value`); unmapped params keep Stripe's path. */
  readonly fieldOfParam?: (param: string) => string | undefined;
}

/**
 * Translates anything stripe-node throws into the matching DidopsError subclass: the class from Stripe's code, type
 * and HTTP status; the field from `context.field`, else `fieldOfParam(param)`, else Stripe's `param` as a path.
 */
export const fromStripeError: UpstreamErrorTranslator = (err: unknown, context: StripeErrorContext = {}) => {
  if (err instanceof DidopsError) return err;
  const stripe = asStripeError(err);
  if (!stripe) {
    const message = err instanceof Error ? err.message : String(err);
    return new DidopsError({ summary: withOperation(context, `unexpected error from the Stripe client: ${message}`), field: context.field, source: 'stripe' });
  }
  if (stripe.rawType === undefined && stripe.statusCode === undefined) {
    // StripeConnectionError: no answer arrived, so the call may or may not have taken effect.
    const code = connectionCode(stripe) ?? 'ECONNECTION';
    return new NetworkError({
      summary: withOperation(context, `could not reach Stripe (${code})`),
      detail: networkAdvice(code, ADVICE),
      field: context.field,
      code,
      cause: safeCause(stripe),
      source: 'stripe',
    });
  }
  const status = stripe.statusCode ?? 500;
  const advice = stripe.code ? STRIPE_CODES.get(stripe.code) : undefined;
  const errorClass = advice?.errorClass ?? (stripe.rawType ? TYPE_CLASSES[stripe.rawType] : undefined) ?? errorClassForStatus(status);
  const field = context.field ?? (stripe.param ? (context.fieldOfParam?.(stripe.param) ?? paramPath(stripe.param)) : undefined);
  const said = stripe.message || `Stripe answered HTTP ${status}`;
  const fix = advice?.fix ?? fixOf(stripe, status);
  return new errorClass({
    summary: withOperation(context, said),
    detail: fix,
    field,
    status,
    code: stripe.code ?? stripe.decline_code,
    requestId: context.requestId ?? stripe.requestId,
    moreInfo: stripe.doc_url,
    cause: safeCause(stripe),
    source: 'stripe',
    retryable: advice?.retryable ?? (status === 429 || TRANSIENT_STATUSES.has(status)),
  });
};

/** What to do about an error whose code we have no advice for. */
function fixOf(stripe: Stripe.errors.StripeError, status: number): string | undefined {
  if (stripe.rawType === 'idempotency_error') return 'the same idempotency key was used with other parameters; report this as a didops bug';
  // A 404 without `resource_missing` is an endpoint the server does not have, not an object deleted outside didops.
  if (status === 404 && /^Unrecognized request URL/.test(stripe.message)) return `the server at the configured ${ADVICE.endpointSetting} does not serve this endpoint; check the setting (and that the sandbox is up to date)`;
  return statusAdvice(status, ADVICE);
}

/** Stripe's bracket parameter (`tax_id_data[0][value]`) as a field path (`tax_id_data[0].value`). */
export function paramPath(param: string): string {
  return param.replace(/\[([^\]\d][^\]]*)\]/g, '.$1');
}

/** Runs one Stripe call, translating what it throws; `context` says what was being done and for which field. */
export async function stripeCall<T>(context: StripeErrorContext, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    throw fromStripeError(err, context);
  }
}

/** True when Stripe says a meter event session's token expired (API v2 `temporary_session_expired`): renew it and resend. */
export function isSessionExpired(err: unknown): boolean {
  return asStripeError(err)?.rawType === 'temporary_session_expired';
}

/** True when a Stripe error says the object does not exist (`resource_missing`, HTTP 404). */
export function isStripeMissing(err: unknown): boolean {
  const stripe = asStripeError(err);
  return stripe !== undefined && (stripe.code === 'resource_missing' || stripe.statusCode === 404);
}

function asStripeError(err: unknown): Stripe.errors.StripeError | undefined {
  if (err instanceof Stripe.errors.StripeError) return err;
  // A second copy of the SDK (nested node_modules) makes instanceof fail; its errors still name their type.
  const type = err instanceof Error ? (err as { type?: unknown }).type : undefined;
  if (typeof type === 'string' && type.startsWith('Stripe')) return err as Stripe.errors.StripeError;
  return undefined;
}

function connectionCode(err: Stripe.errors.StripeError): string | undefined {
  const detail = err.detail;
  if (typeof detail === 'object' && detail !== null && typeof (detail as { code?: unknown }).code === 'string') return (detail as { code: string }).code;
  return undefined;
}

// The SDK's error keeps the raw response and headers; the cause keeps only what explains the failure.
function safeCause(err: Stripe.errors.StripeError): Error {
  const safe = new Error(err.message) as Error & { type?: string; code?: string; param?: string; statusCode?: number };
  safe.name = err.type || 'StripeError';
  if (err.code) safe.code = err.code;
  if (err.param) safe.param = err.param;
  if (err.statusCode) safe.statusCode = err.statusCode;
  return safe;
}
