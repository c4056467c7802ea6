/**
 * Twilio's per-account concurrency limit: past N requests in flight for one account, the next is refused with a 429
 * (error 20429) and not processed. Twilio documents the limit and the error
 * (https://www.twilio.com/docs/api/errors/20429: "your account exceeds allowed concurrency to Twilio's REST API ...
 * Requests that receive 429 responses aren't processed and are safe to retry") but not its size; 100 concurrent
 * requests is the default commonly reported by users and third-party guides, not a figure from Twilio's own pages.
 */
import { z } from 'zod';
import { Refusal } from './http/refusal';

/** The body of `POST /_sandbox/concurrency`: a limit (`null` turns it off) and the Retry-After of its 429s. */
export const concurrencyConfigSchema = z
  .object({
    limit: z.number().int().min(1).max(100_000).nullable(),
    retryAfterSeconds: z.number().int().min(0).max(60).optional(),
  })
  .strict();

/** Retry-After sent with a concurrency 429 unless told otherwise: short, as the slot frees when any request ends. */
export const DEFAULT_CONCURRENCY_RETRY_AFTER_SECONDS = 1;

/** Counts requests in flight per account and refuses the one past the limit. */
export class ConcurrencyLimiter {
  private readonly inFlight = new Map<string, number>();
  private refused = 0;

  constructor(
    private limit: number | undefined = undefined,
    private retryAfterSeconds = DEFAULT_CONCURRENCY_RETRY_AFTER_SECONDS,
  ) {}

  /** Sets the limit (`undefined` turns it off); requests already in flight keep their slots. */
  configure(limit: number | undefined, retryAfterSeconds = this.retryAfterSeconds): void {
    this.limit = limit;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /**
   * Takes a slot for `account`, or throws a 429 {@link Refusal} when all are taken (each sub-app renders it in its
   * API's shape: Twilio's error 20429). The returned release is safe to call more
   * than once, so every exit path of a request can call it without counting twice.
   */
  admit(account: string): () => void {
    const current = this.inFlight.get(account) ?? 0;
    if (this.limit !== undefined && current >= this.limit) {
      this.refused++;
      throw new Refusal(429, 'concurrency', this.retryAfterSeconds);
    }
    this.inFlight.set(account, current + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.inFlight.get(account) ?? 1) - 1;
      if (left > 0) this.inFlight.set(account, left);
      else this.inFlight.delete(account);
    };
  }

  /** Requests in flight for one account. */
  inFlightFor(account: string): number {
    return this.inFlight.get(account) ?? 0;
  }

  /** The limit (`null` when off), the Retry-After, requests in flight per account and how many were refused. */
  describe(): { limit: number | null; retryAfterSeconds: number; inFlight: Record<string, number>; refused: number } {
    return {
      limit: this.limit ?? null,
      retryAfterSeconds: this.retryAfterSeconds,
      inFlight: Object.fromEntries(this.inFlight),
      refused: this.refused,
    };
  }
}
