/**
 * Checks of schedule steps: a time zone to read the hours in, windows that cover some time and do
 * not overlap, every hour of the week going somewhere, and holidays listed once. Uses the same
 * week arithmetic (`schedule.ts`) as the compiler and the simulator, so what the check calls a gap
 * is exactly where a call would have nowhere to go.
 */
import type { RoutingPlan, ScheduleStep } from './model';
import type { PlanFindings } from './check-findings';
import { SCHEDULE_COMPILED_UNTIL } from './compile-zone-offsets';
import { formatStretch, overlappingWindows, scheduleZone, uncoveredStretches, windowIntervals, WEEK_MINUTES } from './schedule';

/** How many uncovered stretches a message lists before "and N more". */
const MAX_LISTED_GAPS = 5;

/** Runs every schedule check on one schedule step. */
export function checkSchedule(plan: RoutingPlan, name: string, step: ScheduleStep, findings: PlanFindings): void {
  if (scheduleZone(plan, step) === undefined) {
    findings.error(
      name,
      ['timeZone'],
      'the schedule has no time zone',
      'set `timeZone` on this step or on the plan (e.g. "America/New_York"); opening hours mean nothing until we know whose clock they are on',
    );
  }
  step.windows.forEach((w, i) => {
    if (windowIntervals(w, i).length === 0) {
      findings.error(
        name,
        ['windows', i],
        `windows[${i}] runs from ${w.from} to ${w.to} and so covers no time`,
        'for a whole day write from "00:00" to "24:00"; otherwise correct `from` or `to`',
      );
    }
  });
  for (const overlap of overlappingWindows(step)) {
    const earlier = step.windows[overlap.first];
    // Overlapping windows that lead to the same step route calls the same either way: worth tidying, not blocking.
    const report = earlier.next === step.windows[overlap.second].next ? findings.warn.bind(findings) : findings.error.bind(findings);
    report(
      name,
      ['windows', overlap.second],
      `windows[${overlap.second}] overlaps windows[${overlap.first}] at ${formatStretch(overlap.start, overlap.end)}`,
      `calls then take windows[${overlap.first}]'s path ("${earlier.next}"), never this one's; change \`days\`, \`from\` or \`to\` so that each hour belongs to one window`,
    );
  }
  const gaps = wrapAroundWeekEnd(uncoveredStretches(step));
  if (gaps.length > 0 && step.otherwise === undefined) {
    findings.error(
      name,
      ['otherwise'],
      `calls at ${describeGaps(gaps)} have nowhere to go: no window covers them and there is no otherwise`,
      'add `otherwise: <step>` (a closed message or voicemail, say), or widen the windows to cover those hours',
    );
  }
  if (gaps.length === 0 && step.otherwise !== undefined) {
    findings.warn(
      name,
      ['otherwise'],
      `otherwise "${step.otherwise}" is never used: the windows cover the whole week`,
      'remove it, or narrow the windows if some hours should go there',
    );
  }
  checkHolidays(name, step, findings);
}

/** A date in two calendars (or twice in one) takes only the first calendar's path. */
function checkHolidays(name: string, step: ScheduleStep, findings: PlanFindings): void {
  const calendars = step.holidays ?? [];
  const firstSeen = new Map<string, number>();
  const lastTracked = new Date(SCHEDULE_COMPILED_UNTIL.getTime() - 1).toISOString().slice(0, 10);
  calendars.forEach((calendar, c) => {
    calendar.dates.forEach((date, d) => {
      if (date > lastTracked) {
        findings.warn(
          name,
          ['holidays', c, 'dates', d],
          `${date} is after ${lastTracked}, the last day this version of didops compiles daylight-saving changes for`,
          'that day is still a holiday, but its hours assume the UTC offset in force at the end of that range; re-deploy with a newer didops before then',
        );
      }
      const earlier = firstSeen.get(date);
      if (earlier === undefined) firstSeen.set(date, c);
      else if (earlier === c) findings.warn(name, ['holidays', c, 'dates', d], `${date} is listed twice in "${calendar.name}"`, 'remove the repeat');
      else {
        const first = calendars[earlier];
        findings.warn(
          name,
          ['holidays', c, 'dates', d],
          `${date} is also in holidays[${earlier}] ("${first.name}")`,
          `calls that day take "${first.name}"'s path ("${first.next}"), never "${calendar.name}"'s ("${calendar.next}"); keep the date in one calendar`,
        );
      }
    });
  });
}

/** Joins a gap that ends the week with one that starts it, so "Fri 18:00–Mon 09:00" reads as one stretch. */
function wrapAroundWeekEnd(gaps: Array<[number, number]>): Array<[number, number]> {
  if (gaps.length < 2) return gaps;
  const first = gaps[0];
  const last = gaps[gaps.length - 1];
  if (first[0] !== 0 || last[1] !== WEEK_MINUTES) return gaps;
  return [...gaps.slice(1, -1), [last[0], WEEK_MINUTES + first[1]]];
}

function describeGaps(gaps: ReadonlyArray<[number, number]>): string {
  if (gaps.length === 1 && gaps[0][1] - gaps[0][0] >= WEEK_MINUTES) return 'any time of the week';
  const shown = gaps.slice(0, MAX_LISTED_GAPS).map(([start, end]) => formatStretch(start, end));
  const more = gaps.length - shown.length;
  return more > 0 ? `${shown.join(', ')} and ${more} more` : shown.join(', ');
}
