/**
 * `costTrend`: what rated calls cost per day or month of a time zone, per currency (accounts bill in their own), with
 * how many calls are still to be rated or were kept unrated, so a dip is not mistaken for a saving.
 */
import { sql } from 'kysely';
import type { AnalyticsContext } from './context';
import { trimDecimal } from './decimal-text';
import { costTrendFilterSchema, parseFilter, type CostTrendFilterInput } from './filters';
import { readConsistently } from './range-plan';
import type { AnalyticsScope } from './scope';
import { callsQueryOf, hourlyUsage, total, type AnswerSource } from './usage-source';
import { bucketsBetween } from './zones';

/** One currency's cost in one bucket. */
export interface CurrencyCost {
  /** Null for calls no account owns (never rated). */
  readonly currency: string | null;
  /** Exact sum of the rated calls' amounts, fractional minor units (decimal text). */
  readonly amountMinor: string;
  readonly ratedCalls: number;
  readonly billableSeconds: number;
  readonly unratedCalls: number;
  readonly pendingCalls: number;
}

/** One bucket of {@link CostTrend}. */
export interface CostBucket {
  readonly start: Date;
  readonly label: string;
  /** One entry per currency with calls in the bucket; empty when there were none. */
  readonly costs: readonly CurrencyCost[];
}

/** Cost per bucket; every bucket of the range is listed. */
export interface CostTrend {
  readonly timeZone: string;
  readonly granularity: 'day' | 'month';
  readonly from: Date;
  readonly to: Date;
  readonly buckets: readonly CostBucket[];
  readonly source: AnswerSource;
}

/** Rated amounts per day or month of `timeZone` over [from, to), per currency. */
export async function costTrend(context: AnalyticsContext, scope: AnalyticsScope, input: CostTrendFilterInput = {}): Promise<CostTrend> {
  const filter = parseFilter(costTrendFilterSchema, input);
  const q = callsQueryOf(scope, filter, context.now());
  const { timeZone, granularity } = filter;
  const { rows, source } = await readConsistently(context.db, async (trx) => {
    const usage = await hourlyUsage(trx, q, timeZone);
    // Summed per hour and currency first, so each hour is converted to the zone's calendar once.
    const perHour = trx
      .selectFrom(usage.rows.as('u'))
      .leftJoin('accounts as a', 'a.id', 'u.account_id')
      .select((eb) => [
        'u.hour',
        'a.currency',
        eb.fn.coalesce(eb.fn.sum<string>('u.amount'), eb.val('0')).as('amount'),
        total(eb.ref('u.calls')).as('calls'),
        total(eb.ref('u.rated_calls')).as('rated_calls'),
        total(eb.ref('u.unrated_calls')).as('unrated_calls'),
        total(eb.ref('u.billable_seconds')).as('billable_seconds'),
      ])
      .groupBy(['u.hour', 'a.currency']);
    const found = await trx
      .selectFrom(perHour.as('h'))
      .select((eb) => [
        sql<Date>`date_trunc(${sql.lit(granularity)}, ${eb.ref('h.hour')}, ${timeZone})`.as('bucket'),
        'h.currency',
        eb.fn.coalesce(eb.fn.sum<string>('h.amount'), eb.val('0')).as('amount'),
        total(eb.ref('h.calls')).as('calls'),
        total(eb.ref('h.rated_calls')).as('rated_calls'),
        total(eb.ref('h.unrated_calls')).as('unrated_calls'),
        total(eb.ref('h.billable_seconds')).as('billable_seconds'),
      ])
      .groupBy([sql.ref('bucket'), 'h.currency'])
      .orderBy('h.currency')
      .execute();
    return { rows: found, source: usage.source };
  });
  const byBucket = new Map<number, CurrencyCost[]>();
  for (const r of rows) {
    const costs = byBucket.get(r.bucket.getTime()) ?? [];
    costs.push({
      currency: r.currency,
      amountMinor: trimDecimal(r.amount),
      ratedCalls: r.rated_calls,
      billableSeconds: r.billable_seconds,
      unratedCalls: r.unrated_calls,
      pendingCalls: r.calls - r.rated_calls - r.unrated_calls,
    });
    byBucket.set(r.bucket.getTime(), costs);
  }
  return {
    timeZone,
    granularity,
    from: q.range.from,
    to: q.range.to,
    source,
    buckets: bucketsBetween(q.range.from, q.range.to, granularity, timeZone).map((b) => ({ ...b, costs: byBucket.get(b.start.getTime()) ?? [] })),
  };
}
