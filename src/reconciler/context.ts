/**
 * What every part of a running reconciler is given (jobs and API handlers alike): configuration, database, logger,
 * metrics and the clock. Built once by service.ts; tests build it with test/support/reconciler-db.ts.
 */
import type { Kysely } from 'kysely';
import type { ReconcilerConfig } from './config/schema';
import type { ReconcilerDatabase } from './db/connect';
import type { Database } from './db/database';
import type { Logger } from './logger';
import type { ReconcilerMetrics } from './metrics';

/** The injected clock: jobs and periods read time only from here, so tests drive it (Stripe test clocks). */
export type Clock = () => Date;

/** Shared services of one reconciler instance. */
export interface ReconcilerContext {
  readonly config: ReconcilerConfig;
  readonly database: ReconcilerDatabase;
  /** Shorthand for `database.db`. */
  readonly db: Kysely<Database>;
  readonly logger: Logger;
  readonly metrics: ReconcilerMetrics;
  readonly now: Clock;
}
