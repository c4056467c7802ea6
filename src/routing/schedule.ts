/**
 * Schedule arithmetic shared by the checks, the compiler, the simulator and the renderers, so
 * that they all agree on what "weekdays 18:00–09:00" covers.
 *
 * A week is measured in minutes from Monday 00:00 local time (0 … 10079). A window whose `to` is
 * earlier than its `from` runs past midnight into the next day (Friday 18:00–09:00 ends Saturday
 * 09:00), and a window running past Sunday midnight wraps to Monday.
 */
import { DateTime } from 'luxon';
import { DAY_NAMES, type DayName, type RoutingPlan, type ScheduleStep, type ScheduleWindow } from './model';

/** Minutes in a day and in a week. */
export const DAY_MINUTES = 1440;
export const WEEK_MINUTES = 7 * DAY_MINUTES;

/** A half-open stretch of the week, `[start, end)` in minutes from Monday 00:00, owned by one window. */
export interface WeekInterval {
  readonly start: number;
  readonly end: number;
  /** Index of the window in `step.windows`. */
  readonly window: number;
}

/** Day indexes (0 = Monday) named by a window's `days`. */
export function windowDays(days: ScheduleWindow['days']): number[] {
  const out = new Set<number>();
  for (const d of days) {
    if (d === 'daily') for (let i = 0; i < 7; i++) out.add(i);
    else if (d === 'weekdays') for (let i = 0; i < 5; i++) out.add(i);
    else if (d === 'weekends') [5, 6].forEach((i) => out.add(i));
    else out.add(DAY_NAMES.indexOf(d as DayName));
  }
  return [...out].sort((a, b) => a - b);
}

/** Minutes after midnight of "HH:MM" ("24:00" is 1440). */
export function clockMinutes(hhmm: string): number {
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
}

/** The stretches of the week one window covers, split at the week's end so none wraps. An empty window (`from` = `to`) covers nothing. */
export function windowIntervals(window: ScheduleWindow, index: number): WeekInterval[] {
  const from = clockMinutes(window.from);
  const to = clockMinutes(window.to);
  if (from === to || (from === DAY_MINUTES && to === 0)) return [];
  const length = to > from ? to - from : DAY_MINUTES - from + to;
  const out: WeekInterval[] = [];
  for (const day of windowDays(window.days)) {
    const start = day * DAY_MINUTES + from;
    const end = start + length;
    if (end <= WEEK_MINUTES) out.push({ start, end, window: index });
    else {
      out.push({ start, end: WEEK_MINUTES, window: index });
      out.push({ start: 0, end: end - WEEK_MINUTES, window: index });
    }
  }
  return out;
}

/** Every window's stretches, sorted by start. */
export function scheduleIntervals(step: ScheduleStep): WeekInterval[] {
  return step.windows.flatMap((w, i) => windowIntervals(w, i)).sort((a, b) => a.start - b.start || a.window - b.window);
}

/** The first window (in the order written) that covers a minute of the week; a call at that minute takes its `next`. */
export function windowAt(step: ScheduleStep, minuteOfWeek: number): number | undefined {
  for (let i = 0; i < step.windows.length; i++) {
    if (windowIntervals(step.windows[i], i).some((s) => minuteOfWeek >= s.start && minuteOfWeek < s.end)) return i;
  }
  return undefined;
}

/** The parts of the week no window covers, as `[start, end)` pairs, merged and sorted. */
export function uncoveredStretches(step: ScheduleStep): Array<[number, number]> {
  const covered = scheduleIntervals(step);
  const gaps: Array<[number, number]> = [];
  let cursor = 0;
  for (const s of covered) {
    if (s.start > cursor) gaps.push([cursor, s.start]);
    cursor = Math.max(cursor, s.end);
  }
  if (cursor < WEEK_MINUTES) gaps.push([cursor, WEEK_MINUTES]);
  return gaps;
}

/** Pairs of windows that cover the same minutes, with the first shared stretch. */
export function overlappingWindows(step: ScheduleStep): Array<{ first: number; second: number; start: number; end: number }> {
  const found = new Map<string, { first: number; second: number; start: number; end: number }>();
  const all = scheduleIntervals(step);
  for (let i = 0; i < all.length; i++) {
    for (let j = i + 1; j < all.length && all[j].start < all[i].end; j++) {
      const a = all[i];
      const b = all[j];
      if (a.window === b.window) continue;
      const first = Math.min(a.window, b.window);
      const second = Math.max(a.window, b.window);
      const key = `${first}/${second}`;
      if (!found.has(key)) found.set(key, { first, second, start: b.start, end: Math.min(a.end, b.end) });
    }
  }
  return [...found.values()].sort((x, y) => x.first - y.first || x.second - y.second);
}

/** "Mon 09:00" for a minute of the week; the end of the week reads "Mon 00:00". */
export function formatMinuteOfWeek(minute: number): string {
  const m = ((minute % WEEK_MINUTES) + WEEK_MINUTES) % WEEK_MINUTES;
  const day = Math.floor(m / DAY_MINUTES);
  const rest = m % DAY_MINUTES;
  const name = DAY_NAMES[day];
  return `${name[0].toUpperCase()}${name.slice(1)} ${String(Math.floor(rest / 60)).padStart(2, '0')}:${String(rest % 60).padStart(2, '0')}`;
}

/** "Mon 18:00–Tue 09:00" for a stretch of the week. */
export function formatStretch(start: number, end: number): string {
  return `${formatMinuteOfWeek(start)}–${formatMinuteOfWeek(end)}`;
}

/** The zone a schedule step runs in: its own, else the plan's; undefined when neither is set (a check reports it). */
export function scheduleZone(plan: RoutingPlan, step: ScheduleStep): string | undefined {
  return step.timeZone ?? plan.timeZone;
}

/** A moment as the people in a zone read it: minute of their week and their calendar date. */
export interface LocalClock {
  readonly minuteOfWeek: number;
  /** `YYYY-MM-DD` in the zone. */
  readonly date: string;
}

/** Where `at` falls in `zone`'s week and calendar. */
export function localClock(at: Date, zone: string): LocalClock {
  const local = DateTime.fromJSDate(at, { zone });
  return {
    minuteOfWeek: (local.weekday - 1) * DAY_MINUTES + local.hour * 60 + local.minute,
    date: local.toISODate() ?? '',
  };
}

/** The first holiday calendar holding `date`, if any. */
export function holidayOn(step: ScheduleStep, date: string): number | undefined {
  const i = (step.holidays ?? []).findIndex((h) => h.dates.includes(date));
  return i < 0 ? undefined : i;
}
