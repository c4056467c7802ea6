/**
 * Meter event summaries (`billing.meter_event_summary`): a customer's aggregated usage of a meter over
 * [start_time, end_time), as one summary or one per hour or UTC day (`value_grouping_window`), newest window first.
 * Summaries are computed, never stored: their ids are derived from meter, customer and window, so paging with
 * `starting_after`/`ending_before` finds the same window again.
 */
import { createHash } from 'node:crypto';
import { aggregateMeterReadings, summaryWindows, type GroupingWindow } from '../billing/meter-aggregation';
import type { BillingPeriod } from '../billing/billing-periods';
import { pageOfArray } from '../http/array-list';
import type { StripeList } from '../http/list';
import { invalidParam } from '../http/stripe-error';
import type { MeterEventsRepository } from '../store/meter-events-repository';
import type { Meter } from './meters';

/** A summary as served. */
export interface MeterEventSummary {
  id: string;
  object: 'billing.meter_event_summary';
  aggregated_value: number;
  end_time: number;
  livemode: false;
  meter: string;
  start_time: number;
}

/** A summaries request. */
export interface SummaryRequest {
  customer: string;
  start_time: number;
  end_time: number;
  grouping?: GroupingWindow;
  limit: number;
  startingAfter?: string;
  endingBefore?: string;
}

/** The page of summaries a request asks for. */
export function listMeterEventSummaries(meterEvents: MeterEventsRepository, meter: Meter, request: SummaryRequest): StripeList<MeterEventSummary> {
  if (request.start_time % 60 !== 0) throw invalidParam('start_time', `Invalid start_time ${request.start_time}: it must be aligned with a minute boundary.`);
  if (request.end_time % 60 !== 0) throw invalidParam('end_time', `Invalid end_time ${request.end_time}: it must be aligned with a minute boundary.`);
  if (request.end_time <= request.start_time) throw invalidParam('end_time', 'The end_time must be after the start_time.');
  const windows = summaryWindows(request.start_time, request.end_time, request.grouping);
  if (!Array.isArray(windows)) {
    const unit = request.grouping === 'hour' ? 'an hour' : 'a UTC day';
    throw invalidParam(windows.misaligned, `Invalid ${windows.misaligned}: with value_grouping_window=${request.grouping} it must be aligned with ${unit} boundary.`);
  }
  const readings = meterEvents.readings(meter.id, request.customer, request.start_time, request.end_time);
  const summaries = windows.reverse().map((window): MeterEventSummary => ({
    id: summaryId(meter.id, request.customer, window),
    object: 'billing.meter_event_summary',
    aggregated_value: aggregateMeterReadings(readings, meter.default_aggregation.formula, window).toNumber(),
    end_time: window.end,
    livemode: false,
    meter: meter.id,
    start_time: window.start,
  }));
  return pageOfArray(summaries, request, `/v1/billing/meters/${meter.id}/event_summaries`, 'billing.meter_event_summary');
}

function summaryId(meter: string, customer: string, window: BillingPeriod): string {
  const digest = createHash('sha256').update(`${meter}|${customer}|${window.start}|${window.end}`).digest('base64url').replace(/[-_]/g, '').slice(0, 24);
  return `mtrusg_${digest}`;
}
