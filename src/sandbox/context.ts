/** What every sandbox route needs: the database, its repositories, the credentials, the clock. */
import type { SqliteDatabase } from './store/database';
import type { NumbersRepository } from './store/numbers-repository';
import type { FaultInjector } from './faults';
import type { CarrierLatency } from './latency';
import type { ConcurrencyLimiter } from './concurrency';
import type { RequestTally } from './request-tally';
import type { TelnyxSandbox } from './telnyx/telnyx-sandbox';

/** Shared state of one running sandbox. */
export interface SandboxContext {
  db: SqliteDatabase;
  numbers: NumbersRepository;
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
  /** Twilio API requests answered so far, by kind. */
  requests: RequestTally;
  /** The Telnyx API's state: its API key, repositories, order fulfilment and webhook signing key. */
  telnyx: TelnyxSandbox;
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
