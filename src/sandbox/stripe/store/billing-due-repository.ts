/**
 * When each subscription and invoice next needs the billing engine (a period ends, a draft's grace hour is over, a
 * subscription is to be cancelled), so that passing time costs one indexed query: `next(clock, until)` finds the
 * earliest due object of a test clock (or of the sandbox's own clock, `null`) at or before a time. Objects of
 * customers on a test clock are due in the clock's time and run only when the clock advances.
 */
import type { SqliteDatabase } from '../../store/database';

/** DDL of the due table; safe to run on every open. */
export const BILLING_DUE_SCHEMA_SQL = `
CREATE TABLE IF NOT EXISTS stripe_billing_due (
  object_id TEXT PRIMARY KEY,   -- sub_… or in_…
  due_at INTEGER NOT NULL,      -- unix seconds, in the time of the object's customer
  test_clock TEXT NOT NULL      -- the customer's test clock, '' for the sandbox's clock
);
CREATE INDEX IF NOT EXISTS stripe_billing_due_next ON stripe_billing_due(test_clock, due_at);
`;

/** One due object. */
export interface DueEntry {
  object_id: string;
  due_at: number;
}

/** The due times of one sandbox's billing objects. */
export class BillingDueRepository {
  private readonly upsertStatement;
  private readonly removeStatement;
  private readonly nextStatement;
  private readonly earliestStatement;
  /**
   * The earliest due time of each clock ('' for the sandbox's), once read; Infinity when nothing is due. Every Stripe
   * request asks whether the sandbox's clock has work due, and this answers without a query until a schedule changes.
   */
  private readonly earliestDue = new Map<string, number>();

  constructor(private readonly db: SqliteDatabase) {
    db.exec(BILLING_DUE_SCHEMA_SQL);
    this.upsertStatement = db.prepare(
      'INSERT INTO stripe_billing_due (object_id, due_at, test_clock) VALUES (?, ?, ?) ON CONFLICT(object_id) DO UPDATE SET due_at = excluded.due_at, test_clock = excluded.test_clock',
    );
    this.removeStatement = db.prepare('DELETE FROM stripe_billing_due WHERE object_id = ?');
    this.nextStatement = db.prepare('SELECT object_id, due_at FROM stripe_billing_due WHERE test_clock = ? AND due_at <= ? ORDER BY due_at, object_id LIMIT 1');
    this.earliestStatement = db.prepare('SELECT object_id, due_at FROM stripe_billing_due WHERE test_clock = ? ORDER BY due_at LIMIT 1');
  }

  /** Sets (or moves) when `objectId` is next due; `null` removes it. */
  schedule(objectId: string, dueAt: number | null, testClock: string | null): void {
    if (dueAt === null) this.removeStatement.run(objectId);
    else this.upsertStatement.run(objectId, dueAt, testClock ?? '');
    // The object may have moved from any clock or later time: forget every clock's earliest rather than track which.
    this.earliestDue.clear();
  }

  /** The earliest object of `testClock` (null: the sandbox's clock) due at or before `until`. */
  next(testClock: string | null, until: number): DueEntry | undefined {
    const clock = testClock ?? '';
    let earliest = this.earliestDue.get(clock);
    if (earliest === undefined) {
      earliest = this.earliest(testClock)?.due_at ?? Number.POSITIVE_INFINITY;
      // Inside a transaction the answer may yet be rolled back (a preview's is), so it is not kept.
      if (!this.db.inTransaction) this.earliestDue.set(clock, earliest);
    }
    if (earliest > until) return undefined;
    return this.nextStatement.get(testClock ?? '', until) as DueEntry | undefined;
  }

  /** The earliest due object of `testClock`, whenever it is due. */
  earliest(testClock: string | null): DueEntry | undefined {
    return this.earliestStatement.get(testClock ?? '') as DueEntry | undefined;
  }
}
