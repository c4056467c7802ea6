/**
 * When a time zone's UTC offset changes (daylight saving, government decrees) within the years a
 * compiled schedule covers. Studio's Liquid has no time-zone support, so the compiler bakes these
 * instants into the flow as plain UTC numbers.
 */

/** First instant a compiled schedule tracks offset changes from (before it, the offset in force then applies). */
export const SCHEDULE_COMPILED_FROM = new Date('2025-01-01T00:00:00Z');

/** First instant past the tracked range (from it on, the offset in force just before applies). */
export const SCHEDULE_COMPILED_UNTIL = new Date('2041-01-01T00:00:00Z');

/** One change of a zone's offset: from minute `at` (minutes since the Unix epoch, UTC) the zone is `offset` minutes ahead of UTC. */
export interface OffsetChange {
  readonly at: number;
  readonly offset: number;
}

/** A zone's offsets over the compiled range: the offset at its start, then every change in order. */
export interface OffsetTimeline {
  readonly initial: number;
  readonly changes: readonly OffsetChange[];
}

const MINUTE_MS = 60_000;

/**
 * Probe spacing of the scan. Two changes inside one probe step would cancel out unseen; the
 * closest pair in the tz database for 2025–2040 is about 7 days apart (Asia/Gaza around Ramadan),
 * so 3 days leaves a safe margin while keeping a zone's scan to about 2,000 probes.
 */
const PROBE_STEP_MS = 3 * 24 * 60 * MINUTE_MS;

// The tz database does not change while a process runs, so a zone's timeline is computed once.
const timelines = new Map<string, OffsetTimeline>();

/** The offset changes of `zone` between SCHEDULE_COMPILED_FROM and SCHEDULE_COMPILED_UNTIL, computed once per zone. */
export function offsetTimeline(zone: string): OffsetTimeline {
  const known = timelines.get(zone);
  if (known !== undefined) return known;
  const timeline = scanOffsets(zone);
  timelines.set(zone, timeline);
  return timeline;
}

/** The offset (minutes ahead of UTC) in force at `minute`, clamped to the compiled range. */
export function offsetAt(timeline: OffsetTimeline, minute: number): number {
  let offset = timeline.initial;
  let lo = 0;
  let hi = timeline.changes.length - 1;
  // Binary search for the last change at or before `minute`.
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (timeline.changes[mid].at <= minute) {
      offset = timeline.changes[mid].offset;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return offset;
}

function scanOffsets(zone: string): OffsetTimeline {
  // Intl's "longOffset" name ("GMT-05:00") costs a fraction of luxon's offset lookup, and both read the same ICU data.
  const format = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' });
  const offsetOf = (ms: number): number => parseLongOffset(format.format(ms));
  const from = SCHEDULE_COMPILED_FROM.getTime();
  const until = SCHEDULE_COMPILED_UNTIL.getTime();
  const initial = offsetOf(from);
  const changes: OffsetChange[] = [];
  const lastMs = until - MINUTE_MS;
  let previousMs = from;
  let previous = initial;
  while (previousMs < lastMs) {
    const probeMs = Math.min(previousMs + PROBE_STEP_MS, lastMs);
    const offset = offsetOf(probeMs);
    if (offset !== previous) {
      changes.push({ at: firstMinuteWith(offsetOf, previousMs / MINUTE_MS, probeMs / MINUTE_MS, previous), offset });
      previous = offset;
    }
    previousMs = probeMs;
  }
  return { initial, changes };
}

/** Bisects to the first minute in (lo, hi] whose offset is no longer `old`. */
function firstMinuteWith(offsetOf: (ms: number) => number, lo: number, hi: number, old: number): number {
  let a = Math.floor(lo);
  let b = Math.floor(hi);
  while (b - a > 1) {
    const mid = Math.floor((a + b) / 2);
    if (offsetOf(mid * MINUTE_MS) === old) a = mid;
    else b = mid;
  }
  return b;
}

/** Minutes ahead of UTC from "GMT", "GMT+05:45" or "GMT-03:00" (seconds, only seen in old local mean times, are dropped). */
function parseLongOffset(text: string): number {
  const match = /GMT(?:([+-])(\d{1,2})(?::(\d{2}))?)?/.exec(text);
  if (match === null || match[1] === undefined) return 0;
  const minutes = Number(match[2]) * 60 + Number(match[3] ?? '0');
  return match[1] === '-' ? -minutes : minutes;
}
