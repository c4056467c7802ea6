/**
 * The billing half of the Stripe sandbox (meters and meter events; subscriptions, invoice items and invoices; what
 * happens when time passes), built on the foundation's store, events and test clocks. Routes reach it as
 * `ctx.stripe.billing`.
 */
import type { SqliteDatabase } from '../store/database';
import { MeterEventsRepository } from './store/meter-events-repository';

/** The billing state of one Stripe sandbox. */
export class StripeBilling {
  /** Meter events, in their own table (fast inserts, deduped identifiers). */
  readonly meterEvents: MeterEventsRepository;

  constructor(db: SqliteDatabase) {
    this.meterEvents = new MeterEventsRepository(db);
  }
}
