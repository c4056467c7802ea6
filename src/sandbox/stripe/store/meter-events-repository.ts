/**
 * Billing meter events in their own table, not the document store: the meter event endpoints must take ≥ 10,000
 * events a second, so an event is one prepared INSERT (no JSON document rewritten per event) and `identifier` is
 * unique by index. Events that arrive together (one event-loop turn: a stream request's hundred, or many single
 * requests) are written in one transaction at the end of the turn, which costs a fraction of a transaction each; a
 * duplicate is caught before that, against the index and the events still waiting (a stream request's batch is
 * checked against the index in one statement). Every read and adjustment writes the waiting events first, so nothing ever sees a table
 * without them. Aggregation reads only the indexed (meter, customer, timestamp) range of the window it bills.
 * Cancelled events (meter event adjustments) stay in the table, marked, so their identifier still dedupes.
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
  private readonly knownStatement;
  private readonly knownOfStatement;
  private readonly cancelStatement;
  private readonly windowStatement;
  private readonly writeWaiting: () => void;
  private waiting: NewMeterEvent[] = [];
  private readonly waitingIdentifiers = new Set<string>();

  constructor(private readonly db: SqliteDatabase) {
    db.exec(METER_EVENTS_SCHEMA_SQL);
    this.insertStatement = db.prepare(
      `INSERT OR IGNORE INTO stripe_meter_events (meter, event_name, identifier, customer, timestamp, value, payload, created)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.knownStatement = db.prepare('SELECT 1 FROM stripe_meter_events WHERE identifier = ?').pluck();
    this.knownOfStatement = db.prepare('SELECT identifier FROM stripe_meter_events WHERE identifier IN (SELECT value FROM json_each(?))').pluck();
    this.writeWaiting = db.transaction(() => {
      for (const e of this.waiting) this.insertStatement.run(e.meter, e.event_name, e.identifier, e.customer, e.timestamp, e.value, JSON.stringify(e.payload), e.created);
    });
    this.cancelStatement = db.prepare('UPDATE stripe_meter_events SET cancelled = 1 WHERE identifier = ? AND event_name = ? AND cancelled = 0');
    this.windowStatement = db.prepare(
      `SELECT seq, timestamp, value FROM stripe_meter_events
       WHERE meter = ? AND customer = ? AND timestamp >= ? AND timestamp < ? AND cancelled = 0`,
    );
  }

  /** Accepts an event (written at the end of this event-loop turn), or reports that its identifier was seen before. */
  insert(event: NewMeterEvent): InsertOutcome {
    if (this.waitingIdentifiers.has(event.identifier) || this.knownStatement.get(event.identifier) !== undefined) return 'duplicate';
    this.enqueue(event);
    return 'inserted';
  }

  /**
   * Accepts every event whose identifier was not seen before (nor earlier in `events`), in order, and answers how
   * many that was; the others are duplicates, which a stream ignores.
   */
  insertMany(events: readonly NewMeterEvent[]): number {
    if (events.length === 0) return 0;
    const identifiers = new Array<string>(events.length);
    for (let i = 0; i < events.length; i++) identifiers[i] = events[i]!.identifier;
    const known = this.knownOfStatement.all(JSON.stringify(identifiers)) as string[];
    const stored = known.length === 0 ? undefined : new Set(known);
    let inserted = 0;
    for (const event of events) {
      if (stored?.has(event.identifier) || this.waitingIdentifiers.has(event.identifier)) continue;
      this.enqueue(event);
      inserted++;
    }
    return inserted;
  }

  private enqueue(event: NewMeterEvent): void {
    if (this.waiting.length === 0) setImmediate(() => this.flush());
    this.waiting.push(event);
    this.waitingIdentifiers.add(event.identifier);
  }

  /**
   * Writes the events still waiting, in one transaction. Not inside someone else's transaction (it may roll back and
   * take the events with it: a preview does), nor on a closed database (the sandbox is shutting down).
   */
  flush(): void {
    if (this.waiting.length === 0 || !this.db.open || this.db.inTransaction) return;
    this.writeWaiting();
    this.waiting = [];
    this.waitingIdentifiers.clear();
  }

  /** Cancels the event of `eventName` with `identifier`; false when there is none (or it is cancelled already). */
  cancel(eventName: string, identifier: string): boolean {
    this.flush();
    return this.cancelStatement.run(identifier, eventName).changes > 0;
  }

  /** The live events of a meter for a customer with start ≤ timestamp < end. */
  readings(meter: string, customer: string, start: number, end: number): MeterReading[] {
    this.flush();
    const stored = this.windowStatement.all(meter, customer, start, end) as MeterReading[];
    // Inside a transaction the waiting events stay in memory; they count all the same.
    const waiting = this.waiting.filter((e) => e.meter === meter && e.customer === customer && e.timestamp >= start && e.timestamp < end);
    return waiting.length === 0 ? stored : [...stored, ...waiting.map((e, i) => ({ seq: Number.MAX_SAFE_INTEGER - this.waiting.length + i, timestamp: e.timestamp, value: e.value }))];
  }
}
