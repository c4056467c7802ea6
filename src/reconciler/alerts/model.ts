/**
 * Usage alerts as the API shows them: the input schemas (zod, snake_case like every API body, so routes validate
 * bodies with them as they are), the resources returned, and the account scope every store function takes.
 *
 * Vocabulary follows Twilio's usage triggers (src/sandbox/services/usage-triggers.ts): a threshold on a measure of
 * usage, counted over a recurring window, fired once per window with a callback. Twilio's `trigger_by` count / usage /
 * price are our `metric` calls / minutes / spend; its `recurring` daily / monthly are our daily / billing_period.
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { e164Schema } from '../../core/e164';
import type { AlertDeliveryStatus, AlertMetric, AlertRecurring } from '../db/tables/alerts';

export type { AlertDeliveryStatus, AlertMetric, AlertRecurring };

/** Largest threshold accepted: far above any real day or month, small enough to stay exact as a JS number. */
const MAX_THRESHOLD = 1e12;

const webhookUrlSchema = z
  .url({ protocol: /^https?$/, message: 'must be an absolute http:// or https:// URL that accepts POST, e.g. https://example.com/hooks/didops' })
  .max(2048);

const alertFields = {
  /** One of the account's numbers; absent for the whole account. */
  number_e164: e164Schema.nullable().optional(),
  metric: z.enum(['calls', 'minutes', 'spend'], { message: 'must be "calls" (calls counted), "minutes" (billable minutes) or "spend" (minor units of the account currency)' }),
  /** Fires when the window's value reaches this: calls (whole), minutes, or spend in minor units (cents). */
  threshold: z.number().positive('must be greater than 0').max(MAX_THRESHOLD),
  recurring: z.enum(['daily', 'billing_period'], { message: 'must be "daily" (a UTC day) or "billing_period" (the account\'s billing period)' }),
  webhook_url: webhookUrlSchema,
  description: z.string().trim().max(500).nullable().optional(),
  active: z.boolean().optional(),
};

/** The body of creating an alert. */
export const alertInputSchema = z
  .strictObject({ account_id: z.string().min(1, 'must name the account (its cus_… id)'), ...alertFields })
  .refine((a) => a.metric !== 'calls' || Number.isInteger(a.threshold), { message: 'a threshold on calls must be a whole number', path: ['threshold'] });

/** The body of changing an alert: any of its fields but the account (make a new alert for another account). */
export const alertPatchSchema = z.strictObject({
  number_e164: alertFields.number_e164,
  metric: alertFields.metric.optional(),
  threshold: alertFields.threshold.optional(),
  recurring: alertFields.recurring.optional(),
  webhook_url: alertFields.webhook_url.optional(),
  description: alertFields.description,
  active: alertFields.active,
});

/** What creating an alert takes (before validation). */
export type AlertInput = z.input<typeof alertInputSchema>;
/** What changing an alert takes (before validation). */
export type AlertPatch = z.input<typeof alertPatchSchema>;

/** An alert (never its webhook secret, which only creation and rotation return). */
export interface Alert {
  readonly id: string;
  readonly account_id: string;
  readonly number_e164: string | null;
  readonly metric: AlertMetric;
  readonly threshold: number;
  readonly recurring: AlertRecurring;
  readonly webhook_url: string;
  readonly description: string | null;
  readonly active: boolean;
  readonly created_at: Date;
  readonly updated_at: Date;
}

/** An alert with the secret its webhooks are signed with: returned once, by creation and by secret rotation. */
export interface AlertWithSecret extends Alert {
  /** `whsec_…`: give it to the receiver, which passes it to `verifyAlertWebhook`. */
  readonly webhook_secret: string;
}

/** One firing of an alert and how its webhook delivery went. */
export interface AlertFiring {
  /** `alf_…`, also the webhook event id. */
  readonly id: string;
  readonly alert_id: string;
  readonly account_id: string;
  readonly window_start: Date;
  readonly window_end: Date;
  /** The value that crossed the threshold, as an exact decimal. */
  readonly value: string;
  readonly threshold: number;
  readonly fired_at: Date;
  readonly delivery_status: AlertDeliveryStatus;
  readonly delivery_attempts: number;
  readonly last_attempt_at: Date | null;
  readonly last_response_status: number | null;
  readonly last_error: string | null;
  readonly delivered_at: Date | null;
}

/** A page of a list, oldest first; pass the last item's id as `starting_after` for the next. */
export interface Page<T> {
  readonly data: readonly T[];
  readonly has_more: boolean;
}

/** Paging of a list. */
export interface PageOptions {
  /** Items per page, 1–100 (default 20). */
  readonly limit?: number;
  /** Continue after this id. */
  readonly starting_after?: string;
}

/**
 * A new id with `prefix`: time first (base 36, fixed width) so ids sort by creation and pages are stable, then
 * 64 random bits.
 */
export function newSortableId(prefix: string, at: Date): string {
  return `${prefix}_${at.getTime().toString(36).padStart(9, '0')}${randomBytes(8).toString('hex')}`;
}

/** A fresh webhook signing secret (256 random bits). */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}
