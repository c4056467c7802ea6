/**
 * `peakHourHeatmap`: calls per weekday and hour of the day in a time zone (168 cells), and the busiest cell. On the day
 * clocks go back, both 01:00 hours count in the 01:00 cell; on the day they go forward there is no 02:00.
 */
import { sql } from 'kysely';
import type { AnalyticsContext } from './context';
import { heatmapFilterSchema, parseFilter, type HeatmapFilterInput } from './filters';
import { readConsistently } from './range-plan';
import type { AnalyticsScope } from './scope';
import { callsQueryOf, hourlyUsage, perSlot, total, type AnswerSource } from './usage-source';

/** One weekday × hour cell. */
export interface HeatmapCell {
  /** ISO weekday: 1 Monday … 7 Sunday. */
  readonly weekday: number;
  /** 0–23, local time. */
  readonly hour: number;
  readonly calls: number;
  readonly answeredCalls: number;
  readonly durationSeconds: number;
}

/** The week's shape of traffic. */
export interface PeakHourHeatmap {
  readonly timeZone: string;
  readonly from: Date;
  readonly to: Date;
  /** Every cell, Monday 00:00 first, then by hour and weekday. */
  readonly cells: readonly HeatmapCell[];
  /** The cell with the most calls (the earliest of equals); null without calls. */
  readonly peak: HeatmapCell | null;
  readonly source: AnswerSource;
}

/** Calls per local weekday and hour over [from, to). */
export async function peakHourHeatmap(context: AnalyticsContext, scope: AnalyticsScope, input: HeatmapFilterInput = {}): Promise<PeakHourHeatmap> {
  const filter = parseFilter(heatmapFilterSchema, input);
  const q = callsQueryOf(scope, filter, context.now());
  const { timeZone } = filter;
  const { rows, source } = await readConsistently(context.db, async (trx) => {
    const usage = await hourlyUsage(trx, q, timeZone);
    const found = await trx
      .selectFrom(perSlot(trx, usage.rows).as('u'))
      .select((eb) => [
        sql<number>`extract(isodow from ${eb.ref('u.hour')} AT TIME ZONE ${timeZone})::int`.as('weekday'),
        sql<number>`extract(hour from ${eb.ref('u.hour')} AT TIME ZONE ${timeZone})::int`.as('hour_of_day'),
        total(eb.ref('u.calls')).as('calls'),
        total(eb.ref('u.answered_calls')).as('answered_calls'),
        total(eb.ref('u.duration_seconds')).as('duration_seconds'),
      ])
      .groupBy([sql.ref('weekday'), sql.ref('hour_of_day')])
      .execute();
    return { rows: found, source: usage.source };
  });
  const cells: HeatmapCell[] = [];
  for (let weekday = 1; weekday <= 7; weekday++) {
    for (let hour = 0; hour < 24; hour++) cells.push({ weekday, hour, calls: 0, answeredCalls: 0, durationSeconds: 0 });
  }
  for (const r of rows) cells[(r.weekday - 1) * 24 + r.hour_of_day] = { weekday: r.weekday, hour: r.hour_of_day, calls: r.calls, answeredCalls: r.answered_calls, durationSeconds: r.duration_seconds };
  const peak = cells.reduce<HeatmapCell | null>((best, c) => (c.calls > 0 && (!best || c.calls > best.calls) ? c : best), null);
  return { timeZone, from: q.range.from, to: q.range.to, cells, peak, source };
}
