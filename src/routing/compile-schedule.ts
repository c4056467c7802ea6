/**
 * Compiles a schedule step into Studio splits that need no time-zone support from Liquid.
 *
 * Studio can only read the clock in UTC (`{{ "now" | date: ... }}`), so the local calendar is
 * precomputed: the entry split cuts time into UTC intervals at every holiday's local midnights and
 * every change of the zone's UTC offset (DST), sending holidays to their calendar's step and every
 * other interval to a per-offset split `<step>__utc±hhmm`, which maps the UTC minute of the week to
 * the opening window that local minute falls in. Both splits are ascending `less_than` chains:
 * Studio tests transitions in order and the first match wins, so each condition picks the interval
 * just below its boundary.
 */
import { DateTime } from 'luxon';
import { ValidationError } from '../core/errors';
import type { RoutingPlan, ScheduleStep } from './model';
import { stepPath } from './parse';
import { DAY_MINUTES, WEEK_MINUTES, scheduleIntervals, scheduleZone } from './schedule';
import { offsetAt, offsetTimeline } from './compile-zone-offsets';
import { splitState, type SplitBranch, type StudioState } from './compile-studio';

export { SCHEDULE_COMPILED_FROM, SCHEDULE_COMPILED_UNTIL } from './compile-zone-offsets';

/** The Liquid input of the entry split: the current UTC instant as a 12-digit number, `YYYYMMDDHHMM`. */
export const UTC_INSTANT_INPUT = '{{ "now" | date: "%Y%m%d%H%M" }}';

/** The Liquid input of the per-offset splits: UTC day of week (0 = Sunday) then `HHMM`, compared as a number. */
export const UTC_WEEK_MINUTE_INPUT = '{{ "now" | date: "%w%H%M" }}';

/** A stretch of time (or of the week) and the state it leads to; `next` undefined ends the flow. */
interface Stretch {
  readonly end: number;
  readonly next: string | undefined;
  readonly label: string;
}

/** The states of one schedule step: the entry split `<name>`, then one split per UTC offset it uses. */
export function compileScheduleStep(plan: RoutingPlan, planName: string, name: string, step: ScheduleStep): StudioState[] {
  const zone = scheduleZone(plan, step);
  if (zone === undefined) {
    throw new ValidationError({
      summary: `schedule "${name}" has no time zone`,
      field: stepPath(planName, name, 'timeZone'),
      detail: 'set `timeZone` on the step or on the plan, e.g. "America/New_York"',
    });
  }
  const calendar = calendarStretches(planName, name, step, zone);
  const offsetStates = new Map<number, string>();
  for (const s of calendar) {
    if (s.offset !== undefined && !offsetStates.has(s.offset)) offsetStates.set(s.offset, offsetStateName(name, s.offset));
  }
  const entry = chainState(name, UTC_INSTANT_INPUT, calendar, (end) => `until ${formatInstant(end)}`);
  const perOffset = [...offsetStates].map(([offset, stateName]) =>
    chainState(stateName, UTC_WEEK_MINUTE_INPUT, weekStretches(step, offset), (end) => `until ${formatUtcWeekMinute(end)} UTC`),
  );
  return [entry, ...perOffset];
}

/** The name of the split that handles the UTC offset `offset` (minutes): `hours__utcm0500`, `hours__utcp0530`. */
export function offsetStateName(step: string, offset: number): string {
  const abs = Math.abs(offset);
  return `${step}__utc${offset < 0 ? 'm' : 'p'}${pad2(Math.floor(abs / 60))}${pad2(abs % 60)}`;
}

/** The ascending `less_than` chain over stretches; the last stretch is `noMatch`. */
function chainState(name: string, input: string, stretches: readonly Stretch[], until: (end: number) => string): StudioState {
  const last = stretches[stretches.length - 1];
  const branches: SplitBranch[] = stretches.slice(0, -1).map((s) => ({
    friendlyName: `${s.label} ${until(s.end)}`,
    type: 'less_than',
    value: boundaryValue(input, s.end),
    next: s.next,
  }));
  return splitState(name, input, branches, last.next);
}

function boundaryValue(input: string, end: number): string {
  return input === UTC_INSTANT_INPUT ? formatInstantNumber(end) : String(weekMinuteNumber(end));
}

/** Calendar stretches (UTC minutes since the epoch): holidays by their local day, the rest by the UTC offset in force. */
function calendarStretches(
  planName: string,
  name: string,
  step: ScheduleStep,
  zone: string,
): Array<Stretch & { readonly offset?: number }> {
  const timeline = offsetTimeline(zone);
  const holidays = holidayRanges(planName, name, step, zone);
  const cuts = new Set<number>(timeline.changes.map((c) => c.at));
  for (const h of holidays) {
    cuts.add(h.start);
    cuts.add(h.end);
  }
  const boundaries = [...cuts].sort((a, b) => a - b);
  const out: Array<Stretch & { offset?: number }> = [];
  let h = 0;
  for (let i = 0; i <= boundaries.length; i++) {
    const start = i === 0 ? -Infinity : boundaries[i - 1];
    const end = i < boundaries.length ? boundaries[i] : Infinity;
    while (h < holidays.length && holidays[h].end <= start) h++;
    const holiday = h < holidays.length && holidays[h].start <= start ? holidays[h] : undefined;
    let piece: Stretch & { offset?: number };
    if (holiday !== undefined) {
      piece = { end, next: holiday.next, label: `holiday (${holiday.name})` };
    } else {
      const offset = i === 0 ? timeline.initial : offsetAt(timeline, start);
      piece = { end, next: offsetStateName(name, offset), label: `UTC${formatOffset(offset)}`, offset };
    }
    const previous = out[out.length - 1];
    if (previous !== undefined && previous.next === piece.next) out[out.length - 1] = { ...previous, end };
    else out.push(piece);
  }
  return out;
}

interface HolidayRange {
  readonly start: number;
  readonly end: number;
  readonly next: string;
  readonly name: string;
}

/** Each holiday date's local day as UTC minutes `[start, end)`, sorted; a date in several calendars belongs to the first. */
function holidayRanges(planName: string, name: string, step: ScheduleStep, zone: string): HolidayRange[] {
  const seen = new Set<string>();
  const out: HolidayRange[] = [];
  (step.holidays ?? []).forEach((calendar, c) => {
    calendar.dates.forEach((date, d) => {
      if (seen.has(date)) return;
      seen.add(date);
      const [start, end] = localDay(zone, date, () => stepPath(planName, name, 'holidays', c, 'dates', d));
      out.push({ start, end, next: calendar.next, name: calendar.name });
    });
  });
  return out.sort((a, b) => a.start - b.start);
}

// Plans repeat the same public holidays across steps, and luxon is the slow part of a schedule.
const localDays = new Map<string, readonly [number, number]>();

/** The UTC minutes `[start, end)` of `date` in `zone`, from its first instant to the next day's. */
function localDay(zone: string, date: string, field: () => string): readonly [number, number] {
  const key = `${zone} ${date}`;
  const known = localDays.get(key);
  if (known !== undefined) return known;
  const start = localMidnight(zone, date, field);
  const next = new Date(Date.parse(`${date}T00:00:00Z`) + DAY_MINUTES * 60_000);
  const day = [start, localMidnight(zone, next.toISOString().slice(0, 10), field)] as const;
  localDays.set(key, day);
  return day;
}

/** The first UTC minute of `date` in `zone` (luxon moves a midnight that DST skips to the end of the gap, the day's true first instant). */
function localMidnight(zone: string, date: string, field: () => string): number {
  const local = DateTime.fromISO(date, { zone });
  if (!local.isValid) {
    throw new ValidationError({ summary: `"${date}" is not a calendar date`, field: field(), detail: 'write holidays as "YYYY-MM-DD"' });
  }
  return Math.floor(local.toMillis() / 60_000);
}

/**
 * The UTC week (minutes from Sunday 00:00 UTC) cut by the step's windows as seen from a zone
 * `offset` minutes ahead of UTC; where windows overlap the first written wins, as `windowAt` says.
 */
function weekStretches(step: ScheduleStep, offset: number): Stretch[] {
  // Local minutes count from Monday 00:00 and UTC ones from Sunday 00:00, a day earlier.
  const shift = DAY_MINUTES - offset;
  const pieces: Array<{ start: number; end: number; window: number }> = [];
  for (const interval of scheduleIntervals(step)) {
    const start = mod(interval.start + shift, WEEK_MINUTES);
    const end = start + (interval.end - interval.start);
    if (end <= WEEK_MINUTES) pieces.push({ start, end, window: interval.window });
    else pieces.push({ start, end: WEEK_MINUTES, window: interval.window }, { start: 0, end: end - WEEK_MINUTES, window: interval.window });
  }
  const cuts = new Set<number>([WEEK_MINUTES]);
  for (const p of pieces) {
    cuts.add(p.start);
    cuts.add(p.end);
  }
  cuts.delete(0);
  const boundaries = [...cuts].sort((a, b) => a - b);
  const out: Stretch[] = [];
  let start = 0;
  for (const end of boundaries) {
    let window: number | undefined;
    for (const p of pieces) {
      if (p.start <= start && start < p.end && (window === undefined || p.window < window)) window = p.window;
    }
    const piece: Stretch =
      window === undefined
        ? { end, next: step.otherwise, label: 'outside the windows' }
        : { end, next: step.windows[window].next, label: `window ${window + 1}` };
    const previous = out[out.length - 1];
    if (previous !== undefined && previous.next === piece.next) out[out.length - 1] = { ...previous, end };
    else out.push(piece);
    start = end;
  }
  return out;
}

/** `day*10000 + hh*100 + mm` for a minute of the UTC week, the number `%w%H%M` prints. */
function weekMinuteNumber(minute: number): number {
  const day = Math.floor(minute / DAY_MINUTES);
  const rest = minute % DAY_MINUTES;
  return day * 10000 + Math.floor(rest / 60) * 100 + (rest % 60);
}

const UTC_DAY_NAMES = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

function formatUtcWeekMinute(minute: number): string {
  const rest = minute % DAY_MINUTES;
  return `${UTC_DAY_NAMES[Math.floor(minute / DAY_MINUTES) % 7]} ${pad2(Math.floor(rest / 60))}:${pad2(rest % 60)}`;
}

/** `YYYYMMDDHHMM` of a UTC minute, the number `%Y%m%d%H%M` prints. */
function formatInstantNumber(minute: number): string {
  return instantParts(minute).number;
}

function formatInstant(minute: number): string {
  return instantParts(minute).iso;
}

// Schedules in one zone share their DST boundaries, so each boundary is formatted once.
const instantTexts = new Map<number, { number: string; iso: string }>();

function instantParts(minute: number): { number: string; iso: string } {
  const known = instantTexts.get(minute);
  if (known !== undefined) return known;
  const d = new Date(minute * 60_000);
  const date = `${d.getUTCFullYear()}${pad2(d.getUTCMonth() + 1)}${pad2(d.getUTCDate())}`;
  const time = `${pad2(d.getUTCHours())}${pad2(d.getUTCMinutes())}`;
  const parts = {
    number: `${date}${time}`,
    iso: `${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6)}T${time.slice(0, 2)}:${time.slice(2)}Z`,
  };
  instantTexts.set(minute, parts);
  return parts;
}

function formatOffset(offset: number): string {
  const abs = Math.abs(offset);
  return `${offset < 0 ? '-' : '+'}${pad2(Math.floor(abs / 60))}:${pad2(abs % 60)}`;
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

function mod(a: number, m: number): number {
  return ((a % m) + m) % m;
}
