/**
 * The alerts store the REST and GraphQL routes call: create, list, get, update and delete alerts, rotate their
 * webhook secret, list firings. Every function takes the caller's TenantScope (`scopeOf(c)`) and narrows the query
 * with it, so another tenant's alert is answered exactly like a missing one (`notFound`, 404), never 403.
 */
import type { Kysely, Selectable } from 'kysely';
import type { z } from 'zod';
import { zodIssuesToDiagnostics } from '../../core/diagnostics';
import { ValidationError } from '../../core/errors';
import type { TenantScope } from '../api/auth/tenancy';
import { notFound } from '../api/problem';
import type { Database } from '../db/database';
import type { AlertFiringsTable, AlertsTable } from '../db/tables/alerts';
import {
  alertInputSchema,
  alertPatchSchema,
  newSortableId,
  newWebhookSecret,
  type Alert,
  type AlertFiring,
  type AlertInput,
  type AlertPatch,
  type AlertWithSecret,
  type Page,
  type PageOptions,
} from './model';

/** Options of writes: the clock (default the system's). */
export interface StoreWriteOptions {
  readonly now?: Date;
}

/** Creates an alert on an account in scope; returns it with its webhook secret (shown this once). */
export async function createAlert(db: Kysely<Database>, scope: TenantScope, input: AlertInput, options: StoreWriteOptions = {}): Promise<AlertWithSecret> {
  const body = parse(alertInputSchema, input);
  scope.requireAccount(body.account_id);
  const account = await db.selectFrom('accounts').select('id').where('id', '=', body.account_id).executeTakeFirst();
  if (!account) throw notFound('account', body.account_id);
  if (body.number_e164) await requireNumberOf(db, body.account_id, body.number_e164);
  const now = options.now ?? new Date();
  const row = await db
    .insertInto('alerts')
    .values({
      id: newSortableId('al', now),
      account_id: body.account_id,
      number_e164: body.number_e164 ?? null,
      metric: body.metric,
      threshold: body.threshold,
      recurring: body.recurring,
      webhook_url: body.webhook_url,
      webhook_secret: newWebhookSecret(),
      description: body.description ?? null,
      active: body.active ?? true,
      created_at: now,
      updated_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return { ...alertOf(row), webhook_secret: row.webhook_secret };
}

/** Alerts of the accounts in scope (optionally one account), oldest first. */
export async function listAlerts(db: Kysely<Database>, scope: TenantScope, options: PageOptions & { readonly account_id?: string } = {}): Promise<Page<Alert>> {
  const limit = pageLimit(options.limit);
  const rows = await db
    .selectFrom('alerts')
    .selectAll()
    .where(scope.accountFilter('account_id'))
    .$if(options.account_id !== undefined, (q) => q.where('account_id', '=', options.account_id!))
    .$if(options.starting_after !== undefined, (q) => q.where('id', '>', options.starting_after!))
    .orderBy('id')
    .limit(limit + 1)
    .execute();
  return { data: rows.slice(0, limit).map(alertOf), has_more: rows.length > limit };
}

/** One alert, if its account is in scope. */
export async function getAlert(db: Kysely<Database>, scope: TenantScope, id: string): Promise<Alert> {
  return alertOf(await findAlert(db, scope, id));
}

/** Changes an alert's fields; a changed threshold or window applies from the next evaluation (past firings stay). */
export async function updateAlert(db: Kysely<Database>, scope: TenantScope, id: string, patch: AlertPatch, options: StoreWriteOptions = {}): Promise<Alert> {
  const changes = parse(alertPatchSchema, patch);
  const current = await findAlert(db, scope, id);
  const metric = changes.metric ?? current.metric;
  const threshold = changes.threshold ?? Number(current.threshold);
  if (metric === 'calls' && !Number.isInteger(threshold)) {
    throw new ValidationError({ field: 'threshold', summary: `${threshold} is not a whole number of calls`, detail: 'a threshold on calls must be a whole number' });
  }
  if (changes.number_e164) await requireNumberOf(db, current.account_id, changes.number_e164);
  const row = await db
    .updateTable('alerts')
    .set({
      ...(changes.number_e164 !== undefined ? { number_e164: changes.number_e164 } : {}),
      ...(changes.metric !== undefined ? { metric: changes.metric } : {}),
      ...(changes.threshold !== undefined ? { threshold: changes.threshold } : {}),
      ...(changes.recurring !== undefined ? { recurring: changes.recurring } : {}),
      ...(changes.webhook_url !== undefined ? { webhook_url: changes.webhook_url } : {}),
      ...(changes.description !== undefined ? { description: changes.description } : {}),
      ...(changes.active !== undefined ? { active: changes.active } : {}),
      updated_at: options.now ?? new Date(),
    })
    .where('id', '=', current.id)
    .returningAll()
    .executeTakeFirst();
  if (!row) throw notFound('alert', id);
  return alertOf(row);
}

/** Deletes an alert and its firings (a webhook still being retried is dropped). */
export async function deleteAlert(db: Kysely<Database>, scope: TenantScope, id: string): Promise<void> {
  const deleted = await db.deleteFrom('alerts').where('id', '=', id).where(scope.accountFilter('account_id')).executeTakeFirst();
  if (deleted.numDeletedRows === 0n) throw notFound('alert', id);
}

/** Gives an alert a new webhook secret and returns it (once); deliveries from now on, retries included, use it. */
export async function rotateAlertSecret(db: Kysely<Database>, scope: TenantScope, id: string, options: StoreWriteOptions = {}): Promise<AlertWithSecret> {
  const row = await db
    .updateTable('alerts')
    .set({ webhook_secret: newWebhookSecret(), updated_at: options.now ?? new Date() })
    .where('id', '=', id)
    .where(scope.accountFilter('account_id'))
    .returningAll()
    .executeTakeFirst();
  if (!row) throw notFound('alert', id);
  return { ...alertOf(row), webhook_secret: row.webhook_secret };
}

/** Firings of the accounts in scope (optionally of one alert or account), oldest first. */
export async function listAlertFirings(
  db: Kysely<Database>,
  scope: TenantScope,
  options: PageOptions & { readonly alert_id?: string; readonly account_id?: string } = {},
): Promise<Page<AlertFiring>> {
  const limit = pageLimit(options.limit);
  const rows = await db
    .selectFrom('alert_firings')
    .selectAll()
    .where(scope.accountFilter('account_id'))
    .$if(options.alert_id !== undefined, (q) => q.where('alert_id', '=', options.alert_id!))
    .$if(options.account_id !== undefined, (q) => q.where('account_id', '=', options.account_id!))
    .$if(options.starting_after !== undefined, (q) => q.where('id', '>', options.starting_after!))
    .orderBy('id')
    .limit(limit + 1)
    .execute();
  return { data: rows.slice(0, limit).map(firingOf), has_more: rows.length > limit };
}

/** An alert row as the API shows it. */
export function alertOf(row: Selectable<AlertsTable>): Alert {
  return {
    id: row.id,
    account_id: row.account_id,
    number_e164: row.number_e164,
    metric: row.metric,
    threshold: Number(row.threshold),
    recurring: row.recurring,
    webhook_url: row.webhook_url,
    description: row.description,
    active: row.active,
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}

function firingOf(row: Selectable<AlertFiringsTable>): AlertFiring {
  return {
    id: row.id,
    alert_id: row.alert_id,
    account_id: row.account_id,
    window_start: row.window_start,
    window_end: row.window_end,
    value: row.value,
    threshold: Number(row.threshold),
    fired_at: row.fired_at,
    delivery_status: row.delivery_status,
    delivery_attempts: row.attempts,
    last_attempt_at: row.last_attempt_at,
    last_response_status: row.last_response_status,
    last_error: row.last_error,
    delivered_at: row.delivered_at,
  };
}

async function findAlert(db: Kysely<Database>, scope: TenantScope, id: string): Promise<Selectable<AlertsTable>> {
  const row = await db.selectFrom('alerts').selectAll().where('id', '=', id).where(scope.accountFilter('account_id')).executeTakeFirst();
  if (!row) throw notFound('alert', id);
  return row;
}

/** The number must have been the account's at some time: an alert on someone else's number would watch nothing. */
async function requireNumberOf(db: Kysely<Database>, accountId: string, e164: string): Promise<void> {
  const owned = await db.selectFrom('account_numbers').select('id').where('account_id', '=', accountId).where('e164', '=', e164).executeTakeFirst();
  if (!owned) {
    throw new ValidationError({ field: 'number_e164', summary: `${e164} is not a number of account ${accountId}`, detail: 'register the number to the account first, or leave number_e164 out to watch the whole account' });
  }
}

function pageLimit(limit: number | undefined): number {
  if (limit === undefined) return 20;
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw new ValidationError({ field: 'limit', summary: `${limit} is not a whole number from 1 to 100`, detail: 'ask for at most 100 items and page with starting_after' });
  return limit;
}

function parse<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw ValidationError.fromDiagnostics(zodIssuesToDiagnostics(parsed.error));
  return parsed.data;
}
