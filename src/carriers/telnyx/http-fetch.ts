/**
 * The `fetch` handed to the official telnyx SDK: it retries throttled and failed requests with didops' retry policy
 * and keeps the account's requests in flight under the limit its 429s reveal, as the Twilio HTTP client does.
 *
 * Why not the SDK's own retries: it repeats every method after a 5xx or a dropped connection, POSTs included, and a
 * repeated `POST /number_orders` after a 502 may order a second number. The core policy repeats a non-idempotent
 * request only when the server certainly did no work (429, connection refused), honours Retry-After with jitter on
 * top, and is bounded in time. The SDK is built with `maxRetries: 0` so only this loop decides.
 */
import { AdaptiveConcurrency } from '../../core/adaptive-concurrency';
import { DEFAULT_RETRY_POLICY, failureSignal, headerValue, isIdempotentMethod, withRetry, type FailureSignal, type RetryEvent, type RetryPolicy } from '../../core/retry';

/** The fetch signature the SDK takes. */
export type TelnyxFetch = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/** Options of {@link createTelnyxFetch}. */
export interface TelnyxFetchOptions {
  /** Retry policy; `false` sends each request once. */
  retry?: RetryPolicy | false;
  /** Told about each retry (method and URL without the query; never the key). */
  onRetry?: (event: RetryEvent & { method: string; url: string }) => void;
  /** Per-attempt timeout in milliseconds (default 30 s). */
  timeoutMs?: number;
  /** Requests in flight before the account's limit is learnt from 429s (default {@link AdaptiveConcurrency}'s). */
  maxInFlight?: number;
  /** The fetch underneath (tests); default the global one. */
  fetch?: TelnyxFetch;
  /** Waits between retries; tests pass a no-op. */
  sleep?: (ms: number) => Promise<void>;
}

/** A throttled or failed answer, thrown inside the retry loop so the policy sees its status and Retry-After. */
class RetryableResponse extends Error {
  constructor(readonly response: Response) {
    super(`HTTP ${response.status}`);
  }
}

function classify(error: unknown): FailureSignal {
  if (error instanceof RetryableResponse) return { status: error.response.status, retryAfterHeader: headerValue(error.response.headers, 'retry-after') };
  return failureSignal(error);
}

/**
 * PATCH on Telnyx sets fields to values (numbers, applications), so repeating it is harmless; the core policy treats
 * only GET/HEAD/OPTIONS/PUT/DELETE as idempotent by method.
 */
function idempotent(method: string): boolean {
  return isIdempotentMethod(method) || method === 'PATCH';
}

/** A fetch with retries, a concurrency limit and a per-attempt timeout, plus the limit it learns. */
export function createTelnyxFetch(options: TelnyxFetchOptions = {}): TelnyxFetch & { readonly concurrency: AdaptiveConcurrency } {
  const concurrency = new AdaptiveConcurrency({ initial: options.maxInFlight });
  const timeoutMs = options.timeoutMs ?? 30_000;
  const underlying: TelnyxFetch = options.fetch ?? ((input, init) => fetch(input, init));

  const send = async (input: string | URL | Request, init: RequestInit | undefined): Promise<Response> => {
    const slot = await concurrency.acquire();
    let throttled = false;
    try {
      // The SDK's own signal (its overall timeout, a caller's abort) still ends the attempt; ours bounds each one.
      const signals = [AbortSignal.timeout(timeoutMs), ...(init?.signal ? [init.signal] : [])];
      const response = await underlying(input, { ...init, signal: AbortSignal.any(signals) });
      throttled = response.status === 429;
      return response;
    } finally {
      slot.release(throttled ? 'throttled' : 'done');
    }
  };

  const telnyxFetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const policy = options.retry;
    if (policy === false) return send(input, init);
    const method = String(init?.method ?? 'GET').toUpperCase();
    const url = String(input instanceof Request ? input.url : input).replace(/\?.*$/, '');
    try {
      return await withRetry(
        async () => {
          const response = await send(input, init);
          if (response.status === 429 || response.status >= 500) throw new RetryableResponse(response);
          return response;
        },
        {
          policy: policy ?? DEFAULT_RETRY_POLICY,
          method,
          idempotent: idempotent(method),
          classify,
          sleep: options.sleep,
          onRetry: (event) => {
            // The refused answer's body is not needed; freeing it returns the socket to the pool.
            if (event.error instanceof RetryableResponse) void event.error.response.body?.cancel().catch(() => undefined);
            options.onRetry?.({ ...event, method, url });
          },
        },
      );
    } catch (error) {
      // Out of retries (or not retryable): the SDK gets the last answer and raises its usual APIError from it.
      if (error instanceof RetryableResponse) return error.response;
      throw error;
    }
  };
  return Object.assign(telnyxFetch, { concurrency });
}
