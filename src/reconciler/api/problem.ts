/**
 * One error body for the whole API: `{ "error": { "code", "message", "field"? } }` with the HTTP status that goes with
 * the code. Everything a route or middleware throws ends here (`app.onError`), so a handler never builds an error
 * response itself and bad input can never fall through to a 500: only a bug does.
 *
 * The OAuth token endpoint is the one exception: RFC 6749 §5.2 fixes its error body (`{ "error": "invalid_client" }`)
 * and OAuth client libraries parse exactly that (see `auth/token-endpoint.ts`).
 */
import type { Context, Hono, Env } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { AuthenticationError, DidopsError, NotFoundError, ValidationError } from '../../core/errors';
import { zodIssuesToDiagnostics, type ZodIssueCarrier } from '../../core/diagnostics';

/** The codes the API answers with; clients branch on these, never on `message`. */
export type ApiErrorCode =
  | 'invalid_request'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'method_not_allowed'
  | 'conflict'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'rate_limited'
  | 'upstream_error'
  | 'internal';

/** The body of every error answer. */
export interface ApiErrorBody {
  readonly error: {
    /** What went wrong, machine-readable. */
    readonly code: ApiErrorCode;
    /** One sentence naming the value and the fix. */
    readonly message: string;
    /** The input the error is about: `body.role`, `query.limit`, `path.id`, `header.authorization`. */
    readonly field?: string;
  };
}

/** The status every code is answered with. */
export const STATUS_OF_CODE: Readonly<Record<ApiErrorCode, ContentfulStatusCode>> = {
  invalid_request: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  upstream_error: 502,
  internal: 500,
};

const CODE_OF_STATUS = new Map<number, ApiErrorCode>(Object.entries(STATUS_OF_CODE).map(([code, status]) => [status, code as ApiErrorCode]));

/** The caller presented no credentials, or ones we do not accept (wrong, revoked, expired: deliberately not said which). */
export function unauthenticated(summary = 'missing or invalid credentials', detail = 'send "Authorization: Bearer <API key or access token>"'): AuthenticationError {
  return new AuthenticationError({ summary, detail, status: 401, code: 'unauthenticated', field: 'header.authorization' });
}

/** The caller is known but its role does not allow this route. */
export function forbidden(summary: string, detail?: string): AuthenticationError {
  return new AuthenticationError({ summary, detail, status: 403, code: 'forbidden' });
}

/**
 * The one "not found" of an object, built from what the caller asked for only. Routes use it both for a missing object
 * and for another tenant's, so the two answers are byte for byte the same.
 */
export function notFound(kind: string, id: string): NotFoundError {
  return new NotFoundError({ summary: `${kind} ${JSON.stringify(id)} not found`, status: 404, code: 'not_found' });
}

/** A zod failure as the API's ValidationError, every field path prefixed with where the value came from (`body`, `query`). */
export function invalidInput(error: ZodIssueCarrier, where: 'body' | 'query' | 'path' | 'header' | 'args'): ValidationError {
  return ValidationError.fromDiagnostics(zodIssuesToDiagnostics(error, { basePath: where }));
}

/** The status and body an error is answered with. */
export function problemOf(err: unknown): { status: ContentfulStatusCode; body: ApiErrorBody } {
  if (err instanceof DidopsError) return fromDidopsError(err);
  if (err instanceof HTTPException) {
    const code = CODE_OF_STATUS.get(err.status) ?? (err.status >= 500 ? 'internal' : 'invalid_request');
    return problem(code, err.message || defaultMessage(code));
  }
  if (isZodError(err)) return fromDidopsError(invalidInput(err, 'body'));
  return problem('internal', 'the reconciler failed to answer this request; the error is in its log');
}

/** Answers a request with the error body for `err`. */
export function problemResponse(c: Context, err: unknown, headers?: Record<string, string>): Response {
  const { status, body } = problemOf(err);
  for (const [name, value] of Object.entries(headers ?? {})) c.header(name, value);
  if (status === 401) c.header('WWW-Authenticate', 'Bearer realm="didops-reconciler"');
  return c.json(body, status);
}

/** Options of {@link installErrorHandling}. */
export interface ErrorHandlingOptions {
  /** Told about every error that became a 500 (a bug), with the request; the service logs it. */
  readonly onUnexpected?: (err: unknown, c: Context) => void;
}

/** Makes `app` answer every thrown error and every unknown route with the one error body. */
export function installErrorHandling<E extends Env>(app: Hono<E>, options: ErrorHandlingOptions = {}): void {
  app.onError((err, c) => {
    const { status } = problemOf(err);
    if (status >= 500 && !(err instanceof DidopsError && err.kind !== 'internal')) options.onUnexpected?.(err, c);
    return problemResponse(c, err);
  });
  app.notFound((c) => problemResponse(c, new NotFoundError({ summary: `no route ${c.req.method} ${c.req.path}`, detail: 'see /openapi.json for the routes', status: 404 })));
}

function fromDidopsError(err: DidopsError): { status: ContentfulStatusCode; body: ApiErrorBody } {
  const message = err.detail ? `${err.summary}; ${err.detail}` : err.summary;
  const code = apiCodeOf(err);
  return problem(code, message, err.field);
}

function apiCodeOf(err: DidopsError): ApiErrorCode {
  if (err.source === 'didops' && err.code && err.code in STATUS_OF_CODE) return err.code as ApiErrorCode;
  switch (err.kind) {
    case 'validation':
      return 'invalid_request';
    case 'not_found':
      return 'not_found';
    case 'authentication':
      return err.status === 403 ? 'forbidden' : 'unauthenticated';
    case 'rate_limit':
      return 'rate_limited';
    case 'conflict':
    case 'unavailable':
      return 'conflict';
    case 'carrier':
    case 'network':
      return 'upstream_error';
    default:
      return 'internal';
  }
}

function problem(code: ApiErrorCode, message: string, field?: string): { status: ContentfulStatusCode; body: ApiErrorBody } {
  return { status: STATUS_OF_CODE[code], body: { error: field === undefined ? { code, message } : { code, message, field } } };
}

function defaultMessage(code: ApiErrorCode): string {
  return code.replace(/_/g, ' ');
}

function isZodError(err: unknown): err is ZodIssueCarrier & Error {
  return err instanceof Error && err.name === 'ZodError' && Array.isArray((err as { issues?: unknown }).issues);
}
