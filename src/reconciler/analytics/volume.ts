/** `callVolume`: how many calls came in and went out per hour, day or month of a time zone. */
import { sql } from 'kysely';
import { ValidationError } from '../../core/errors';
import type { AnalyticsContext } from './context';
import { MAX_BUCKETS, parseFilter, volumeFilterSchema, type VolumeFilterInput } from './filters';
import { readConsistently } from './range-plan';
import type { AnalyticsScope } from './scope';
import { callsQueryOf, hourlyUsage, perSlot, total, type AnswerSource } from './usage-source';
import { bucketsBetween, type Granularity } from './zones';

/** Calls one way in one bucket. */
export interface DirectionVolume {
  readonly calls: number;
  readonly answeredCalls: number;
  readonly durationSeconds: number;
}

/** One bucket of {@link CallVolume}. */
export interface VolumeBucket {
  /** First instant of the bucket (in the zone's calendar). */
  readonly start: Date;
  /** `2025-03-09` (day), `2025-03` (month), `2025-03-09T03:00-04:00` (hour). */
  readonly label: string;
  readonly inbound: DirectionVolume;
  readonly outbound: DirectionVolume;
}

/** Calls in and out per bucket; every bucket of the range is listed, empty ones with zeros. */
export interface CallVolume {
  readonly timeZone: string;
  readonly granularity: Granularity;
  readonly from: Date;
  readonly to: Date;
  readonly buckets: readonly VolumeBucket[];
  /** `rollups`: usage_hourly plus the records of hours not rolled up yet; `records`: counted from the records. */
  readonly source: AnswerSource;
}

const NONE: DirectionVolume = Object.freeze({ calls: 0, answeredCalls: 0, durationSeconds: 0 });

/** Call volume in and out per hour, day or month of `timeZone` over [from, to). */
export async function callVolume(context: AnalyticsContext, scope: AnalyticsScope, input: VolumeFilterInput): Promise<CallVolume> {
  const filter = parseFilter(volumeFilterSchema, input);
  const q = callsQueryOf(scope, filter, context.now());
  const { timeZone, granularity } = filter;
  const buckets = bucketsBetween(q.range.from, q.range.to, granularity, timeZone);
  if (buckets.length > MAX_BUCKETS) {
    throw new ValidationError({ field: 'granularity', summary: `"${granularity}" makes ${buckets.length} buckets of the range, more than ${MAX_BUCKETS}`, detail: 'choose a coarser granularity or a shorter range' });
  }
  const { source, rows } = await readConsistently(context.db, async (trx) => {
    const usage = await hourlyUsage(trx, q, timeZone);
    const found = await trx
      .selectFrom(perSlot(trx, usage.rows).as('u'))
      .select((eb) => [
        sql<Date>`date_trunc(${sql.lit(granularity)}, ${eb.ref('u.hour')}, ${timeZone})`.as('bucket'),
        'u.direction',
        total(eb.ref('u.calls')).as('calls'),
        total(eb.ref('u.answered_calls')).as('answered_calls'),
        total(eb.ref('u.duration_seconds')).as('duration_seconds'),
      ])
      .groupBy([sql.ref('bucket'), 'u.direction'])
      .execute();
    return { source: usage.source, rows: found };
  });
  const byBucket = new Map<number, { inbound: DirectionVolume; outbound: DirectionVolume }>();
  for (const row of rows) {
    const entry = byBucket.get(row.bucket.getTime()) ?? { inbound: NONE, outbound: NONE };
    entry[row.direction] = { calls: row.calls, answeredCalls: row.answered_calls, durationSeconds: row.duration_seconds };
    byBucket.set(row.bucket.getTime(), entry);
  }
  return {
    timeZone,
    granularity,
    from: q.range.from,
    to: q.range.to,
    source,
    buckets: buckets.map((b) => ({ ...b, ...(byBucket.get(b.start.getTime()) ?? { inbound: NONE, outbound: NONE }) })),
  };
}
