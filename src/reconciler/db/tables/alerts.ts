/** Kysely types of the alerts area (migrations/0006-alerts.ts): usage alerts and their firings. */
import type { ColumnType, Generated } from 'kysely';

/** What an alert measures: calls counted, billable minutes, or spend in the account's minor units (Twilio's count, usage, price). */
export type AlertMetric = 'calls' | 'minutes' | 'spend';

/** The window an alert's value is counted over and fires at most once in: a UTC day or the account's billing period. */
export type AlertRecurring = 'daily' | 'billing_period';

/** How far the webhook of a firing got. */
export type AlertDeliveryStatus = 'pending' | 'delivered' | 'failed';

/** A threshold on an account's (or one of its numbers') usage, with the webhook told when it is crossed. */
export interface AlertsTable {
  /** `al_…`, sortable by creation. */
  id: string;
  account_id: string;
  /** One of the account's numbers, or null for the whole account. */
  number_e164: string | null;
  metric: AlertMetric;
  /** Exact decimal (numeric → string). */
  threshold: ColumnType<string, string | number, string | number>;
  recurring: AlertRecurring;
  webhook_url: string;
  /** HMAC key of the webhook's `Didops-Signature`; kept readable because every delivery signs with it. */
  webhook_secret: string;
  description: string | null;
  active: Generated<boolean>;
  created_at: ColumnType<Date, Date | string, never>;
  updated_at: ColumnType<Date, Date | string, Date | string>;
}

/** One crossing of one alert in one window (unique per alert and window start) and its webhook's delivery. */
export interface AlertFiringsTable {
  /** `alf_…`: also the webhook event's id, so receivers can deduplicate. */
  id: string;
  alert_id: string;
  /** Copied from the alert, so tenancy filters firings without a join. */
  account_id: string;
  window_start: ColumnType<Date, Date | string, never>;
  window_end: ColumnType<Date, Date | string, never>;
  /** The measured value that crossed the threshold (exact decimal). */
  value: ColumnType<string, string | number, never>;
  /** The threshold at the time it fired. */
  threshold: ColumnType<string, string | number, never>;
  fired_at: ColumnType<Date, Date | string, never>;
  /** The webhook body exactly as signed and sent on every attempt. */
  body: ColumnType<string, string, never>;
  delivery_status: ColumnType<AlertDeliveryStatus, AlertDeliveryStatus | undefined, AlertDeliveryStatus>;
  attempts: ColumnType<number, number | undefined, number>;
  last_attempt_at: ColumnType<Date | null, never, Date | string>;
  /** HTTP status of the last attempt, null when it got no answer. */
  last_response_status: ColumnType<number | null, never, number | null>;
  last_error: ColumnType<string | null, never, string | null>;
  delivered_at: ColumnType<Date | null, never, Date | string>;
}

/** The alerts area's tables. */
export interface AlertsTables {
  alerts: AlertsTable;
  alert_firings: AlertFiringsTable;
}
