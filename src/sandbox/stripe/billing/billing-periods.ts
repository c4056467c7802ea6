/**
 * Billing periods of a recurring price, in UTC, anchored on the subscription's billing cycle anchor (Stripe's rule).
 *
 * Period boundaries are anchor + k intervals (k = …, −1, 0, 1, …). Monthly and yearly boundaries keep the anchor's
 * day of month and time of day, clamped to the last day of shorter months WITHOUT drifting: an anchor of Jan 31
 * gives Feb 28 (Feb 29 in leap years), then Mar 31, Apr 30, May 31. Weekly and daily boundaries are exact multiples
 * of 7 × 86,400 and 86,400 seconds (UTC has no daylight saving). All times are unix seconds.
 */

/** Stripe's recurring intervals. */
export type RecurringInterval = 'day' | 'week' | 'month' | 'year';

/** How often a price recurs: `interval` × `interval_count`. */
export interface Recurrence {
  interval: RecurringInterval;
  interval_count: number;
}

/** A half-open billing period [start, end) in unix seconds. */
export interface BillingPeriod {
  start: number;
  end: number;
}

const DAY_SECONDS = 86_400;

/** The k-th period boundary from `anchor` (k may be negative: boundaries before the anchor). */
export function cycleBoundary(anchor: number, recurrence: Recurrence, k: number): number {
  const steps = k * recurrence.interval_count;
  switch (recurrence.interval) {
    case 'day':
      return anchor + steps * DAY_SECONDS;
    case 'week':
      return anchor + steps * 7 * DAY_SECONDS;
    case 'month':
      return addMonthsClamped(anchor, steps);
    case 'year':
      return addMonthsClamped(anchor, steps * 12);
  }
}

/** The period of the cycle anchored at `anchor` that contains `at` (start ≤ at < end). */
export function periodContaining(anchor: number, recurrence: Recurrence, at: number): BillingPeriod {
  let k = Math.floor((at - anchor) / approximateSeconds(recurrence));
  // The estimate is off by at most one or two periods (month lengths vary); walk to the exact one.
  while (cycleBoundary(anchor, recurrence, k) > at) k -= 1;
  while (cycleBoundary(anchor, recurrence, k + 1) <= at) k += 1;
  return { start: cycleBoundary(anchor, recurrence, k), end: cycleBoundary(anchor, recurrence, k + 1) };
}

/** The period that starts at the boundary `start` (the next one runs from its end). */
export function periodStartingAt(anchor: number, recurrence: Recurrence, start: number): BillingPeriod {
  const period = periodContaining(anchor, recurrence, start);
  return period.start === start ? period : { start, end: period.end };
}

/** Length of one period in seconds, roughly (months as 30.44 days): for estimates and limits, never for billing. */
export function approximateSeconds(recurrence: Recurrence): number {
  const unit = { day: DAY_SECONDS, week: 7 * DAY_SECONDS, month: 2_629_746, year: 31_556_952 }[recurrence.interval];
  return unit * recurrence.interval_count;
}

/** `at` moved by whole months, keeping its day (clamped to the month's last day) and time of day. */
export function addMonthsClamped(at: number, months: number): number {
  const d = new Date(at * 1000);
  const monthIndex = d.getUTCMonth() + months;
  const year = d.getUTCFullYear() + Math.floor(monthIndex / 12);
  const month = ((monthIndex % 12) + 12) % 12;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const day = Math.min(d.getUTCDate(), lastDay);
  return Math.floor(Date.UTC(year, month, day, d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds()) / 1000);
}
