/**
 * The calls a query is about (accounts within the caller's scope, our numbers, direction, time range) and the hourly
 * usage rows it aggregates: usage_hourly for the clean whole hours of the range plus the same rows computed from the
 * records elsewhere (range-plan.ts). Queries by number, and zones that are not whole hours from UTC, count from the
 * records in quarter-hour slots instead, which is exact for every zone.
 */
import { sql, type Expression, type Kysely, type SqlBool } from 'kysely';
import type { Database } from '../db/database';
import { resolveRange } from './filters';
import { planRange, inRollup } from './range-plan';
import { hourlyRows, within, type Interval, type RecordsQuery } from './record-aggregates';
import { accountCondition, visibleAccounts, type AnalyticsScope } from './scope';
import { wholeHourOffsets } from './zones';

/** Which calls a query reads. */
export interface CallsQuery {
  /** Undefined: every account, unattributed calls included. */
  readonly accounts: readonly string[] | undefined;
  readonly numbers?: readonly string[] | undefined;
  readonly direction?: 'inbound' | 'outbound' | undefined;
  readonly range: Interval;
}

/** Where an answer's numbers came from. */
export type AnswerSource = 'rollups' | 'records';

/** The query a filter describes, narrowed to the scope; the range defaulted from the clock. */
export function callsQueryOf(
  scope: AnalyticsScope,
  filter: { accounts?: string[] | undefined; numbers?: string[] | undefined; direction?: 'inbound' | 'outbound' | 'both' | undefined; from?: Date | undefined; to?: Date | undefined },
  now: Date,
): CallsQuery {
  return {
    accounts: visibleAccounts(scope, filter.accounts),
    numbers: filter.numbers,
    direction: filter.direction === 'both' ? undefined : filter.direction,
    range: resolveRange(filter, now),
  };
}

/** The records of the query's accounts, numbers and direction that started in the intervals. */
export function recordsMatching(db: Kysely<Database>, q: CallsQuery, intervals: readonly Interval[]): RecordsQuery {
  return db.selectFrom('call_records').where((eb) => {
    const conditions: Expression<SqlBool>[] = [accountCondition(eb.ref('account_id'), q.accounts), within(eb.ref('started_at'), intervals)];
    if (q.numbers) conditions.push(sql<SqlBool>`${eb.ref('number_e164')} = ANY(${[...q.numbers]}::text[])`);
    if (q.direction) conditions.push(eb('direction', '=', q.direction));
    return eb.and(conditions);
  });
}

/** Hourly usage rows in the shape of usage_hourly (`hour` is a quarter-hour slot when counted from records for the zone). */
export async function hourlyUsage(db: Kysely<Database>, q: CallsQuery, zone: string) {
  if (q.numbers !== undefined || !wholeHourOffsets(zone, q.range.from, q.range.to)) {
    return { source: 'records' as AnswerSource, rows: hourlyRows(recordsMatching(db, q, [q.range]), 'quarter') };
  }
  const plan = await planRange(db, q.range, 'hour');
  const fromRecords = hourlyRows(recordsMatching(db, q, plan.records));
  if (!plan.rollup) return { source: 'records' as AnswerSource, rows: fromRecords };
  const { rollup } = plan;
  const fromRollup = db
    .selectFrom('usage_hourly')
    .select(['account_id', 'hour', 'direction', 'calls', 'answered_calls', 'duration_seconds', 'billable_seconds', 'rated_calls', 'unrated_calls', 'amount'])
    .where((eb) => {
      const conditions: Expression<SqlBool>[] = [accountCondition(eb.ref('account_id'), q.accounts), inRollup(eb.ref('hour'), rollup)];
      if (q.direction) conditions.push(eb('direction', '=', q.direction));
      return eb.and(conditions);
    });
  return { source: 'rollups' as AnswerSource, rows: fromRecords.unionAll(fromRollup) };
}

/**
 * The usage rows summed per slot and direction, across accounts: converting an instant to a zone's calendar costs
 * more than adding a row, so queries convert each hour once rather than once per account.
 */
export function perSlot(db: Kysely<Database>, rows: HourlyUsageRows) {
  return db
    .selectFrom(rows.as('u'))
    .select((eb) => [
      'u.hour',
      'u.direction',
      total(eb.ref('u.calls')).as('calls'),
      total(eb.ref('u.answered_calls')).as('answered_calls'),
      total(eb.ref('u.duration_seconds')).as('duration_seconds'),
    ])
    .groupBy(['u.hour', 'u.direction']);
}

/** The rows {@link hourlyUsage} gives. */
export type HourlyUsageRows = Awaited<ReturnType<typeof hourlyUsage>>['rows'];

/** `coalesce(sum(x), 0)` as a JavaScript number (PostgreSQL sums bigints as numeric, which pg returns as text). */
export function total(value: Expression<number | null>) {
  return sql<number>`coalesce(sum(${value}), 0)::bigint`;
}
