/**
 * Brings the rollups up to date: takes the dirty hours (usage_dirty_hours, marked by triggers in the transactions that
 * changed call_records), recomputes each of those hours in usage_hourly and each of their days in the daily rollups
 * from the records, and clears the marks, all in one transaction per batch of days.
 *
 * Exactly once without counting anything twice: a unit is replaced by an aggregate of its records (DELETE, then
 * INSERT … SELECT), never incremented, so a repeated or crashed run recomputes the same rows, and a late call (one that
 * started hours or days ago) marks its own hour, which the next run recomputes. The marks a run takes are row-locked
 * (FOR UPDATE SKIP LOCKED): a writer that marks one of them meanwhile waits and marks it again after the commit; an hour
 * a writer is still marking is skipped, and stays dirty (queries read it from the records) until the next run.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/database';
import { dailyNumberRows, dailyPlaceRows, durationBucketRows, hourlyRows, mergeIntervals, within, type Interval } from './record-aggregates';

/** Serialises rollup transactions across processes (two recomputing one day at once would both insert its rows). */
const ROLLUP_LOCK = 7_142_019_013;
const HOUR = 3_600_000;
const DAY = 86_400_000;

/** Options of {@link rollUpDirtyHours}. */
export interface RollupOptions {
  /** Days recomputed per transaction (default 7): bounds how long a run holds its marks. */
  readonly daysPerTransaction?: number;
  /** Checked between transactions. */
  readonly signal?: AbortSignal;
}

/** What a run did. */
export interface RollupResult {
  readonly hours: number;
  readonly days: number;
  readonly transactions: number;
}

/** Recomputes every hour marked dirty before the run started (later marks wait for the next run). */
export async function rollUpDirtyHours(db: Kysely<Database>, options: RollupOptions = {}): Promise<RollupResult> {
  const perTransaction = options.daysPerTransaction ?? 7;
  const { rows } = await sql<{ now: Date }>`SELECT clock_timestamp() AS now`.execute(db);
  const startedAt = rows[0]!.now;
  const result = { hours: 0, days: 0, transactions: 0 };
  for (;;) {
    options.signal?.throwIfAborted();
    const batch = await db.transaction().execute((trx) => rollUpBatch(trx, startedAt, perTransaction));
    if (!batch) break;
    result.transactions++;
    result.hours += batch.hours;
    result.days += batch.days;
  }
  return result;
}

async function rollUpBatch(trx: Kysely<Database>, markedBefore: Date, maxDays: number): Promise<{ hours: number; days: number } | undefined> {
  await sql`SELECT pg_advisory_xact_lock(${ROLLUP_LOCK}::bigint)`.execute(trx);
  const oldestDays = await trx
    .selectFrom('usage_dirty_hours')
    .select(sql<Date>`date_trunc('day', hour, 'UTC')`.as('day'))
    .where('marked_at', '<=', markedBefore)
    .groupBy(sql.ref('day'))
    .orderBy('day')
    .limit(maxDays)
    .execute();
  if (oldestDays.length === 0) return undefined;
  // The oldest days come in order, so every dirty hour between the first and the last belongs to one of them.
  const first = oldestDays[0]!.day;
  const last = oldestDays[oldestDays.length - 1]!.day;
  const taken = await trx
    .selectFrom('usage_dirty_hours')
    .select('hour')
    .where('hour', '>=', first)
    .where('hour', '<', new Date(last.getTime() + DAY))
    .where('marked_at', '<=', markedBefore)
    .orderBy('hour')
    .forUpdate()
    .skipLocked()
    .execute();
  if (taken.length === 0) return undefined;
  const hours = taken.map((t) => t.hour);
  const days = [...new Set(hours.map((h) => Math.floor(h.getTime() / DAY) * DAY))].map((t) => new Date(t));

  const hourSpans = mergeIntervals(hours.map((h) => ({ from: h, to: new Date(h.getTime() + HOUR) })));
  await trx.deleteFrom('usage_hourly').where('hour', 'in', hours).execute();
  await trx
    .insertInto('usage_hourly')
    .columns(['account_id', 'hour', 'direction', 'calls', 'answered_calls', 'duration_seconds', 'billable_seconds', 'rated_calls', 'unrated_calls', 'amount'])
    .expression(hourlyRows(recordsIn(trx, hourSpans)))
    .execute();

  const daySpans = mergeIntervals(days.map((d) => ({ from: d, to: new Date(d.getTime() + DAY) })));
  await trx.deleteFrom('usage_daily_numbers').where('day', 'in', days).execute();
  await trx
    .insertInto('usage_daily_numbers')
    .columns(['account_id', 'number_e164', 'day', 'direction', 'calls', 'answered_calls', 'duration_seconds', 'billable_seconds', 'amount'])
    .expression(dailyNumberRows(recordsIn(trx, daySpans)))
    .execute();
  await trx.deleteFrom('usage_daily_durations').where('day', 'in', days).execute();
  await trx
    .insertInto('usage_daily_durations')
    .columns(['account_id', 'day', 'direction', 'calls', 'answered_calls', 'duration_seconds', 'bucket_indexes', 'bucket_counts', 'max_duration_seconds'])
    .expression(
      trx
        .selectFrom(durationBucketRows(recordsIn(trx, daySpans)).as('b'))
        .select((eb) => [
          'b.account_id',
          'b.day',
          'b.direction',
          sql<number>`sum(${eb.ref('b.calls')})::bigint`.as('calls'),
          sql<number>`sum(${eb.ref('b.answered_calls')})::bigint`.as('answered_calls'),
          sql<number>`sum(${eb.ref('b.duration_seconds')})::bigint`.as('duration_seconds'),
          sql<number[]>`array_agg(${eb.ref('b.bucket')} ORDER BY ${eb.ref('b.bucket')})`.as('bucket_indexes'),
          sql<number[]>`array_agg(${eb.ref('b.calls')}::int ORDER BY ${eb.ref('b.bucket')})`.as('bucket_counts'),
          eb.fn.max('b.max_duration_seconds').as('max_duration_seconds'),
        ])
        .groupBy(['b.account_id', 'b.day', 'b.direction']),
    )
    .execute();
  await trx.deleteFrom('usage_daily_places').where('day', 'in', days).execute();
  await trx
    .insertInto('usage_daily_places')
    .columns(['account_id', 'day', 'direction', 'country', 'region', 'calls', 'answered_calls', 'duration_seconds'])
    .expression(dailyPlaceRows(recordsIn(trx, daySpans)))
    .execute();

  await trx.deleteFrom('usage_dirty_hours').where('hour', 'in', hours).execute();
  return { hours: hours.length, days: days.length };
}

/** call_records in the intervals. */
export function recordsIn(db: Kysely<Database>, spans: readonly Interval[]) {
  return db.selectFrom('call_records').where((eb) => within(eb.ref('started_at'), spans));
}
