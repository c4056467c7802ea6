/**
 * The alert webhook on the wire, for senders (the delivery job) and receivers alike: an `alert.fired` event as JSON,
 * POSTed with `Didops-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">` keyed with the alert's
 * `whsec_…` secret (Stripe's scheme, src/core/webhook-signature.ts). Receivers call {@link verifyAlertWebhook} on the
 * raw body; the event's `id` is the same on every retry, so a receiver that answered too slowly once can deduplicate.
 */
import { signatureHeader, verifySignatureHeader, type VerifySignatureOptions } from '../../core/webhook-signature';
import type { AlertMetric, AlertRecurring } from '../db/tables/alerts';

/** The signature header's name (HTTP headers are case-insensitive; Node lowercases them). */
export const ALERT_SIGNATURE_HEADER = 'Didops-Signature';

/** The body of an alert webhook. */
export interface AlertFiredEvent {
  /** The firing's id (`alf_…`): the same on every delivery attempt. */
  readonly id: string;
  readonly type: 'alert.fired';
  /** When it fired, in unix seconds. */
  readonly created: number;
  readonly data: {
    readonly alert_id: string;
    readonly account_id: string;
    /** The number watched, or null for the whole account. */
    readonly number_e164: string | null;
    readonly metric: AlertMetric;
    readonly recurring: AlertRecurring;
    readonly threshold: number;
    /** The value that reached the threshold, as an exact decimal: calls, billable minutes, or minor units. */
    readonly value: string;
    /** The account's currency, for spend (minor units of it). */
    readonly currency: string | null;
    /** The window, ISO 8601 UTC: [window_start, window_end). */
    readonly window_start: string;
    readonly window_end: string;
    readonly description: string | null;
  };
}

/** The header value signing `body` with `secret` at `at` (the sender's wall clock). */
export function signAlertWebhook(body: string, secret: string, at: Date = new Date()): string {
  return signatureHeader(body, secret, at.getTime() / 1000);
}

/**
 * For receivers: checks the `Didops-Signature` header against the raw body and the alert's secret, and returns the
 * parsed event. Throws an AuthenticationError (status 400) naming what failed: a missing or malformed header, a
 * timestamp more than 5 minutes from the receiver's clock (a replay), or no signature matching the body.
 *
 *   app.post('/hooks/didops', express.raw({ type: 'application/json' }), (req, res) => {
 *     const event = verifyAlertWebhook(req.body, req.get('Didops-Signature'), process.env.DIDOPS_ALERT_SECRET);
 *     …; res.sendStatus(204);
 *   });
 */
export function verifyAlertWebhook(body: string | Uint8Array, header: string | null | undefined, secret: string, options: Omit<VerifySignatureOptions, 'headerName'> = {}): AlertFiredEvent {
  verifySignatureHeader(body, header, secret, { ...options, headerName: ALERT_SIGNATURE_HEADER });
  return JSON.parse(typeof body === 'string' ? body : Buffer.from(body).toString('utf8')) as AlertFiredEvent;
}
