/**
 * The Stripe side of one sandbox: the secret key it accepts, its object store and idempotency keys, the expander, the
 * event publisher with its webhook deliveries, and the test clocks that date a customer's objects. Every route and
 * service reaches them as `ctx.stripe`.
 */
import type { SqliteDatabase } from '../store/database';
import { TestClocks } from './clocks/test-clocks';
import { StripeEventPublisher } from './events/event-publisher';
import { DEFAULT_WEBHOOK_RETRY, StripeWebhookDispatcher } from './events/webhook-dispatcher';
import { StripeExpander } from './http/expand';
import { StripeIdempotencyRepository } from './store/stripe-idempotency-repository';
import { StripeObjectsRepository } from './store/stripe-objects-repository';
import { ensureStripeTables } from './store/stripe-schema';
import { DEFAULT_FINALIZATION_GRACE_SECONDS, StripeBilling } from './stripe-billing';

/** The secret key the sandbox accepts unless told otherwise (a test-mode key: `sk_test_…`). */
export const DEFAULT_STRIPE_SECRET_KEY = 'sk_test_didops_sandbox_4eC39HqLyjWDarjtT1zdp7dc';

/** Stripe settings of a sandbox. */
export interface StripeOptions {
  /** Secret key accepted as `Authorization: Bearer <key>` (default {@link DEFAULT_STRIPE_SECRET_KEY}); `sk_test_…`. */
  secretKey?: string;
  /** Waits before each webhook retry, in milliseconds (default [200, 1000, 5000]: three retries). */
  webhookRetryDelaysMs?: number[];
  /** How long a webhook receiver may take to answer, in milliseconds (default 10 000). */
  webhookTimeoutMs?: number;
  /** Seconds a subscription's draft invoice waits before it is finalized and charged (default 3600, as on Stripe). */
  invoiceFinalizationGraceSeconds?: number;
}

/** Validates a secret key for the sandbox: a test-mode key, in the characters Stripe keys use. */
export function checkStripeSecretKey(key: string): string {
  if (!/^sk_test_[A-Za-z0-9_]{8,240}$/.test(key)) {
    throw new Error('stripe secret key: must be sk_test_ followed by 8 to 240 letters, digits or underscores (a test-mode key; the sandbox never takes a live one)');
  }
  return key;
}

/** The Stripe API's state in one sandbox. */
export class StripeSandbox {
  readonly secretKey: string;
  /** Every Stripe object, as JSON documents. */
  readonly store: StripeObjectsRepository;
  /** Answers kept for `Idempotency-Key` replays. */
  readonly idempotency: StripeIdempotencyRepository;
  /** Applies `expand[]` to answers; resources with computed forms register loaders on it. */
  readonly expander: StripeExpander;
  /** Webhook delivery queues (`drain()` waits for them). */
  readonly webhooks: StripeWebhookDispatcher;
  /** Stores events and sends them to webhook endpoints. */
  readonly events: StripeEventPublisher;
  /** Test clocks, the time of a customer, and the advancers billing registers. */
  readonly clocks: TestClocks;
  /** Meters, subscriptions, invoices and what happens to them when time passes (stripe-billing.ts). */
  readonly billing: StripeBilling;

  constructor(db: SqliteDatabase, now: () => number, options: StripeOptions = {}) {
    this.secretKey = checkStripeSecretKey(options.secretKey ?? DEFAULT_STRIPE_SECRET_KEY);
    const retryDelaysMs = options.webhookRetryDelaysMs ?? [...DEFAULT_WEBHOOK_RETRY.retryDelaysMs];
    if (!retryDelaysMs.every((ms) => Number.isInteger(ms) && ms >= 0 && ms <= 3_600_000) || retryDelaysMs.length > 20) {
      throw new Error('stripe webhookRetryDelaysMs: at most 20 whole numbers of milliseconds, each from 0 to 3600000');
    }
    const timeoutMs = options.webhookTimeoutMs ?? DEFAULT_WEBHOOK_RETRY.timeoutMs;
    if (!Number.isInteger(timeoutMs) || timeoutMs < 1) throw new Error('stripe webhookTimeoutMs: a whole number of milliseconds of at least 1');
    ensureStripeTables(db);
    this.store = new StripeObjectsRepository(db);
    this.idempotency = new StripeIdempotencyRepository(db);
    this.expander = new StripeExpander(this.store);
    this.webhooks = new StripeWebhookDispatcher({ retryDelaysMs, timeoutMs }, (eventId) => this.events.delivered(eventId));
    this.events = new StripeEventPublisher(this.store, this.webhooks, (customerId) => this.clocks.timeOf(customerId));
    this.clocks = new TestClocks(this.store, this.events, now);
    const grace = options.invoiceFinalizationGraceSeconds ?? DEFAULT_FINALIZATION_GRACE_SECONDS;
    if (!Number.isInteger(grace) || grace < 0 || grace > 30 * 86400) throw new Error('stripe invoiceFinalizationGraceSeconds: a whole number of seconds from 0 to 2592000 (30 days)');
    this.billing = new StripeBilling(db, { finalizationGraceSeconds: grace }, {
      store: this.store, timeOfExisting: (customer) => this.clocks.timeOfExisting(customer), nowMs: now,
    });
  }

  /**
   * The Stripe time of an object, in unix seconds: the frozen time of the customer's test clock when the customer is
   * on one, the sandbox's clock otherwise. Every `created` (and every billing date) comes from here.
   */
  timeOf(customerId?: string | null): number {
    return this.clocks.timeOf(customerId);
  }

  /** Waits for clocks that are advancing, then stops webhook deliveries (abandoning waiting retries). */
  async stop(): Promise<void> {
    await this.clocks.settled();
    await this.webhooks.stop();
  }
}
