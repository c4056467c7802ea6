/**
 * Billing meter events in their own table, not the document store: the meter events endpoint must take ≥ 10,000
 * events a second, so an event is one prepared INSERT (no JSON document rewritten per event), and `identifier`
 * dedupes through a UNIQUE index (the INSERT itself fails on a duplicate, no read first). Aggregation reads only the
 * indexed (meter, customer, timestamp) range of the window it bills. Cancelled events (meter event adjustments) stay
 * in the table, marked, so their identifier still dedupes.
 */
import type { SqliteDatabase } from '../../store/database';
import type { MeterReading } from '../billing/meter-aggregation';

/** DDL of the meter events table; safe to run on every open. */
export const METER_EVENTS_SCHEMA_SQL = `
CREATE TABLE IF NOT EXISTS stripe_meter_events (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,  -- arrival order: breaks timestamp ties for the 'last' formula
  meter TEXT NOT NULL,                    -- the active meter the event name named when the event arrived
  event_name TEXT NOT NULL,
  identifier TEXT NOT NULL UNIQUE,        -- Stripe dedupes identifiers (at least 24 hours; the sandbox: forever)
  customer TEXT NOT NULL,
  timestamp INTEGER NOT NULL,             -- unix seconds, the event's time
  value TEXT,                             -- decimal text; NULL for a count meter's event without one
  payload TEXT NOT NULL,                  -- the payload as sent, JSON
  created INTEGER NOT NULL,               -- unix seconds, the customer's time when the event arrived
  cancelled INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS stripe_meter_events_window ON stripe_meter_events(meter, customer, timestamp);
`;

/** A meter event to store. */
export interface NewMeterEvent {
  meter: string;
  event_name: string;
  identifier: string;
  customer: string;
  timestamp: number;
  value: string | null;
  payload: Record<string, string>;
  created: number;
}

/** What a duplicate identifier looks like to the caller (no exception handling on the fast path). */
export type InsertOutcome = 'inserted' | 'duplicate';

/** The meter events of one sandbox. */
export class MeterEventsRepository {
  private readonly insertStatement;
  private readonly cancelStatement;
  private readonly windowStatement;

  constructor(db: SqliteDatabase) {
    db.exec(METER_EVENTS_SCHEMA_SQL);
    // OR IGNORE turns a duplicate identifier into "no change" instead of a thrown SqliteError: cheaper, and the
    // caller answers Stripe's 400 from the outcome.
    this.insertStatement = db.prepare(
      `INSERT OR IGNORE INTO stripe_meter_events (meter, event_name, identifier, customer, timestamp, value, payload, created)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.cancelStatement = db.prepare('UPDATE stripe_meter_events SET cancelled = 1 WHERE identifier = ? AND event_name = ? AND cancelled = 0');
    this.windowStatement = db.prepare(
      `SELECT seq, timestamp, value FROM stripe_meter_events
       WHERE meter = ? AND customer = ? AND timestamp >= ? AND timestamp < ? AND cancelled = 0`,
    );
  }

  /** Stores an event, or reports that its identifier was seen before. */
  insert(event: NewMeterEvent): InsertOutcome {
    const result = this.insertStatement.run(
      event.meter, event.event_name, event.identifier, event.customer, event.timestamp, event.value, JSON.stringify(event.payload), event.created,
    );
    return result.changes === 1 ? 'inserted' : 'duplicate';
  }

  /** Cancels the event of `eventName` with `identifier`; false when there is none (or it is cancelled already). */
  cancel(eventName: string, identifier: string): boolean {
    return this.cancelStatement.run(identifier, eventName).changes > 0;
  }

  /** The live events of a meter for a customer with start ≤ timestamp < end. */
  readings(meter: string, customer: string, start: number, end: number): MeterReading[] {
    return this.windowStatement.all(meter, customer, start, end) as MeterReading[];
  }
}
