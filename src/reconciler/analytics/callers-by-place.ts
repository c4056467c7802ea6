/**
 * `callersByPlace`: calls by where the other party is — the caller of an inbound call (the default), the callee of an
 * outbound one — by country or by country and region, as ingest placed the numbers (ingest/geography.ts). Exact:
 * whole UTC days from usage_daily_places, the rest of the range from the records.
 */
import { sql, type Expression, type SqlBool } from 'kysely';
import type { AnalyticsContext } from './context';
import { callersByPlaceFilterSchema, parseFilter, type CallersByPlaceFilterInput } from './filters';
import { inRollup, planRange, readConsistently } from './range-plan';
import { dailyPlaceRows } from './record-aggregates';
import { accountCondition, type AnalyticsScope } from './scope';
import { callsQueryOf, recordsMatching, total, type AnswerSource } from './usage-source';

/** Calls with parties in one place. */
export interface PlaceCalls {
  /** ISO 3166-1 alpha-2; null where the number could not be placed (withheld, malformed). */
  readonly country: string | null;
  /** Null at `level: 'country'`, or where the region is unknown. */
  readonly region: string | null;
  readonly calls: number;
  readonly answeredCalls: number;
  readonly durationSeconds: number;
  /** Share of all calls counted (0–1). */
  readonly share: number;
}

/** Places by calls, most first. */
export interface CallersByPlace {
  readonly from: Date;
  readonly to: Date;
  readonly direction: 'inbound' | 'outbound' | 'both';
  readonly level: 'country' | 'region';
  /** Calls counted, all places (also those past `limit`). */
  readonly calls: number;
  readonly places: readonly PlaceCalls[];
  readonly source: AnswerSource;
}

/** Calls by the other party's country (and region) over [from, to). */
export async function callersByPlace(context: AnalyticsContext, scope: AnalyticsScope, input: CallersByPlaceFilterInput = {}): Promise<CallersByPlace> {
  const filter = parseFilter(callersByPlaceFilterSchema, input);
  const q = callsQueryOf(scope, filter, context.now());
  const { rows, source } = await readConsistently(context.db, async (trx) => {
    const plan = q.numbers !== undefined ? undefined : await planRange(trx, q.range, 'day');
    let usage = dailyPlaceRows(recordsMatching(trx, q, plan?.rollup ? plan.records : [q.range]));
    const rollup = plan?.rollup;
    if (rollup) {
      usage = usage.unionAll(
        trx
          .selectFrom('usage_daily_places')
          .select(['account_id', 'day', 'direction', 'country', 'region', 'calls', 'answered_calls', 'duration_seconds'])
          .where((eb) => {
            const conditions: Expression<SqlBool>[] = [accountCondition(eb.ref('account_id'), q.accounts), inRollup(eb.ref('day'), rollup)];
            if (q.direction) conditions.push(eb('direction', '=', q.direction));
            return eb.and(conditions);
          }),
      );
    }
    const found = await trx
      .selectFrom(usage.as('u'))
      .select((eb) => [
        'u.country',
        (filter.level === 'region' ? sql<string | null>`${eb.ref('u.region')}` : sql<string | null>`null::text`).as('place_region'),
        total(eb.ref('u.calls')).as('calls'),
        total(eb.ref('u.answered_calls')).as('answered_calls'),
        total(eb.ref('u.duration_seconds')).as('duration_seconds'),
      ])
      .groupBy(['u.country', sql.ref('place_region')])
      .orderBy('calls', 'desc')
      .orderBy('u.country')
      .orderBy(sql.ref('place_region'))
      .execute();
    return { rows: found, source: (rollup ? 'rollups' : 'records') as AnswerSource };
  });
  const calls = rows.reduce((sum, r) => sum + r.calls, 0);
  return {
    from: q.range.from,
    to: q.range.to,
    direction: filter.direction,
    level: filter.level,
    calls,
    source,
    places: rows.slice(0, filter.limit).map((r) => ({
      country: r.country,
      region: r.place_region,
      calls: r.calls,
      answeredCalls: r.answered_calls,
      durationSeconds: r.duration_seconds,
      share: calls === 0 ? 0 : r.calls / calls,
    })),
  };
}
