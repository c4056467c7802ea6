/**
 * `durationStats`: mean, p50 and p95 of call durations. From the rollups, percentiles come from fixed duration buckets
 * (duration-buckets.ts): the exact value lies within the `low`–`high` reported and the estimate within 5 % of it. With
 * `precision: 'exact'`, a number filter, or a range shorter than a day, they are read from the records
 * (percentile_disc, exact). The mean is exact either way.
 */
import { sql, type Expression, type SqlBool } from 'kysely';
import type { AnalyticsContext } from './context';
import { DURATION_BUCKET_LOWER_BOUNDS, percentileFromBuckets, type DurationPercentile } from './duration-buckets';
import { durationStatsFilterSchema, parseFilter, type DurationStatsFilterInput } from './filters';
import { inRollup, planRange, readConsistently } from './range-plan';
import { durationBucketRows } from './record-aggregates';
import type { AnalyticsScope } from './scope';
import { accountCondition } from './scope';
import { callsQueryOf, recordsMatching, total, type AnswerSource, type CallsQuery } from './usage-source';

/** Duration statistics of the calls a filter selects. */
export interface DurationStats {
  readonly from: Date;
  readonly to: Date;
  /** Calls counted (answered ones only, unless `answeredOnly` was false). */
  readonly calls: number;
  /** Exact mean in seconds; null without calls. */
  readonly meanSeconds: number | null;
  readonly p50: DurationPercentile | null;
  readonly p95: DurationPercentile | null;
  /** `rollups`: bucketed, within 5 %; `records`: exact. */
  readonly source: AnswerSource;
}

/** Mean, p50 and p95 of call durations over [from, to). */
export async function durationStats(context: AnalyticsContext, scope: AnalyticsScope, input: DurationStatsFilterInput = {}): Promise<DurationStats> {
  const filter = parseFilter(durationStatsFilterSchema, input);
  const q = callsQueryOf(scope, filter, context.now());
  return readConsistently(context.db, async (trx) => {
    const plan = filter.precision === 'exact' || q.numbers !== undefined ? undefined : await planRange(trx, q.range, 'day');
    if (!plan?.rollup) return exactStats(trx, q, filter.answeredOnly);
    const rollup = plan.rollup;
    const rollupRows = trx
      .selectFrom('usage_daily_durations')
      .where((eb) => {
        const conditions: Expression<SqlBool>[] = [accountCondition(eb.ref('account_id'), q.accounts), inRollup(eb.ref('day'), rollup)];
        if (q.direction) conditions.push(eb('direction', '=', q.direction));
        return eb.and(conditions);
      });
    const fromRecords = durationBucketRows(recordsMatching(trx, q, plan.records));
    // Buckets: the rollups' sparse arrays unnested in step (PostgreSQL zips set-returning functions of one select).
    const buckets = await trx
      .selectFrom(
        rollupRows
          .select((eb) => [eb.fn<number>('unnest', [eb.ref('bucket_indexes')]).as('bucket'), eb.fn<number>('unnest', [eb.ref('bucket_counts')]).as('calls')])
          .unionAll(trx.selectFrom(fromRecords.as('r')).select(['r.bucket', 'r.calls']))
          .as('b'),
      )
      .select((eb) => ['b.bucket', total(eb.ref('b.calls')).as('calls')])
      .groupBy('b.bucket')
      .execute();
    const totals = await trx
      .selectFrom(
        rollupRows
          .select(['calls', 'answered_calls', 'duration_seconds', 'max_duration_seconds'])
          .unionAll(trx.selectFrom(fromRecords.as('r')).select(['r.calls', 'r.answered_calls', 'r.duration_seconds', 'r.max_duration_seconds']))
          .as('t'),
      )
      .select((eb) => [
        total(eb.ref('t.calls')).as('calls'),
        total(eb.ref('t.answered_calls')).as('answered_calls'),
        total(eb.ref('t.duration_seconds')).as('duration_seconds'),
        eb.fn.max('t.max_duration_seconds').as('max_duration_seconds'),
      ])
      .executeTakeFirstOrThrow();
    const counts = new Array<number>(DURATION_BUCKET_LOWER_BOUNDS.length).fill(0);
    for (const b of buckets) if (!(filter.answeredOnly && b.bucket === 0)) counts[b.bucket] = b.calls;
    const calls = filter.answeredOnly ? totals.answered_calls : totals.calls;
    const max = totals.max_duration_seconds ?? 0;
    return {
      from: q.range.from,
      to: q.range.to,
      calls,
      meanSeconds: calls === 0 ? null : totals.duration_seconds / calls,
      p50: percentileFromBuckets(counts, 50, max) ?? null,
      p95: percentileFromBuckets(counts, 95, max) ?? null,
      source: 'rollups',
    };
  });
}

async function exactStats(trx: AnalyticsContext['db'], q: CallsQuery, answeredOnly: boolean): Promise<DurationStats> {
  const row = await recordsMatching(trx, q, [q.range])
    .where((eb) => (answeredOnly ? eb('duration_seconds', '>', 0) : sql<SqlBool>`true`))
    .select((eb) => [
      eb.fn.countAll<number>().as('calls'),
      total(eb.ref('duration_seconds')).as('duration_seconds'),
      sql<number | null>`percentile_disc(0.5) WITHIN GROUP (ORDER BY ${eb.ref('duration_seconds')})`.as('p50'),
      sql<number | null>`percentile_disc(0.95) WITHIN GROUP (ORDER BY ${eb.ref('duration_seconds')})`.as('p95'),
    ])
    .executeTakeFirstOrThrow();
  const exact = (seconds: number | null): DurationPercentile | null => (seconds === null ? null : { seconds, low: seconds, high: seconds, exact: true });
  return {
    from: q.range.from,
    to: q.range.to,
    calls: row.calls,
    meanSeconds: row.calls === 0 ? null : row.duration_seconds / row.calls,
    p50: exact(row.p50),
    p95: exact(row.p95),
    source: 'records',
  };
}
