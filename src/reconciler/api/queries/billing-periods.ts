/**
 * Billing periods and their invoices as the close job records them (`billing_periods`): which period of which account
 * is open, closing or closed, and for a closed one the provider's invoice and its total.
 */
import type { Kysely, Selectable } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../db/database';
import type { BillingPeriodsTable } from '../../db/tables/core';
import type { TenantScope } from '../auth/tenancy';
import { accountIdSchema, cursorSchema, encodeCursor, instantText, limitSchema, requireFilterAccount, type Page } from './common';

/** A period's state. */
export const PERIOD_STATUSES = ['open', 'closing', 'closed'] as const;

/** The query of listing billing periods. */
export const billingPeriodFilterSchema = z.strictObject({
  account_id: accountIdSchema.optional(),
  status: z.enum(PERIOD_STATUSES).optional(),
  limit: limitSchema,
  cursor: cursorSchema(z.tuple([z.iso.datetime(), z.string()])).optional(),
});

/** A billing period on the wire. */
export const billingPeriodSchema = z.strictObject({
  account_id: z.string(),
  period_start: instantText,
  period_end: instantText,
  status: z.enum(PERIOD_STATUSES),
  invoice_id: z.string().nullable().meta({ description: 'the billing provider\'s invoice (in_…), once the period is closed' }),
  currency: z.string().nullable(),
  total_minor: z.number().int().nullable(),
  closed_at: instantText.nullable(),
});

/** A billing period as query functions return it. */
export type BillingPeriod = Omit<Selectable<BillingPeriodsTable>, 'stripe_invoice_id'> & { readonly invoice_id: string | null };

/** The caller's billing periods, newest first. */
export async function listBillingPeriods(db: Kysely<Database>, scope: TenantScope, filter: z.output<typeof billingPeriodFilterSchema>): Promise<Page<BillingPeriod>> {
  requireFilterAccount(scope, filter.account_id);
  const rows = await db
    .selectFrom('billing_periods')
    .selectAll()
    .where(scope.accountFilter('account_id'))
    .$if(filter.account_id !== undefined, (q) => q.where('account_id', '=', filter.account_id!))
    .$if(filter.status !== undefined, (q) => q.where('status', '=', filter.status!))
    .$if(filter.cursor !== undefined, (q) =>
      q.where((eb) => eb(eb.refTuple('period_start', 'account_id'), '<', eb.tuple(new Date(filter.cursor![0]) as never, filter.cursor![1]))),
    )
    .orderBy('period_start', 'desc')
    .orderBy('account_id', 'desc')
    .limit(filter.limit + 1)
    .execute();
  const page = rows.slice(0, filter.limit);
  const last = page[page.length - 1];
  const hasMore = rows.length > filter.limit;
  return { data: page.map(periodOf), has_more: hasMore, next_cursor: hasMore && last ? encodeCursor([last.period_start.toISOString(), last.account_id]) : null };
}

/** The closed period whose invoice is `invoiceId`, if the caller may see it. */
export async function findInvoicePeriod(db: Kysely<Database>, scope: TenantScope, invoiceId: string): Promise<BillingPeriod | undefined> {
  const row = await db.selectFrom('billing_periods').selectAll().where('stripe_invoice_id', '=', invoiceId).where(scope.accountFilter('account_id')).executeTakeFirst();
  return row ? periodOf(row) : undefined;
}

function periodOf(row: Selectable<BillingPeriodsTable>): BillingPeriod {
  const { stripe_invoice_id: invoiceId, ...rest } = row;
  return { ...rest, invoice_id: invoiceId };
}
