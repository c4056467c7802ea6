/**
 * When to repeat a failed carrier or billing call, and how long to wait first.
 *
 * The decision is a pure function ({@link shouldRetry}) so every branch is table-tested without
 * clocks or sockets; {@link withRetry} is the thin loop that feeds it real errors and sleeps.
 * Modelled on stripe-node's RequestSender: honour the server's Retry-After, otherwise jittered
 * exponential backoff, bounded in attempts and in total time.
 */
import { NETWORK_ERROR_CODES } from './errors';

/** How hard to try before giving up. All durations are milliseconds. */
export interface RetryPolicy {
  /** Total attempts including the first; 1 disables retries. */
  readonly maxAttempts: number;
  /** Backoff before the first retry, before jitter; doubles each attempt. */
  readonly baseDelayMs: number;
  /** No single wait is longer than this; a Retry-After above it makes us give up instead of waiting less than asked. */
  readonly maxDelayMs: number;
  /** Total time budget from the first attempt; a retry whose wait would end past it is not made. */
  readonly maxElapsedMs: number;
  /** `full`: wait uniformly in [0, backoff]; `equal`: in [backoff/2, backoff]; `none`: exactly backoff (tests, demos). */
  readonly jitter: 'full' | 'equal' | 'none';
  /** HTTP statuses worth retrying. */
  readonly retryableStatuses: readonly number[];
}

/** Sensible defaults for Twilio and Stripe: 4 attempts, 0.5 s doubling to at most 20 s, one minute in all. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = Object.freeze({
  maxAttempts: 4,
  baseDelayMs: 500,
  maxDelayMs: 20_000,
  maxElapsedMs: 60_000,
  jitter: 'full',
  retryableStatuses: Object.freeze([429, 500, 502, 503, 504]),
});

/** Everything {@link shouldRetry} needs to know about the attempt that just failed. */
export interface RetryContext {
  /** Number of the attempt that just failed, starting at 1. */
  readonly attempt: number;
  /** Milliseconds since the first attempt started. */
  readonly elapsedMs: number;
  /** HTTP method, for the reason text and for callers that derive `idempotent` from it. */
  readonly method: string;
  /** HTTP status of the failed response; absent when no response arrived. */
  readonly status?: number;
  /** Socket error code when no response arrived (`ECONNRESET`, `ECONNREFUSED`, `ETIMEDOUT`, ...). */
  readonly errorCode?: string;
  /** Raw `Retry-After` header: delta-seconds or an HTTP date. */
  readonly retryAfterHeader?: string | null;
  /** True when repeating the request cannot do the thing twice (GET, DELETE, an update, a POST with an idempotency key). */
  readonly idempotent: boolean;
  /** Wall-clock time the response arrived (epoch ms); needed only to read an HTTP-date Retry-After. */
  readonly nowMs?: number;
}

/** The outcome of {@link shouldRetry}: stop with a reason, or wait `delayMs` and try again. */
export type RetryDecision =
  | { readonly retry: false; readonly reason: string }
  | { readonly retry: true; readonly delayMs: number; readonly reason: string };

/**
 * Connection failures where the request certainly never reached the server: nothing accepted
 * the connection, or the name did not resolve for a passing DNS reason. Safe to retry even for
 * a purchase. (ENOTFOUND is left out: it usually means a misconfigured host, not a blip.)
 */
const NOT_SENT_CODES: ReadonlySet<string> = new Set(['ECONNREFUSED', 'EAI_AGAIN']);

/**
 * Connection failures after which we cannot know whether the server acted: the request may have
 * been fully received and the number bought before the socket died.
 */
const MAYBE_SENT_CODES: ReadonlySet<string> = new Set(
  [...NETWORK_ERROR_CODES].filter((code) => !NOT_SENT_CODES.has(code) && code !== 'ENOTFOUND'),
);

/** Decides whether to retry a failed call and how long to wait; pure, so `random` is passed in. */
export function shouldRetry(ctx: RetryContext, policy: RetryPolicy, random: () => number): RetryDecision {
  const failure = classify(ctx, policy);
  if (failure.kind === 'permanent') return { retry: false, reason: failure.reason };

  // A non-idempotent request (POST that buys a number or charges a card) is repeated only when we
  // know the server did not act on it: a 429 is refused before any work is done, and a refused
  // connection never delivered the request. A 5xx or a reset/timeout may arrive *after* the number
  // was bought; repeating then could buy a second number, so we stop and let the caller read first.
  if (!ctx.idempotent && failure.kind === 'maybe_applied') {
    return {
      retry: false,
      reason: `${failure.reason}; not retrying non-idempotent ${ctx.method.toUpperCase()} because it may already have taken effect`,
    };
  }

  if (ctx.attempt >= policy.maxAttempts) {
    return { retry: false, reason: `${failure.reason}; gave up after ${ctx.attempt} of ${policy.maxAttempts} attempts` };
  }

  const hintMs = parseRetryAfter(ctx.retryAfterHeader, ctx.nowMs);
  if (hintMs !== undefined && hintMs > policy.maxDelayMs) {
    // Waiting less than the server asked would only earn another 429; waiting longer than the
    // policy allows would hang a `pulumi up`. Giving up is the honest answer.
    return {
      retry: false,
      reason: `${failure.reason}; server asked to wait ${formatMs(hintMs)}, more than the ${formatMs(policy.maxDelayMs)} this policy allows`,
    };
  }

  const backoff = jitteredBackoff(ctx.attempt, policy, random);
  // Every request refused together is told the same Retry-After (a concurrency limit answers a burst at once); had
  // they all waited exactly that, they would come back together and be refused together again. So a wait the server
  // set gets the jitter spread on top: at least what was asked, never in lockstep.
  const spread = hintMs !== undefined && hintMs >= backoff ? jitterSpread(ctx.attempt, policy, random) : 0;
  const delayMs = Math.min(Math.ceil(Math.max(backoff, hintMs ?? 0) + spread), policy.maxDelayMs);
  if (ctx.elapsedMs + delayMs > policy.maxElapsedMs) {
    return {
      retry: false,
      reason: `${failure.reason}; waiting ${formatMs(delayMs)} more would pass the ${formatMs(policy.maxElapsedMs)} time budget`,
    };
  }
  const why = hintMs !== undefined && hintMs >= backoff ? ` (server asked for ${formatMs(hintMs)})` : '';
  return {
    retry: true,
    delayMs,
    reason: `${failure.reason}; retrying in ${formatMs(delayMs)}${why}, attempt ${ctx.attempt + 1} of ${policy.maxAttempts}`,
  };
}

type FailureClass =
  | { readonly kind: 'permanent'; readonly reason: string }
  | { readonly kind: 'not_applied'; readonly reason: string }
  | { readonly kind: 'maybe_applied'; readonly reason: string };

function classify(ctx: RetryContext, policy: RetryPolicy): FailureClass {
  if (ctx.status !== undefined) {
    if (!policy.retryableStatuses.includes(ctx.status)) {
      return { kind: 'permanent', reason: `HTTP ${ctx.status} is not a passing failure` };
    }
    if (ctx.status === 429) return { kind: 'not_applied', reason: 'HTTP 429 rate limited' };
    return { kind: 'maybe_applied', reason: `HTTP ${ctx.status} from the server` };
  }
  if (ctx.errorCode !== undefined) {
    if (NOT_SENT_CODES.has(ctx.errorCode)) {
      return { kind: 'not_applied', reason: `${ctx.errorCode} before the request was sent` };
    }
    if (MAYBE_SENT_CODES.has(ctx.errorCode)) return { kind: 'maybe_applied', reason: `connection failed (${ctx.errorCode})` };
    return { kind: 'permanent', reason: `${ctx.errorCode} is not a passing failure` };
  }
  return { kind: 'permanent', reason: 'not an HTTP or connection failure' };
}

/** Up to one backoff step added to a server-set wait, so a burst refused together does not come back together. */
function jitterSpread(attempt: number, policy: RetryPolicy, random: () => number): number {
  if (policy.jitter === 'none') return 0;
  return clamp01(random()) * backoffCeiling(attempt, policy);
}

/** The un-jittered backoff of `attempt`: the base doubled per attempt, capped. */
function backoffCeiling(attempt: number, policy: RetryPolicy): number {
  // 2 ** (attempt - 1) overflows to Infinity for huge attempt numbers; min() keeps it at the cap.
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
}

function jitteredBackoff(attempt: number, policy: RetryPolicy, random: () => number): number {
  const ceiling = backoffCeiling(attempt, policy);
  const r = clamp01(random());
  switch (policy.jitter) {
    case 'none':
      return ceiling;
    case 'equal':
      return ceiling / 2 + (r * ceiling) / 2;
    case 'full':
      return r * ceiling;
  }
}

/**
 * Reads a Retry-After header as milliseconds to wait: delta-seconds (`"3"`, `"1.5"`) or an HTTP
 * date (needs `nowMs`). Returns undefined when absent or unreadable, so a garbled header falls
 * back to ordinary backoff instead of failing the call.
 */
export function parseRetryAfter(header: string | null | undefined, nowMs?: number): number | undefined {
  if (header === undefined || header === null) return undefined;
  const text = header.trim();
  if (text === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.ceil(Number(text) * 1000);
  if (nowMs === undefined) return undefined;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - nowMs);
}

/** True for HTTP methods that are idempotent by definition; a POST is only when it carries an idempotency key. */
export function isIdempotentMethod(method: string): boolean {
  return ['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE'].includes(method.toUpperCase());
}

/** What {@link withRetry} learns from a thrown error; override it when the SDK hides headers. */
export interface FailureSignal {
  /** HTTP status, if a response arrived. */
  readonly status?: number;
  /** Socket error code, if no response arrived. */
  readonly errorCode?: string;
  /** Raw Retry-After header, if the error exposes the response headers. */
  readonly retryAfterHeader?: string | null;
}

/** What {@link withRetry} tells `onRetry` before each wait. */
export interface RetryEvent {
  /** Number of the attempt that failed. */
  readonly attempt: number;
  /** How long we are about to wait. */
  readonly delayMs: number;
  /** Plain-words reason, suitable for a log line. */
  readonly reason: string;
  /** The error the attempt threw. */
  readonly error: unknown;
}

/** Options for {@link withRetry}; clocks and randomness are injectable so tests run instantly. */
export interface WithRetryOptions {
  /** Retry policy; defaults to {@link DEFAULT_RETRY_POLICY}. */
  readonly policy?: RetryPolicy;
  /** True when repeating the call cannot do the thing twice. */
  readonly idempotent: boolean;
  /** HTTP method, for reasons and logs. */
  readonly method: string;
  /** Waits `ms`; defaults to a real timer. */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Uniform random in [0, 1); defaults to Math.random. */
  readonly random?: () => number;
  /** Current time in epoch ms; defaults to Date.now. */
  readonly now?: () => number;
  /** Called before each wait, e.g. to log "rate limited, retrying in 2 s". */
  readonly onRetry?: (event: RetryEvent) => void;
  /** Reads status, socket code and Retry-After from an error; defaults to {@link failureSignal}. */
  readonly classify?: (error: unknown) => FailureSignal;
}

/**
 * Runs `fn` until it succeeds or {@link shouldRetry} says stop, then rethrows the last error
 * unchanged (translate it with `fromTwilioError` afterwards). `fn` receives the attempt number.
 */
export async function withRetry<T>(fn: (attempt: number) => Promise<T>, options: WithRetryOptions): Promise<T> {
  const policy = options.policy ?? DEFAULT_RETRY_POLICY;
  const sleep = options.sleep ?? defaultSleep;
  const random = options.random ?? Math.random;
  const now = options.now ?? Date.now;
  const read = options.classify ?? failureSignal;
  const started = now();
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (error) {
      const signal = read(error);
      const at = now();
      const decision = shouldRetry(
        {
          attempt,
          elapsedMs: at - started,
          method: options.method,
          status: signal.status,
          errorCode: signal.errorCode,
          retryAfterHeader: signal.retryAfterHeader,
          idempotent: options.idempotent,
          nowMs: at,
        },
        policy,
        random,
      );
      if (!decision.retry) throw error;
      options.onRetry?.({ attempt, delayMs: decision.delayMs, reason: decision.reason, error });
      await sleep(decision.delayMs);
    }
  }
}

/**
 * Reads the retry signal from twilio-node's RestException (`status`), an axios-like error
 * (`response.status`, `response.headers["retry-after"]`), a socket error (`code`), a DidopsError,
 * or any of their `cause`s.
 */
export function failureSignal(error: unknown): FailureSignal {
  let status: number | undefined;
  let errorCode: string | undefined;
  let retryAfterHeader: string | undefined;
  let current: unknown = error;
  for (let depth = 0; depth < 4 && typeof current === 'object' && current !== null; depth++) {
    const record = current as { status?: unknown; statusCode?: unknown; code?: unknown; response?: unknown; headers?: unknown; cause?: unknown };
    status ??= numberOrUndefined(record.status) ?? numberOrUndefined(record.statusCode);
    const response = typeof record.response === 'object' && record.response !== null ? (record.response as { status?: unknown; headers?: unknown }) : undefined;
    status ??= numberOrUndefined(response?.status);
    retryAfterHeader ??= headerValue(response?.headers, 'retry-after') ?? headerValue(record.headers, 'retry-after');
    // Socket codes look like ECONNRESET; Twilio's numeric codes (and their string copies) are not.
    if (errorCode === undefined && typeof record.code === 'string' && /^[A-Z][A-Z_]+$/.test(record.code)) errorCode = record.code;
    current = record.cause;
  }
  const out: { status?: number; errorCode?: string; retryAfterHeader?: string } = {};
  if (status !== undefined) out.status = status;
  if (errorCode !== undefined && status === undefined) out.errorCode = errorCode;
  if (retryAfterHeader !== undefined) out.retryAfterHeader = retryAfterHeader;
  return out;
}

/** A header's value from any headers shape (fetch Headers, AxiosHeaders, a plain object), case-insensitively. */
export function headerValue(headers: unknown, name: string): string | undefined {
  if (typeof headers !== 'object' || headers === null) return undefined;
  const getter = (headers as { get?: unknown }).get;
  if (typeof getter === 'function') {
    // Fetch Headers and AxiosHeaders both expose a case-insensitive get().
    const value: unknown = getter.call(headers, name);
    if (typeof value === 'string') return value;
    if (typeof value === 'number') return String(value);
  }
  for (const [key, value] of Object.entries(headers as Record<string, unknown>)) {
    if (key.toLowerCase() !== name) continue;
    if (typeof value === 'string') return value;
    if (typeof value === 'number') return String(value);
    if (Array.isArray(value) && typeof value[0] === 'string') return value[0];
  }
  return undefined;
}

function numberOrUndefined(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function clamp01(value: number): number {
  if (!Number.isFinite(value) || value < 0) return 0;
  return value >= 1 ? 1 : value;
}

function formatMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(ms % 1000 === 0 ? 0 : 1)} s` : `${Math.round(ms)} ms`;
}

function defaultSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
