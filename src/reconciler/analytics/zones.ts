/**
 * Calendars in IANA time zones: which buckets a range has in a zone (DST days have 23 or 25 hours), how a bucket is
 * labelled, and whether hourly rollups can answer for the zone at all (only when its offset is whole hours).
 */
import { DateTime } from 'luxon';

/** The calendar units analytics buckets by. */
export type Granularity = 'hour' | 'day' | 'month';

/** One bucket: its first instant and its name in the zone. */
export interface Bucket {
  readonly start: Date;
  /** `2025-03-09T03:00-04:00` for an hour, `2025-03-09` for a day, `2025-03` for a month. */
  readonly label: string;
}

/** The label of the bucket starting at `start` in `zone`. */
export function bucketLabel(start: Date, granularity: Granularity, zone: string): string {
  const local = DateTime.fromJSDate(start, { zone });
  if (granularity === 'month') return local.toFormat('yyyy-MM');
  if (granularity === 'day') return local.toFormat('yyyy-MM-dd');
  return local.toISO({ suppressMilliseconds: true, suppressSeconds: true }) ?? start.toISOString();
}

/** Every bucket that overlaps [from, to) in the zone, oldest first (the first may start before `from`). */
export function bucketsBetween(from: Date, to: Date, granularity: Granularity, zone: string): Bucket[] {
  const buckets: Bucket[] = [];
  const end = to.getTime();
  for (let at = DateTime.fromJSDate(from, { zone }).startOf(granularity); at.toMillis() < end; at = at.plus({ [granularity]: 1 })) {
    const start = at.toJSDate();
    buckets.push({ start, label: bucketLabel(start, granularity, zone) });
  }
  return buckets;
}

/**
 * True when the zone is a whole number of hours from UTC throughout [from, to), so UTC hours fall inside its days
 * (checked at both ends and at every UTC month start between: zone rules change at most a few times a year). India
 * (+05:30) and Nepal (+05:45) are not; their buckets are counted from the records.
 */
export function wholeHourOffsets(zone: string, from: Date, to: Date): boolean {
  const whole = (at: Date) => DateTime.fromJSDate(at, { zone }).offset % 60 === 0;
  if (!whole(from) || !whole(new Date(to.getTime() - 1))) return false;
  for (let m = DateTime.fromJSDate(from, { zone: 'utc' }).startOf('month').plus({ months: 1 }); m.toMillis() < to.getTime(); m = m.plus({ months: 1 })) {
    if (!whole(m.toJSDate())) return false;
  }
  return true;
}
