/**
 * One error type for everything that can go wrong talking to carriers and billing, with
 * subclasses chosen by one factory per upstream SDK (`fromTwilioError`; `fromStripeError` will
 * follow the same shape in `src/billing/stripe/`).
 *
 * Modelled on stripe-node's `Error.ts`: the base class carries the request id and HTTP status,
 * the subclass says what kind of failure it is, and callers branch on the class or `retryable`,
 * never on message text.
 */
import { errorDiagnostic, zodIssuesToDiagnostics, type Diagnostic, type ZodIssueCarrier } from './diagnostics';

/** The kind of failure, mirrored by the subclass; handy where `instanceof` is awkward (serialised errors). */
export type DidopsErrorKind =
  | 'validation'
  | 'not_found'
  | 'authentication'
  | 'rate_limit'
  | 'conflict'
  | 'unavailable'
  | 'carrier'
  | 'network'
  | 'internal';

/** Which upstream system an error came from; `didops` for errors raised by our own checks. */
export type ErrorSource = 'didops' | 'twilio' | 'telnyx' | 'stripe';

/** Everything a {@link DidopsError} can carry; only `summary` is required. */
export interface DidopsErrorOptions {
  /** One sentence naming the value and what is wrong, e.g. `"+14155550100" is no longer available`. */
  readonly summary: string;
  /** The fix, or what the upstream said, in plain words. */
  readonly detail?: string;
  /** Input field path the error is about (`numbers[2].country`), when known. */
  readonly field?: string;
  /** The original error (SDK exception, socket error) kept for debugging. */
  readonly cause?: unknown;
  /** HTTP status of the failed response, when there was one. */
  readonly status?: number;
  /** Carrier or billing error code as a string (Twilio's `21422`, Stripe's `card_declined`) or a socket code (`ECONNRESET`). */
  readonly code?: string;
  /** Upstream request id (Twilio-Request-Id, Stripe Request-Id) to quote to their support. */
  readonly requestId?: string;
  /** Link to the upstream's page about this error code. */
  readonly moreInfo?: string;
  /** True when repeating the same call later may succeed; defaults per subclass. */
  readonly retryable?: boolean;
  /** Upstream system the error came from; defaults to `didops`. */
  readonly source?: ErrorSource;
}

/** Base class of every error didops throws on purpose; adapters turn it into diagnostics with {@link toDiagnostic}. */
export class DidopsError extends Error {
  /** What kind of failure this is; fixed per subclass. */
  readonly kind: DidopsErrorKind = 'internal';
  /** One sentence naming the value and what is wrong. */
  readonly summary: string;
  /** The fix, or what the upstream said. */
  readonly detail?: string;
  /** Input field path the error is about. */
  readonly field?: string;
  /** HTTP status of the failed response. */
  readonly status?: number;
  /** Carrier/billing error code, or socket error code, as a string. */
  readonly code?: string;
  /** Upstream request id for support tickets. */
  readonly requestId?: string;
  /** Link to the upstream's documentation of the error code. */
  readonly moreInfo?: string;
  /** True when the same call may succeed if repeated later. */
  readonly retryable: boolean;
  /** Upstream system the error came from. */
  readonly source: ErrorSource;

  constructor(options: DidopsErrorOptions) {
    super(composeMessage(options), options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.summary = options.summary;
    if (options.detail !== undefined) this.detail = options.detail;
    if (options.field !== undefined) this.field = options.field;
    if (options.status !== undefined) this.status = options.status;
    if (options.code !== undefined) this.code = options.code;
    if (options.requestId !== undefined) this.requestId = options.requestId;
    if (options.moreInfo !== undefined) this.moreInfo = options.moreInfo;
    this.retryable = options.retryable ?? false;
    this.source = options.source ?? 'didops';
  }
}

/** The input is wrong; the user must change it. Can carry several diagnostics (one per field). */
export class ValidationError extends DidopsError {
  override readonly kind = 'validation' as const;
  /** Every field problem found, so adapters can report all of them at once; at least this error's own. */
  readonly diagnostics: readonly Diagnostic[];

  constructor(options: DidopsErrorOptions & { readonly diagnostics?: readonly Diagnostic[] }) {
    super(options);
    this.diagnostics =
      options.diagnostics && options.diagnostics.length > 0
        ? options.diagnostics
        : [errorDiagnostic(options.summary, { detail: options.detail, field: options.field })];
  }

  /** Wraps a list of diagnostics (e.g. from `check`) into one throwable error. */
  static fromDiagnostics(diagnostics: readonly Diagnostic[]): ValidationError {
    const errors = diagnostics.filter((d) => d.severity === 'error');
    const first = errors[0] ?? diagnostics[0];
    if (!first) return new ValidationError({ summary: 'invalid input' });
    const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
    return new ValidationError({
      summary: `${first.summary}${more}`,
      detail: first.detail,
      field: first.field,
      diagnostics,
    });
  }
}

/** The thing the call refers to does not exist (any more); for `read` and `delete` this means "gone". */
export class NotFoundError extends DidopsError {
  override readonly kind = 'not_found' as const;
}

/** The credentials were rejected or lack permission; retrying will not help until config changes. */
export class AuthenticationError extends DidopsError {
  override readonly kind = 'authentication' as const;
}

/** The upstream asked us to slow down; safe to retry after a pause, even for purchases. */
export class RateLimitError extends DidopsError {
  override readonly kind = 'rate_limit' as const;
  constructor(options: DidopsErrorOptions) {
    super({ ...options, retryable: options.retryable ?? true });
  }
}

/** The request conflicts with the current state upstream (already exists, being changed elsewhere). */
export class ConflictError extends DidopsError {
  override readonly kind = 'conflict' as const;
}

/** The number (or numbers in an area) asked for cannot be bought right now; pick another. */
export class UnavailableError extends DidopsError {
  override readonly kind = 'unavailable' as const;
}

/** The carrier failed on its side or said something we do not map more precisely. */
export class CarrierError extends DidopsError {
  override readonly kind = 'carrier' as const;
}

/** The request never got a response: connection refused, reset or timed out. */
export class NetworkError extends DidopsError {
  override readonly kind = 'network' as const;
  constructor(options: DidopsErrorOptions) {
    super({ ...options, retryable: options.retryable ?? true });
  }
}

/** True for any error didops raised on purpose (as opposed to a bug or a raw SDK error). */
export function isDidopsError(value: unknown): value is DidopsError {
  return value instanceof DidopsError;
}

/** Where and why an upstream call was made, so the error message can name the field and operation. */
export interface ErrorContext {
  /** What we were doing in plain words, e.g. `buy +14155550100`; prefixed to the summary. */
  readonly operation?: string;
  /** Input field the call was driven by (`phoneNumber`), so diagnostics point at it. */
  readonly field?: string;
  /** Upstream request id, when the caller could read it from the response headers (RestException drops them). */
  readonly requestId?: string;
}

/**
 * The shape every upstream translator has: `fromTwilioError` now, `fromStripeError` (in
 * `src/billing/stripe/errors.ts`) later. A translator must return an existing DidopsError
 * unchanged, choose the subclass by the upstream's code first and HTTP status second
 * ({@link errorClassForStatus}), and put the fix in `detail`.
 */
export type UpstreamErrorTranslator = (err: unknown, context?: ErrorContext) => DidopsError;

/** Constructor of a DidopsError subclass, as chosen by a translator. */
export type DidopsErrorClass = new (options: DidopsErrorOptions) => DidopsError;

/** Picks the subclass for an HTTP status when the upstream code told us nothing more precise; shared by all translators. */
export function errorClassForStatus(status: number): DidopsErrorClass {
  if (status === 401 || status === 403) return AuthenticationError;
  if (status === 404 || status === 410) return NotFoundError;
  if (status === 409) return ConflictError;
  if (status === 429) return RateLimitError;
  if (status === 400 || status === 422) return ValidationError;
  return CarrierError;
}

/** HTTP statuses that mean "the server had a passing problem"; the same set the retry policy retries. */
export const TRANSIENT_STATUSES: ReadonlySet<number> = new Set([500, 502, 503, 504]);

/** Socket-level codes that mean no response arrived; all are worth retrying in principle. */
export const NETWORK_ERROR_CODES: ReadonlySet<string> = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'ECONNABORTED',
  'EPIPE',
  'EAI_AGAIN',
  'ENOTFOUND',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'ESOCKETTIMEDOUT',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/**
 * An HTTP client's error carries the request it sent (`config.headers.Authorization` holds the account SID and auth
 * token in base64), so a deep error log would print the credentials. Keep only what explains the failure.
 */
export function redactCause(err: unknown): unknown {
  if (typeof err !== 'object' || err === null) return err;
  if (!('config' in err) && !('request' in err) && !('response' in err)) return err;
  const source = err as { name?: unknown; message?: unknown; code?: unknown; status?: unknown };
  const safe = new Error(typeof source.message === 'string' ? source.message : 'request failed') as Error & { code?: unknown; status?: unknown };
  if (typeof source.name === 'string') safe.name = source.name;
  if (source.code !== undefined) safe.code = source.code;
  if (source.status !== undefined) safe.status = source.status;
  return safe;
}

export interface NetworkFailure {
  readonly code: string;
  readonly message: string;
  readonly status?: number;
}

/** Reads the socket code (or axios response status) from an error or its `cause` chain. */
export function networkFailure(err: unknown): NetworkFailure | undefined {
  let current: unknown = err;
  for (let depth = 0; depth < 4 && typeof current === 'object' && current !== null; depth++) {
    const record = current as { code?: unknown; message?: unknown; isAxiosError?: unknown; response?: unknown; cause?: unknown };
    const message = typeof record.message === 'string' ? record.message : '';
    const status = responseStatus(record.response);
    if (record.isAxiosError === true && status !== undefined) return { code: 'HTTP', message, status };
    if (typeof record.code === 'string' && NETWORK_ERROR_CODES.has(record.code)) return { code: record.code, message };
    if (record.isAxiosError === true && typeof record.code === 'string') return { code: record.code, message };
    current = record.cause;
  }
  return undefined;
}

function responseStatus(response: unknown): number | undefined {
  if (typeof response !== 'object' || response === null) return undefined;
  const status = (response as { status?: unknown }).status;
  return typeof status === 'number' ? status : undefined;
}

/** Turns any error into one diagnostic for an adapter; unknown errors keep their message so nothing is hidden. */
export function toDiagnostic(err: unknown): Diagnostic {
  if (err instanceof DidopsError) {
    const detail = [err.detail, err.requestId ? `request id ${err.requestId}` : undefined].filter(Boolean).join('; ');
    return errorDiagnostic(err.summary, { detail: detail || undefined, field: err.field });
  }
  if (isZodError(err)) return zodIssuesToDiagnostics(err)[0] ?? errorDiagnostic('invalid input');
  if (err instanceof Error) return errorDiagnostic(err.message || err.name);
  return errorDiagnostic(String(err));
}

/** Like {@link toDiagnostic} but keeps every field problem of a ValidationError or ZodError. */
export function toDiagnostics(err: unknown): Diagnostic[] {
  if (err instanceof ValidationError) return [...err.diagnostics];
  if (isZodError(err)) return zodIssuesToDiagnostics(err);
  return [toDiagnostic(err)];
}

function isZodError(err: unknown): err is ZodIssueCarrier & Error {
  return err instanceof Error && err.name === 'ZodError' && Array.isArray((err as { issues?: unknown }).issues);
}

function composeMessage(options: DidopsErrorOptions): string {
  const head = options.field ? `${options.field}: ${options.summary}` : options.summary;
  return options.detail ? `${head}; ${options.detail}` : head;
}

/** The same error (same class, cause, code and request id) with some of its words changed. */
function rebuilt(error: DidopsError, changes: Partial<Pick<DidopsErrorOptions, 'summary' | 'field'>>): DidopsError {
  const Kind = error.constructor as new (options: DidopsErrorOptions) => DidopsError;
  return new Kind({
    detail: error.detail, field: error.field, cause: error.cause, status: error.status, code: error.code,
    requestId: error.requestId, moreInfo: error.moreInfo, retryable: error.retryable, source: error.source, ...changes, summary: changes.summary ?? error.summary,
  });
}

/** The same error pointed at an input field (carriers name their own parameters; diagnostics need the user's field). */
export function withField(error: DidopsError, field: string): DidopsError {
  return rebuilt(error, { field });
}

/** The same error, its summary prefixed by what was being done and pointed at `field` (a caller's view of a failure). */
export function withContext(error: DidopsError, operation: string, field: string | undefined): DidopsError {
  return rebuilt(error, { summary: `${operation}: ${error.summary}`, field });
}

/** How to advise on an upstream's failures: its name, how to fix its credentials, where it reports incidents. */
export interface UpstreamAdvice {
  /** `Twilio`, `Telnyx`. */
  readonly name: string;
  /** What to check when the credentials are refused, naming the settings in both tools. */
  readonly credentialsFix: string;
  /** Its status page, e.g. `status.twilio.com`. */
  readonly statusPage: string;
  /** The setting that points requests elsewhere (edge, base URL), for connection failures. */
  readonly endpointSetting: string;
}

/** What to do about an HTTP status the upstream's code said nothing more precise about. */
export function statusAdvice(status: number, upstream: UpstreamAdvice): string | undefined {
  if (status === 401 || status === 403) return upstream.credentialsFix;
  if (status === 404) return 'it was probably deleted outside didops; run a refresh';
  if (status === 429) return 'wait and retry; lower parallelism if it keeps happening';
  if (status >= 500) return `${upstream.name} had a problem on its side; retry later (${upstream.statusPage} shows incidents)`;
  return undefined;
}

/** What to do about a request that got no answer (a socket code). */
export function networkAdvice(code: string, upstream: UpstreamAdvice): string {
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `DNS lookup failed; check the network and any ${upstream.endpointSetting} setting`;
  if (code === 'ECONNREFUSED') return `nothing accepted the connection; check proxies and any ${upstream.endpointSetting} setting (is the sandbox running?)`;
  return `the connection failed before ${upstream.name} answered; the call may or may not have taken effect, so read before retrying writes`;
}

/** `operation: summary`, when the caller said what it was doing. */
export function withOperation(context: ErrorContext, summary: string): string {
  return context.operation ? `${context.operation}: ${summary}` : summary;
}
