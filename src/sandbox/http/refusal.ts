/**
 * A request the sandbox refuses before (or after) the route's work for a reason that is not the route's: an injected
 * fault or the concurrency limit. It carries no error body, because each sub-app answers in its own API's shape
 * (Twilio's `{code, message, more_info, status}`, Telnyx's `{errors: [...]}`, Stripe's `{error: {...}}`); the shared
 * middleware asks the sub-app's {@link RenderRefusal} for the response.
 */

/** Why the request was refused. */
export type RefusalReason = 'fault' | 'concurrency';

/** A refusal: a status (429 or a 5xx) and, for a throttle, the Retry-After a client should honour. */
export class Refusal extends Error {
  constructor(
    readonly status: number,
    readonly reason: RefusalReason,
    readonly retryAfterSeconds?: number,
  ) {
    super(`${reason} refusal (${status})`);
    this.name = 'Refusal';
  }

  /** The Retry-After header of the response, when there is one. */
  headers(): Record<string, string> {
    return this.retryAfterSeconds !== undefined ? { 'retry-after': String(this.retryAfterSeconds) } : {};
  }
}

/** How one sub-app answers a refusal in its API's error shape. */
export type RenderRefusal = (refusal: Refusal) => Response;
