/** What analytics queries need of the reconciler: its database and its clock (`ReconcilerContext` fits). */
import type { Kysely } from 'kysely';
import type { Clock } from '../context';
import type { Database } from '../db/database';

/** The database and the clock (for default ranges, "now" in number statuses and current periods). */
export interface AnalyticsContext {
  readonly db: Kysely<Database>;
  readonly now: Clock;
}
