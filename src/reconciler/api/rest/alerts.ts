/**
 * Usage alerts over REST: the alerts store's functions (rules and tenancy live there) behind routes. Reading needs any
 * role; creating, changing, deleting and rotating a secret are billing writes, audited under the alert's account.
 */
import {
  alertInputSchema,
  alertPatchSchema,
  createAlert,
  deleteAlert,
  getAlert,
  listAlertFirings,
  listAlerts,
  rotateAlertSecret,
  updateAlert,
} from '../../alerts';
import type { ReconcilerContext } from '../../context';
import { noteAudit } from '../audit';
import { scopeOf } from '../auth/middleware';
import { alertFiringSchema, alertListSchema, alertParamsSchema, alertSchema, alertWithSecretSchema, firingListSchema, storePageSchema } from '../queries/alerts';
import { defineRoute, type AnyRoute } from './route';

const EXAMPLE = { account_id: 'cus_NffrFeUfNV2Hib', metric: 'spend', threshold: 50_000, recurring: 'billing_period', webhook_url: 'https://example.com/hooks/didops', description: 'over $500 this period' } as const;

/** The alerts area's routes. */
export function alertRoutes({ db, now }: Pick<ReconcilerContext, 'db' | 'now'>): AnyRoute[] {
  return [
    defineRoute({
      method: 'GET',
      path: '/v1/alerts',
      operationId: 'listAlerts',
      summary: "The caller's alerts, oldest first",
      tag: 'alerts',
      access: 'read',
      query: alertListSchema,
      response: { status: 200, schema: storePageSchema(alertSchema), description: 'a page of alerts' },
      handle: async (c, { query }) => {
        if (query.account_id) scopeOf(c).requireAccount(query.account_id);
        return listAlerts(db, scopeOf(c), query);
      },
    }),
    defineRoute({
      method: 'POST',
      path: '/v1/alerts',
      operationId: 'createAlert',
      summary: 'Create an alert: a threshold on calls, minutes or spend per day or billing period; its webhook secret is in this answer only',
      tag: 'alerts',
      access: 'billing',
      body: alertInputSchema,
      example: EXAMPLE,
      response: { status: 201, schema: alertWithSecretSchema, description: 'the alert with its webhook secret' },
      async handle(c, { body }) {
        noteAudit(c, { action: 'alerts.create', target: `account:${body.account_id}`, accountId: body.account_id });
        const alert = await createAlert(db, scopeOf(c), body, { now: now() });
        noteAudit(c, { target: `alert:${alert.id}` });
        return alert;
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/v1/alerts/:id',
      operationId: 'getAlert',
      summary: 'One alert',
      tag: 'alerts',
      access: 'read',
      params: alertParamsSchema,
      response: { status: 200, schema: alertSchema, description: 'the alert' },
      handle: async (c, { params }) => getAlert(db, scopeOf(c), params.id),
    }),
    defineRoute({
      method: 'PATCH',
      path: '/v1/alerts/:id',
      operationId: 'updateAlert',
      summary: "Change an alert's threshold, window, number, webhook or state",
      tag: 'alerts',
      access: 'billing',
      params: alertParamsSchema,
      body: alertPatchSchema,
      example: { threshold: 75_000, active: true },
      response: { status: 200, schema: alertSchema, description: 'the alert' },
      async handle(c, { params, body }) {
        noteAudit(c, { action: 'alerts.update', target: `alert:${params.id}` });
        const alert = await updateAlert(db, scopeOf(c), params.id, body, { now: now() });
        noteAudit(c, { accountId: alert.account_id });
        return alert;
      },
    }),
    defineRoute({
      method: 'DELETE',
      path: '/v1/alerts/:id',
      operationId: 'deleteAlert',
      summary: 'Delete an alert and its firings',
      tag: 'alerts',
      access: 'billing',
      params: alertParamsSchema,
      response: { status: 204, description: 'deleted' },
      async handle(c, { params }) {
        const alert = await getAlert(db, scopeOf(c), params.id);
        noteAudit(c, { action: 'alerts.delete', target: `alert:${alert.id}`, accountId: alert.account_id });
        await deleteAlert(db, scopeOf(c), alert.id);
        return c.body(null, 204);
      },
    }),
    defineRoute({
      method: 'POST',
      path: '/v1/alerts/:id/rotate-secret',
      operationId: 'rotateAlertSecret',
      summary: "Give an alert a new webhook secret (in this answer only); deliveries from now on use it",
      tag: 'alerts',
      access: 'billing',
      params: alertParamsSchema,
      response: { status: 200, schema: alertWithSecretSchema, description: 'the alert with its new secret' },
      async handle(c, { params }) {
        noteAudit(c, { action: 'alerts.rotate_secret', target: `alert:${params.id}` });
        const alert = await rotateAlertSecret(db, scopeOf(c), params.id, { now: now() });
        noteAudit(c, { accountId: alert.account_id });
        return alert;
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/v1/alerts/:id/firings',
      operationId: 'listAlertFiringsOfAlert',
      summary: "An alert's firings and their webhook deliveries, oldest first",
      tag: 'alerts',
      access: 'read',
      params: alertParamsSchema,
      query: firingListSchema.omit({ alert_id: true, account_id: true }),
      response: { status: 200, schema: storePageSchema(alertFiringSchema), description: 'a page of firings' },
      async handle(c, { params, query }) {
        const alert = await getAlert(db, scopeOf(c), params.id);
        return listAlertFirings(db, scopeOf(c), { ...query, alert_id: alert.id });
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/v1/alert-firings',
      operationId: 'listAlertFirings',
      summary: 'Firings of the caller\'s alerts, oldest first',
      tag: 'alerts',
      access: 'read',
      query: firingListSchema,
      response: { status: 200, schema: storePageSchema(alertFiringSchema), description: 'a page of firings' },
      handle: async (c, { query }) => {
        if (query.account_id) scopeOf(c).requireAccount(query.account_id);
        return listAlertFirings(db, scopeOf(c), query);
      },
    }),
  ];
}
