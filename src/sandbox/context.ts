/** What every sandbox sub-app and route needs: the database, its repositories, the credentials, the clock. */
import type { SqliteDatabase } from './store/database';
import type { SandboxRepositories } from './store/repositories';
import type { FaultInjector } from './faults';
import type { CarrierLatency } from './latency';
import type { ConcurrencyLimiter } from './concurrency';
import type { RequestTally } from './request-tally';
import type { TelnyxSandbox } from './telnyx/telnyx-sandbox';
import type { StripeSandbox } from './stripe/stripe-sandbox';

/**
 * Shared state of one running sandbox: one store and one set of carrier behaviours (faults, latency, concurrency,
 * request tally) for every sub-app, so a number bought through one API is owned in all of them.
 */
export interface SandboxContext extends SandboxRepositories {
  db: SqliteDatabase;
  accountSid: string;
  authToken: string;
  /** Milliseconds since the epoch; injectable so tests can move time (cooling-down, usage periods). */
  now: () => number;
  /** How long a released number stays out of the inventory before it can be found again. */
  releaseCooldownMs: number;
  faults: FaultInjector;
  /** How long Twilio would take to answer each request (no delay unless a profile is set). */
  latency: CarrierLatency;
  /** Requests in flight per account, and the limit past which Twilio answers 429 (off unless set). */
  concurrency: ConcurrencyLimiter;
  /** API requests answered so far (every sub-app's; the control API is not counted), by kind. */
  requests: RequestTally;
  /** The Telnyx API's state: its API key, repositories, order fulfilment and webhook signing key. */
  telnyx: TelnyxSandbox;
  /** The Stripe API's state: its secret key, object store, idempotency keys, events, webhooks and test clocks. */
  stripe: StripeSandbox;
  /** Next value of a table's `seq` column (creation order, the paging key). */
  nextSeq: (table: 'incoming_numbers' | 'addresses' | 'flows' | 'calls' | 'usage_triggers') => number;
}

/** Builds the per-table sequence function (a counter that only grows, kept in the database). */
export function seqAllocator(db: SqliteDatabase): SandboxContext['nextSeq'] {
  const bump = db.prepare(
    'INSERT INTO sequences (name, value) VALUES (?, 1) ON CONFLICT(name) DO UPDATE SET value = value + 1 RETURNING value',
  );
  return (table) => (bump.get(table) as { value: number }).value;
}

/** Canonical hosts of the Twilio products the sandbox serves; the path prefix `/<domain>/` selects one. */
export const TWILIO_DOMAINS = ['api', 'studio', 'pricing', 'numbers', 'trunking', 'voice'] as const;

/** One of {@link TWILIO_DOMAINS}. */
export type TwilioDomain = (typeof TWILIO_DOMAINS)[number];

/** `https://studio.twilio.com` for `studio`: the URLs the sandbox writes into bodies, as Twilio would. */
export function canonicalBase(domain: TwilioDomain): string {
  return `https://${domain}.twilio.com`;
}
