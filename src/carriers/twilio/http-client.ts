/**
 * The HTTP client handed to the official twilio SDK: it sends every product's requests to a sandbox when a base URL
 * is configured, and retries throttled and failed requests with the core retry policy.
 */
import RequestClient from 'twilio/lib/base/RequestClient';
import type Response from 'twilio/lib/http/response';
import { AdaptiveConcurrency } from '../../core/adaptive-concurrency';
import { DEFAULT_RETRY_POLICY, failureSignal, headerValue, isIdempotentMethod, withRetry, type FailureSignal, type RetryEvent, type RetryPolicy } from '../../core/retry';

/** Options of {@link TwilioHttpClient}. */
export interface TwilioHttpClientOptions {
  /** Sandbox root, e.g. `http://127.0.0.1:4010`; absent means real Twilio. */
  baseUrl?: string;
  /** Retry policy; `false` sends each request once. */
  retry?: RetryPolicy | false;
  /** Told about each retry (never given credentials). */
  onRetry?: (event: RetryEvent & { method: string; url: string }) => void;
  /** Per-request timeout in milliseconds (default 30 s). */
  timeoutMs?: number;
  /** Requests in flight before the account's limit is learnt from 429s (default {@link AdaptiveConcurrency}'s). */
  maxInFlight?: number;
}

/** `https://studio.twilio.com/v2/Flows?x=1` → `http://127.0.0.1:4010/studio/v2/Flows?x=1`: the product stays in the path. */
export function sandboxUrl(uri: string, baseUrl: string): string {
  const m = uri.match(/^https:\/\/([a-z0-9-]+)(?:\.[a-z0-9-]+)*\.twilio\.com(\/.*)?$/i);
  if (!m) return uri;
  return `${baseUrl.replace(/\/+$/, '')}/${m[1].toLowerCase()}${m[2] ?? '/'}`;
}

/** A throttled or failed answer, thrown inside the retry loop so the policy can see its status and Retry-After. */
class RetryableResponse extends Error {
  constructor(readonly response: Response<unknown>) {
    super(`HTTP ${response.statusCode}`);
  }
}


function classify(error: unknown): FailureSignal {
  if (error instanceof RetryableResponse) {
    return { status: error.response.statusCode, retryAfterHeader: headerValue(error.response.headers, 'retry-after') };
  }
  return failureSignal(error);
}

/** Wraps the SDK's own RequestClient (axios) so that TLS, proxies and auth stay exactly as the SDK does them. */
export class TwilioHttpClient extends RequestClient {
  private readonly settings: TwilioHttpClientOptions;
  /** Requests in flight to the account, kept under the limit its 429s reveal (src/core/adaptive-concurrency.ts). */
  readonly concurrency: AdaptiveConcurrency;

  constructor(options: TwilioHttpClientOptions = {}) {
    super({ timeout: options.timeoutMs ?? 30_000, keepAlive: true });
    this.settings = options;
    this.concurrency = new AdaptiveConcurrency({ initial: options.maxInFlight });
  }

  override async request<TData>(opts: RequestClient.RequestOptions<TData>): Promise<Response<TData>> {
    const uri = this.settings.baseUrl ? sandboxUrl(opts.uri, this.settings.baseUrl) : opts.uri;
    const send = async () => {
      const slot = await this.concurrency.acquire();
      let throttled = false;
      try {
        const response = await super.request<TData>({ ...opts, uri });
        throttled = response.statusCode === 429;
        return response;
      } finally {
        slot.release(throttled ? 'throttled' : 'done');
      }
    };
    const policy = this.settings.retry;
    if (policy === false) return send();
    const method = String(opts.method).toUpperCase();
    try {
      return await withRetry(
        async () => {
          const response = await send();
          if (response.statusCode === 429 || response.statusCode >= 500) throw new RetryableResponse(response);
          return response;
        },
        {
          policy: policy ?? DEFAULT_RETRY_POLICY,
          method,
          idempotent: isIdempotentMethod(method),
          classify,
          onRetry: (event) => this.settings.onRetry?.({ ...event, method, url: uri.replace(/\?.*$/, '') }),
        },
      );
    } catch (error) {
      // Out of retries: give the SDK the last answer so it raises its usual RestException.
      if (error instanceof RetryableResponse) return error.response as Response<TData>;
      throw error;
    }
  }
}
