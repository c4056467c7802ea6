/**
 * Alerts on the wire, for the REST and GraphQL answers over the alerts store (src/reconciler/alerts/store.ts, which
 * holds the rules and the tenancy): the answers' schemas and the list queries' paging.
 */
import { z } from 'zod';
import { accountIdSchema, instantText } from './common';

/** An alert on the wire (never its secret). */
export const alertSchema = z.strictObject({
  id: z.string(),
  account_id: z.string(),
  number_e164: z.string().nullable(),
  metric: z.enum(['calls', 'minutes', 'spend']),
  threshold: z.number(),
  recurring: z.enum(['daily', 'billing_period']),
  webhook_url: z.string(),
  description: z.string().nullable(),
  active: z.boolean(),
  created_at: instantText,
  updated_at: instantText,
});

/** An alert with the secret its webhooks are signed with: creation and rotation only. */
export const alertWithSecretSchema = alertSchema.extend({ webhook_secret: z.string().meta({ description: 'whsec_…: shown in this answer only' }) });

/** A firing of an alert and how its webhook delivery went. */
export const alertFiringSchema = z.strictObject({
  id: z.string(),
  alert_id: z.string(),
  account_id: z.string(),
  window_start: instantText,
  window_end: instantText,
  value: z.string(),
  threshold: z.number(),
  fired_at: instantText,
  delivery_status: z.enum(['pending', 'delivered', 'failed']),
  delivery_attempts: z.number().int(),
  last_attempt_at: instantText.nullable(),
  last_response_status: z.number().int().nullable(),
  last_error: z.string().nullable(),
  delivered_at: instantText.nullable(),
});

/** A page of the store's lists (oldest first; pass the last id as starting_after). */
export function storePageSchema<T extends z.ZodType>(item: T) {
  return z.strictObject({ data: z.array(item), has_more: z.boolean() });
}

const paging = {
  limit: z.coerce.number().int().min(1).max(100).default(20),
  starting_after: z.string().min(1).max(64).optional().meta({ description: 'the last id of the previous page' }),
};

/** The query of listing alerts. */
export const alertListSchema = z.strictObject({ account_id: accountIdSchema.optional(), ...paging });

/** The query of listing firings. */
export const firingListSchema = z.strictObject({ account_id: accountIdSchema.optional(), alert_id: z.string().min(1).max(64).optional(), ...paging });

/** The path of one alert. */
export const alertParamsSchema = z.strictObject({ id: z.string().regex(/^al_[0-9a-z]{1,64}$/, 'expected an alert id like "al_…"') });
