/**
 * Rate limiting per credential with token buckets: each key holds up to `capacity` tokens (the burst), refilled at
 * `refillPerSecond`; a request takes one, and an empty bucket answers 429 with `Retry-After` and the IETF draft's
 * `RateLimit-Limit` / `RateLimit-Remaining` / `RateLimit-Reset` headers on every answer.
 *
 * Buckets live in this process's memory: with several replicas behind a load balancer each enforces its own bucket,
 * so a key's effective limit is the configured one times the number of replicas. That keeps a request free of a
 * database write; configure the per-replica limit accordingly.
 */
import type { MiddlewareHandler } from 'hono';
import { RateLimitError } from '../../core/errors';
import type { ApiContext, ApiEnv } from './env';
import { problemResponse } from './problem';

/** Sizes of the buckets. */
export interface TokenBucketOptions {
  /** Tokens a full bucket holds: the burst a key may send at once. */
  readonly capacity: number;
  /** Tokens added per second: the sustained rate. */
  readonly refillPerSecond: number;
  /** Milliseconds clock, injectable for tests. */
  readonly now?: () => number;
  /** Buckets kept before full (idle) ones are forgotten; default 100,000. */
  readonly maxKeys?: number;
}

/** What taking a token found. */
export interface TakeResult {
  readonly allowed: boolean;
  /** Whole tokens left after this request. */
  readonly remaining: number;
  /** Seconds until a token is available (0 when allowed). */
  readonly retryAfterSeconds: number;
  /** Seconds until the bucket is full again. */
  readonly resetSeconds: number;
}

/** One token bucket per key. */
export class TokenBuckets {
  readonly capacity: number;
  readonly #refillPerMs: number;
  readonly #now: () => number;
  readonly #maxKeys: number;
  readonly #buckets = new Map<string, { tokens: number; at: number }>();

  constructor(options: TokenBucketOptions) {
    if (!(options.capacity >= 1) || !(options.refillPerSecond > 0)) {
      throw new RangeError(`rate limit capacity ${options.capacity} / refill ${options.refillPerSecond} per second: both must be positive (capacity ≥ 1)`);
    }
    this.capacity = Math.floor(options.capacity);
    this.#refillPerMs = options.refillPerSecond / 1000;
    this.#now = options.now ?? Date.now;
    this.#maxKeys = options.maxKeys ?? 100_000;
  }

  /** Takes a token from `key`'s bucket if there is one. */
  take(key: string): TakeResult {
    const now = this.#now();
    const bucket = this.#buckets.get(key) ?? { tokens: this.capacity, at: now };
    bucket.tokens = Math.min(this.capacity, bucket.tokens + (now - bucket.at) * this.#refillPerMs);
    bucket.at = now;
    const allowed = bucket.tokens >= 1;
    if (allowed) bucket.tokens -= 1;
    if (!this.#buckets.has(key)) this.#remember(key, bucket);
    const retryAfterSeconds = allowed ? 0 : Math.max(1, Math.ceil((1 - bucket.tokens) / this.#refillPerMs / 1000));
    const resetSeconds = Math.ceil((this.capacity - bucket.tokens) / this.#refillPerMs / 1000);
    return { allowed, remaining: Math.floor(bucket.tokens), retryAfterSeconds, resetSeconds };
  }

  #remember(key: string, bucket: { tokens: number; at: number }): void {
    if (this.#buckets.size >= this.#maxKeys) {
      // A bucket that has refilled since its last use is indistinguishable from a new one: forget those first.
      const now = this.#now();
      for (const [other, b] of this.#buckets) {
        if (b.tokens + (now - b.at) * this.#refillPerMs >= this.capacity) this.#buckets.delete(other);
      }
      if (this.#buckets.size >= this.#maxKeys) this.#buckets.delete(this.#buckets.keys().next().value as string);
    }
    this.#buckets.set(key, bucket);
  }
}

/** Middleware taking one token per request from the bucket `keyOf(c)` names (the principal, or the caller's address). */
export function rateLimit(buckets: TokenBuckets, keyOf: (c: ApiContext) => string): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const result = buckets.take(keyOf(c));
    const headers = {
      'RateLimit-Limit': String(buckets.capacity),
      'RateLimit-Remaining': String(result.remaining),
      'RateLimit-Reset': String(result.resetSeconds),
    };
    if (!result.allowed) {
      const err = new RateLimitError({
        summary: 'too many requests for this credential',
        detail: `retry in ${result.retryAfterSeconds} s; the limit is ${buckets.capacity} requests at once, refilled steadily`,
        status: 429,
      });
      return problemResponse(c, err, { ...headers, 'Retry-After': String(result.retryAfterSeconds) });
    }
    for (const [name, value] of Object.entries(headers)) c.header(name, value);
    await next();
  };
}
