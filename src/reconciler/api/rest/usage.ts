/** Usage summaries per account over a window, and the billing periods with their invoices. */
import type { ReconcilerContext } from '../../context';
import { scopeOf } from '../auth/middleware';
import { billingPeriodFilterSchema, billingPeriodSchema, listBillingPeriods } from '../queries/billing-periods';
import { pageSchema } from '../queries/common';
import { usageFilterSchema, usageSchema, usageSummaries } from '../queries/usage';
import { defineRoute, type AnyRoute } from './route';

/** The usage and billing periods routes. */
export function usageRoutes({ db, now }: Pick<ReconcilerContext, 'db' | 'now'>): AnyRoute[] {
  return [
    defineRoute({
      method: 'GET',
      path: '/v1/usage',
      operationId: 'usageSummary',
      summary: 'Usage per account over a window (default: this UTC month): calls, seconds, amount, what is not rated or pushed yet',
      tag: 'usage',
      access: 'read',
      query: usageFilterSchema,
      response: { status: 200, schema: usageSchema, description: 'one summary per account' },
      handle: async (c, { query }) => ({ data: await usageSummaries(db, scopeOf(c), query, now()) }),
    }),
    defineRoute({
      method: 'GET',
      path: '/v1/billing-periods',
      operationId: 'listBillingPeriods',
      summary: 'Billing periods, newest first, with their invoice once closed',
      tag: 'invoices',
      access: 'read',
      query: billingPeriodFilterSchema,
      response: { status: 200, schema: pageSchema(billingPeriodSchema), description: 'a page of periods' },
      handle: async (c, { query }) => listBillingPeriods(db, scopeOf(c), query),
    }),
  ];
}
