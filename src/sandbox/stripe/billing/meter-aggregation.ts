/**
 * A billing meter's aggregation of a customer's events over a time window [start, end) (unix seconds; an event
 * counts when start ≤ its timestamp < end), with Stripe's three formulas:
 * - `sum`: the values added exactly (the rating's 60-digit decimals: values of up to 15 significant digits over a
 *   long period outgrow decimal.js's default 20 digits);
 * - `count`: how many events, whatever their value;
 * - `last`: the value of the event with the latest timestamp (ties: the one reported last), 0 without events.
 * Cancelled events (meter event adjustments) are left out by the caller. Summaries may be grouped per UTC hour or
 * day, in which case start and end must sit on those boundaries (Stripe refuses others).
 */
import { ExactDecimal, type ExactDecimalValue } from '../../../billing/rating/exact-decimal';
import type { BillingPeriod } from './billing-periods';

/** Stripe's meter aggregation formulas. */
export type MeterFormula = 'sum' | 'count' | 'last';

/** One meter event as aggregation needs it. */
export interface MeterReading {
  timestamp: number;
  /** The payload's value as decimal text; null when a count meter's event carried none. */
  value: string | null;
  /** Order of arrival, to break timestamp ties for `last`. */
  seq: number;
}

/** The aggregated value of `readings` that fall in `window`, by `formula`. */
export function aggregateMeterReadings(readings: Iterable<MeterReading>, formula: MeterFormula, window?: BillingPeriod): ExactDecimalValue {
  let sum = new ExactDecimal(0);
  let count = 0;
  let last: MeterReading | undefined;
  for (const reading of readings) {
    if (window && (reading.timestamp < window.start || reading.timestamp >= window.end)) continue;
    count += 1;
    if (formula === 'sum') sum = sum.plus(reading.value ?? 0);
    if (formula === 'last' && (!last || reading.timestamp > last.timestamp || (reading.timestamp === last.timestamp && reading.seq > last.seq))) {
      last = reading;
    }
  }
  if (formula === 'count') return new ExactDecimal(count);
  if (formula === 'last') return new ExactDecimal(last?.value ?? 0);
  return sum;
}

/** Seconds of each `value_grouping_window`. */
export const GROUPING_WINDOW_SECONDS = { hour: 3_600, day: 86_400 } as const;

/** Stripe's `value_grouping_window` values. */
export type GroupingWindow = keyof typeof GROUPING_WINDOW_SECONDS;

/**
 * The summary windows of [start, end): one window without grouping, else one per hour or UTC day. Returns the name
 * of the misaligned bound instead when a grouped range does not sit on the grouping's boundaries.
 */
export function summaryWindows(start: number, end: number, grouping?: GroupingWindow): BillingPeriod[] | { misaligned: 'start_time' | 'end_time' } {
  if (!grouping) return [{ start, end }];
  const size = GROUPING_WINDOW_SECONDS[grouping];
  if (start % size !== 0) return { misaligned: 'start_time' };
  if (end % size !== 0) return { misaligned: 'end_time' };
  const windows: BillingPeriod[] = [];
  for (let at = start; at < end; at += size) windows.push({ start: at, end: at + size });
  return windows;
}

