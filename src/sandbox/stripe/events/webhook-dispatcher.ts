/**
 * Delivers Stripe events to webhook endpoints: one queue per endpoint, so each receives its events in the order they
 * happened; a delivery that fails (a non-2xx answer, a network error, a timeout) is retried after each delay of the
 * backoff (scaled for a sandbox: 0.2 s, 1 s, 5 s by default) and then given up. Every attempt is recorded (the last
 * 200) so a test or a user can see what was sent. `drain()` waits until every queue is empty, retries included;
 * `stop()` abandons waiting retries and lets requests under way finish, for a sandbox that is closing.
 */
import { stripeSignatureHeader } from './webhook-signer';

/** How deliveries are retried. */
export interface WebhookRetryPolicy {
  /** Waits before each retry, in milliseconds; its length is the number of retries (default [200, 1000, 5000]). */
  retryDelaysMs: readonly number[];
  /** How long a receiver may take to answer (default 10 s). */
  timeoutMs: number;
}

/** Default retry policy. */
export const DEFAULT_WEBHOOK_RETRY: WebhookRetryPolicy = { retryDelaysMs: [200, 1000, 5000], timeoutMs: 10_000 };

/** Where one event goes. */
export interface WebhookTarget {
  endpointId: string;
  url: string;
  secret: string;
}

/** One attempt at one delivery. */
export interface StripeWebhookAttempt {
  event: string;
  type: string;
  endpoint: string;
  url: string;
  /** 1 for the first try. */
  attempt: number;
  /** The receiver's HTTP status, or null when it could not be reached. */
  status: number | null;
  error: string | null;
  at: string;
}

const KEPT = 200;

/** The delivery queues of one sandbox. */
export class StripeWebhookDispatcher {
  private readonly queues = new Map<string, Promise<void>>();
  private readonly attempts: StripeWebhookAttempt[] = [];
  private readonly waits = new Set<() => void>();
  private outstanding = 0;
  private idle: { promise: Promise<void>; resolve: () => void } | undefined;
  private stopped = false;

  constructor(
    private readonly policy: WebhookRetryPolicy,
    /** Told when an endpoint accepted an event (the event's `pending_webhooks` goes down). */
    private readonly onDelivered: (eventId: string, endpointId: string) => void = () => {},
  ) {}

  /** Queues `body` (the event's JSON) for `target`; deliveries to one endpoint go out one after another. */
  enqueue(target: WebhookTarget, event: { id: string; type: string }, body: string): void {
    if (this.stopped) return;
    this.outstanding++;
    const previous = this.queues.get(target.endpointId) ?? Promise.resolve();
    const next = previous.then(() => this.deliver(target, event, body)).finally(() => {
      if (this.queues.get(target.endpointId) === next) this.queues.delete(target.endpointId);
      if (--this.outstanding === 0 && this.idle) {
        this.idle.resolve();
        this.idle = undefined;
      }
    });
    this.queues.set(target.endpointId, next);
  }

  private async deliver(target: WebhookTarget, event: { id: string; type: string }, body: string): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      if (this.stopped) return;
      const record: StripeWebhookAttempt = { event: event.id, type: event.type, endpoint: target.endpointId, url: target.url, attempt, status: null, error: null, at: new Date().toISOString() };
      try {
        // The receiver checks the timestamp against its own clock (the SDK allows 5 minutes), so it is the wall
        // clock even when the sandbox runs on an injected one or a test clock.
        const res = await fetch(target.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json; charset=utf-8', 'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks) didops-sandbox', 'stripe-signature': stripeSignatureHeader(body, target.secret, Date.now() / 1000) },
          body,
          signal: AbortSignal.timeout(this.policy.timeoutMs),
        });
        record.status = res.status;
        await res.arrayBuffer().catch(() => undefined);
      } catch (err) {
        record.error = (err as Error).message;
      }
      this.record(record);
      if (record.status !== null && record.status >= 200 && record.status < 300) {
        this.onDelivered(event.id, target.endpointId);
        return;
      }
      const delay = this.policy.retryDelaysMs[attempt - 1];
      if (delay === undefined) return;
      await this.wait(delay);
    }
  }

  private wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.waits.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.waits.add(done);
    });
  }

  private record(attempt: StripeWebhookAttempt): void {
    this.attempts.push(attempt);
    if (this.attempts.length > KEPT) this.attempts.shift();
  }

  /** Attempts so far, oldest first. */
  list(): StripeWebhookAttempt[] {
    return [...this.attempts];
  }

  /** Resolves when no delivery is queued, under way or waiting to retry. */
  drain(): Promise<void> {
    if (this.outstanding === 0) return Promise.resolve();
    if (!this.idle) {
      let resolve!: () => void;
      const promise = new Promise<void>((r) => (resolve = r));
      this.idle = { promise, resolve };
    }
    return this.idle.promise;
  }

  /** Abandons waiting retries and queued deliveries, and waits for requests under way. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const wake of [...this.waits]) wake();
    await this.drain();
  }
}
