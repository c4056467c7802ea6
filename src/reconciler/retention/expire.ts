/**
 * Scheduled retention: call records older than the configured number of months go by dropping whole month partitions
 * (`dropPartitionsBefore`), which costs the same for a million rows as for one and leaves no dead tuples to vacuum.
 * A month goes once all of it is older than the retention, so records are kept between `months` and `months` + 1
 * months. The drop, the count of what it held, the run row and the audit row are one transaction.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/database';
import { addMonths, dropPartitionsBefore, listMonthPartitions, monthStart } from '../db/partitions';
import { recordRetentionRun, type RetentionActor, type RetentionRun } from './runs';

/** What an expiry dropped, with its run. */
export interface ExpiryResult {
  readonly run: RetentionRun;
  /** Partitions dropped, oldest first (`call_records_2025_01`). */
  readonly partitions: readonly string[];
  /** Call records they held. */
  readonly records: number;
}

/** Drops the call_records months that lie wholly more than `months` months before `by.now`. */
export async function expireCallRecords(db: Kysely<Database>, options: RetentionActor & { readonly months: number }): Promise<ExpiryResult> {
  const cutoff = addMonths(options.now, -options.months);
  return db.transaction().execute(async (trx) => {
    let records = 0;
    for (const partition of await listMonthPartitions(trx)) {
      if (partition.from >= monthStart(cutoff)) continue;
      const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.id(partition.name)}`.execute(trx);
      records += rows[0]?.n ?? 0;
    }
    const partitions = await dropPartitionsBefore(trx, cutoff);
    const run = await recordRetentionRun(trx, { kind: 'expire', by: options, cutoff, startedAt: options.now, counts: { partitions: partitions.length, records, dropped: partitions } });
    return { run, partitions, records };
  });
}
