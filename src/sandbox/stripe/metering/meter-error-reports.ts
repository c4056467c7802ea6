/**
 * What became of stream events that could not be counted. Stripe validates meter event stream events after it has
 * answered, and tells of the invalid ones later, in `v1.billing.meter.error_report_triggered` (and
 * `v1.billing.meter.no_meter_found`) thin events: per meter, the error codes with counts and sample messages and
 * identifiers. The sandbox serves no API v2 events, so it keeps the same facts, one entry per dropped event with
 * Stripe's error code, in memory (the newest {@link MAX_REPORTS}), for the control API to show
 * (`GET /_sandbox/stripe/meter_event_errors`).
 */

/** Stripe's codes in meter error reports (V1BillingMeterErrorReportTriggeredEvent.Data.Reason.ErrorType.Code). */
export type MeterErrorCode =
  | 'archived_meter'
  | 'meter_event_customer_not_found'
  | 'meter_event_invalid_value'
  | 'meter_event_no_customer_defined'
  | 'meter_event_value_too_many_digits'
  | 'no_meter'
  | 'timestamp_in_future'
  | 'timestamp_too_far_in_past';

/** One stream event that was not counted. */
export interface MeterErrorReport {
  /** Stripe's error code for it. */
  code: MeterErrorCode;
  /** What was wrong, as the synchronous endpoints would say it. */
  error_message: string;
  /** The meter the event name named, when an active one did. */
  meter: string | null;
  event_name: string;
  /** The event's identifier (generated when it sent none). */
  identifier: string;
  /** When the sandbox dropped it, RFC 3339. */
  reported_at: string;
}

/** How many reports are kept; older ones are forgotten. */
export const MAX_REPORTS = 1000;

/** The error reports of one sandbox. */
export class MeterErrorReports {
  private reports: MeterErrorReport[] = [];
  private dropped = 0;

  /** Records a dropped event. */
  add(report: MeterErrorReport): void {
    this.dropped++;
    this.reports.push(report);
    // Trimming in steps keeps adding cheap; at most MAX_REPORTS are ever shown.
    if (this.reports.length >= 2 * MAX_REPORTS) this.reports = this.reports.slice(-MAX_REPORTS);
  }

  /** The newest reports, oldest first, and how many events were dropped in all. */
  describe(): { error_count: number; data: MeterErrorReport[] } {
    return { error_count: this.dropped, data: this.reports.slice(-MAX_REPORTS) };
  }

  /** Forgets every report. */
  clear(): void {
    this.reports = [];
    this.dropped = 0;
  }
}
