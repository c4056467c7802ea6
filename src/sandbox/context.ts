/** What every sandbox route needs: the database, its repositories, the credentials, the clock. */
import type { SqliteDatabase } from './store/database';
import type { NumbersRepository } from './store/numbers-repository';
import type { FaultInjector } from './faults';

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
  /** Next value of a table's `seq` column (creation order, the paging key). */
  nextSeq: (table: 'incoming_numbers' | 'addresses' | 'flows' | 'calls' | 'usage_triggers') => number;
}

/** Builds the per-table sequence function. */
export function seqAllocator(db: SqliteDatabase): SandboxContext['nextSeq'] {
  const stmts = new Map<string, { get: () => unknown }>();
  return (table) => {
    let stmt = stmts.get(table);
    if (!stmt) {
      stmt = db.prepare(`SELECT COALESCE(MAX(seq), 0) + 1 AS next FROM ${table}`);
      stmts.set(table, stmt);
    }
    return (stmt.get() as { next: number }).next;
  };
}

/** Canonical hosts of the Twilio products the sandbox serves; the path prefix `/<domain>/` selects one. */
export const TWILIO_DOMAINS = ['api', 'studio', 'pricing', 'numbers', 'trunking', 'voice'] as const;

/** One of {@link TWILIO_DOMAINS}. */
export type TwilioDomain = (typeof TWILIO_DOMAINS)[number];

/** `https://studio.twilio.com` for `studio`: the URLs the sandbox writes into bodies, as Twilio would. */
export function canonicalBase(domain: TwilioDomain): string {
  return `https://${domain}.twilio.com`;
}
