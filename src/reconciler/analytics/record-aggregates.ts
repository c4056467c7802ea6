/**
 * What each rollup row is, as one aggregation of call_records per rollup table. The rollup job inserts these rows for
 * the hours and days it recomputes, and the queries compute the same rows from the records wherever a rollup is not
 * current (a dirty hour, a partial unit at either end of a range): one definition, so both always agree.
 */
import { sql, type Expression, type ExpressionBuilder, type RawBuilder, type SelectQueryBuilder, type SqlBool } from 'kysely';
import type { Database } from '../db/database';
import { DURATION_BUCKET_LOWER_BOUNDS } from './duration-buckets';

/** A query over call_records before its select list. */
export type RecordsQuery = SelectQueryBuilder<Database, 'call_records', object>;
type Records = ExpressionBuilder<Database, 'call_records'>;

/** Half-open [from, to). */
export interface Interval {
  readonly from: Date;
  readonly to: Date;
}

/** The time slots rows are cut into: rollups use UTC hours; counting from records for a zone such as India uses quarter hours. */
export type Slot = 'hour' | 'day' | 'quarter';

/**
 * The start of the slot holding `at`, in UTC (explicitly: date_trunc in the session's zone would cut Indian half hours).
 * Every zone's offset today is a multiple of 15 minutes, so quarter-hour slots fall inside any zone's hours.
 */
export function slotStart(slot: Slot, at: Expression<Date>): RawBuilder<Date> {
  if (slot === 'quarter') return sql<Date>`date_bin('15 minutes', ${at}, TIMESTAMPTZ '2000-01-01 00:00:00+00')`;
  return sql<Date>`date_trunc(${sql.lit(slot)}, ${at}, 'UTC')`;
}

/** True where `at` lies in one of the intervals (an OR of ranges, which partition pruning and indexes understand). */
export function within(at: Expression<Date>, intervals: readonly Interval[]): RawBuilder<SqlBool> {
  if (intervals.length === 0) return sql<SqlBool>`false`;
  return sql<SqlBool>`(${sql.join(intervals.map((i) => sql`(${at} >= ${i.from} AND ${at} < ${i.to})`), sql` OR `)})`;
}

/** Sorted, overlapping and touching intervals joined, empty ones dropped. */
export function mergeIntervals(intervals: readonly Interval[]): Interval[] {
  const sorted = intervals.filter((i) => i.to > i.from).sort((a, b) => a.from.getTime() - b.from.getTime());
  const merged: Interval[] = [];
  for (const next of sorted) {
    const last = merged[merged.length - 1];
    if (last && next.from <= last.to) merged[merged.length - 1] = { from: last.from, to: next.to > last.to ? next.to : last.to };
    else merged.push(next);
  }
  return merged;
}

/** The other party's country: the caller's for an inbound call, the callee's for an outbound one. */
function otherPartyCountry(eb: Records) {
  return eb.case().when('direction', '=', 'inbound').then(eb.ref('caller_country')).else(eb.ref('callee_country')).end();
}

function otherPartyRegion(eb: Records) {
  return eb.case().when('direction', '=', 'inbound').then(eb.ref('caller_region')).else(eb.ref('callee_region')).end();
}

/** The counters every rollup carries. */
function counters(eb: Records) {
  return [
    eb.fn.countAll<number>().as('calls'),
    eb.fn.countAll<number>().filterWhere('duration_seconds', '>', 0).as('answered_calls'),
    sql<number>`coalesce(sum(${eb.ref('duration_seconds')}), 0)::bigint`.as('duration_seconds'),
  ] as const;
}

/** usage_hourly rows (per account, slot, direction); `slot` is 'hour' for the rollup itself. */
export function hourlyRows(records: RecordsQuery, slot: Slot = 'hour') {
  return records
    .select((eb) => [
      'account_id',
      slotStart(slot, eb.ref('started_at')).as('hour'),
      'direction',
      ...counters(eb),
      sql<number>`coalesce(sum(${eb.ref('billable_seconds')}), 0)::bigint`.as('billable_seconds'),
      eb.fn.countAll<number>().filterWhere('amount_decimal', 'is not', null).as('rated_calls'),
      eb.fn.countAll<number>().filterWhere((w) => w.and([w('rated_at', 'is not', null), w('amount_decimal', 'is', null)])).as('unrated_calls'),
      sql<string>`coalesce(sum(${eb.ref('amount_decimal')}), 0)`.as('amount'),
    ])
    .groupBy(['account_id', sql.ref('hour'), 'direction']);
}

/** usage_daily_numbers rows (per account, our number, UTC day, direction). */
export function dailyNumberRows(records: RecordsQuery) {
  return records
    .select((eb) => [
      'account_id',
      'number_e164',
      slotStart('day', eb.ref('started_at')).as('day'),
      'direction',
      ...counters(eb),
      sql<number>`coalesce(sum(${eb.ref('billable_seconds')}), 0)::bigint`.as('billable_seconds'),
      sql<string>`coalesce(sum(${eb.ref('amount_decimal')}), 0)`.as('amount'),
    ])
    .groupBy(['account_id', 'number_e164', sql.ref('day'), 'direction']);
}

/** Calls per duration bucket (per account, UTC day, direction, bucket): the unit both durations rollups and reads share. */
export function durationBucketRows(records: RecordsQuery) {
  return records
    .select((eb) => [
      'account_id',
      slotStart('day', eb.ref('started_at')).as('day'),
      'direction',
      sql<number>`(width_bucket(${eb.ref('duration_seconds')}, ${[...DURATION_BUCKET_LOWER_BOUNDS]}::int[]) - 1)::smallint`.as('bucket'),
      ...counters(eb),
      eb.fn.max<number>('duration_seconds').as('max_duration_seconds'),
    ])
    .groupBy(['account_id', sql.ref('day'), 'direction', sql.ref('bucket')]);
}

/** usage_daily_places rows (per account, UTC day, direction, the other party's country and region). */
export function dailyPlaceRows(records: RecordsQuery) {
  return records
    .select((eb) => ['account_id', slotStart('day', eb.ref('started_at')).as('day'), 'direction', otherPartyCountry(eb).as('country'), otherPartyRegion(eb).as('region'), ...counters(eb)])
    .groupBy(['account_id', sql.ref('day'), 'direction', sql.ref('country'), sql.ref('region')]);
}
