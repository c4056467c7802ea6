/**
 * The Stripe request being answered, reachable from anywhere its work runs (services, the event publisher) without
 * threading it through every call: an event records the request that caused it (`request.id`, `idempotency_key`), as
 * Stripe's do, and an event caused by a test clock advancing records none.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

/** What an event says of the request that caused it. */
export interface StripeRequestInfo {
  id: string;
  idempotencyKey: string | null;
}

const scope = new AsyncLocalStorage<StripeRequestInfo>();

/** Runs `work` as part of a request. */
export function runInStripeRequest<R>(info: StripeRequestInfo, work: () => R): R {
  return scope.run(info, work);
}

/** The request whose work is running, if any. */
export function currentStripeRequest(): StripeRequestInfo | undefined {
  return scope.getStore();
}

/** Runs `work` outside any request: what a test clock does while it advances is caused by no request. */
export function outsideStripeRequest<R>(work: () => R): R {
  return scope.exit(work);
}
