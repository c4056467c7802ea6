/**
 * Usage summaries: per account, over a window (default: the UTC month of the service's clock), what was called and
 * what it costs so far — calls, answered calls, seconds, billable seconds, the exact amount of the rated calls, how
 * many could not be rated, and how many usage events still wait to be reported to billing.
 */
import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../db/database';
import { monthStart, addMonths } from '../../db/partitions';
import type { TenantScope } from '../auth/tenancy';
import { accountIdSchema, checkWindow, instantSchema, instantText, requireFilterAccount } from './common';

/** The query of a usage summary. */
export const usageFilterSchema = z
  .strictObject({
    account_id: accountIdSchema.optional(),
    from: instantSchema.optional().meta({ description: 'start of the window (default: the start of this UTC month)' }),
    to: instantSchema.optional().meta({ description: 'end of the window, exclusive (default: the start of next UTC month)' }),
  })
  .superRefine(checkWindow);

/** One account's usage on the wire. */
export const usageSummarySchema = z.strictObject({
  account_id: z.string(),
  currency: z.string(),
  from: instantText,
  to: instantText,
  calls: z.number().int(),
  answered_calls: z.number().int(),
  duration_seconds: z.number().int(),
  billable_seconds: z.number().int(),
  rated_calls: z.number().int(),
  unrated_calls: z.number().int().meta({ description: 'calls not rated yet, or that no rate covered (see the call log\'s unrated_reason)' }),
  amount_minor: z.string().meta({ description: 'Σ exact amounts of the rated calls, minor units as decimal text' }),
  pending_usage_events: z.number().int().meta({ description: 'rated usage not yet reported to billing' }),
});

/** The answer of a usage summary. */
export const usageSchema = z.strictObject({ data: z.array(usageSummarySchema) });

/** One account's usage as query functions return it. */
export interface UsageSummary {
  readonly account_id: string;
  readonly currency: string;
  readonly from: Date;
  readonly to: Date;
  readonly calls: number;
  readonly answered_calls: number;
  readonly duration_seconds: number;
  readonly billable_seconds: number;
  readonly rated_calls: number;
  readonly unrated_calls: number;
  readonly amount_minor: string;
  readonly pending_usage_events: number;
}

/** Usage of each of the caller's accounts (or the one named), every account listed even without calls. */
export async function usageSummaries(db: Kysely<Database>, scope: TenantScope, filter: z.output<typeof usageFilterSchema>, now: Date): Promise<UsageSummary[]> {
  requireFilterAccount(scope, filter.account_id);
  const from = filter.from ?? monthStart(now);
  const to = filter.to ?? addMonths(monthStart(from), 1);
  const accounts = await db
    .selectFrom('accounts')
    .select(['id', 'currency'])
    .where(scope.accountFilter('id'))
    .$if(filter.account_id !== undefined, (q) => q.where('id', '=', filter.account_id!))
    .orderBy('id')
    .execute();
  if (accounts.length === 0) return [];
  const ids = accounts.map((a) => a.id);
  const calls = await db
    .selectFrom('call_records')
    .select((eb) => [
      'account_id',
      eb.fn.countAll<string>().as('calls'),
      sql<string>`count(*) filter (where duration_seconds > 0)`.as('answered_calls'),
      sql<string>`coalesce(sum(duration_seconds), 0)`.as('duration_seconds'),
      sql<string>`coalesce(sum(billable_seconds) filter (where unrated_reason is null), 0)`.as('billable_seconds'),
      sql<string>`count(*) filter (where rated_at is not null and unrated_reason is null)`.as('rated_calls'),
      sql<string>`coalesce(sum(amount_decimal) filter (where unrated_reason is null), 0)::text`.as('amount_minor'),
    ])
    .where('account_id', 'in', ids)
    .where('started_at', '>=', from)
    .where('started_at', '<', to)
    .groupBy('account_id')
    .execute();
  const pending = await db
    .selectFrom('usage_outbox')
    .select((eb) => ['account_id', eb.fn.countAll<string>().as('n')])
    .where('account_id', 'in', ids)
    .where('pushed_at', 'is', null)
    .where('occurred_at', '>=', from)
    .where('occurred_at', '<', to)
    .groupBy('account_id')
    .execute();
  const byAccount = new Map(calls.map((c) => [c.account_id, c]));
  const pendingOf = new Map(pending.map((p) => [p.account_id, Number(p.n)]));
  return accounts.map((a) => {
    const c = byAccount.get(a.id);
    const count = Number(c?.calls ?? 0);
    const rated = Number(c?.rated_calls ?? 0);
    return {
      account_id: a.id,
      currency: a.currency,
      from,
      to,
      calls: count,
      answered_calls: Number(c?.answered_calls ?? 0),
      duration_seconds: Number(c?.duration_seconds ?? 0),
      billable_seconds: Number(c?.billable_seconds ?? 0),
      rated_calls: rated,
      unrated_calls: count - rated,
      amount_minor: c?.amount_minor ?? '0',
      pending_usage_events: pendingOf.get(a.id) ?? 0,
    };
  });
}
