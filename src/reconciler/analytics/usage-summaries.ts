/** `usageSummaries`: per account, one period's calls, minutes and amount. */
import type { AnalyticsContext } from './context';
import { trimDecimal } from './decimal-text';
import { parseFilter, usageSummaryFilterSchema, type UsageSummaryFilterInput } from './filters';
import { accountsByPeriod, currentPeriods } from './periods';
import { readConsistently } from './range-plan';
import type { Interval } from './record-aggregates';
import { accountCondition, visibleAccounts, type AnalyticsScope } from './scope';
import { hourlyUsage, total, type AnswerSource, type HourlyUsageRows } from './usage-source';

/** One account's usage over one period. */
export interface UsageSummary {
  readonly accountId: string;
  readonly name: string;
  /** The account's currency: the one `amountMinor` is in. */
  readonly currency: string;
  /** [start, end): the range asked for, or the account's billing period containing now. */
  readonly period: { readonly start: Date; readonly end: Date };
  readonly calls: number;
  readonly answeredCalls: number;
  /** Talk time as the carriers measured it. */
  readonly durationSeconds: number;
  /** Billable seconds of rated calls (after increments and minimums). */
  readonly billableSeconds: number;
  /** `billableSeconds / 60`. */
  readonly billableMinutes: number;
  readonly ratedCalls: number;
  /** Kept unrated by the rate job (no rate matched, no card). */
  readonly unratedCalls: number;
  /** Not rated yet. */
  readonly pendingCalls: number;
  /** Sum of the rated calls' exact amounts, in fractional minor units of `currency` (decimal text, unrounded). */
  readonly amountMinor: string;
  readonly source: AnswerSource;
}

/** Usage per account in the scope (or the filter's accounts), over `from`–`to` or each account's current period. */
export async function usageSummaries(context: AnalyticsContext, scope: AnalyticsScope, input: UsageSummaryFilterInput = {}): Promise<UsageSummary[]> {
  const filter = parseFilter(usageSummaryFilterSchema, input);
  const now = context.now();
  return readConsistently(context.db, async (trx) => {
    const accounts = await trx
      .selectFrom('accounts')
      .select(['id', 'name', 'currency'])
      .where((eb) => accountCondition(eb.ref('id'), visibleAccounts(scope, filter.accounts)))
      .orderBy('id')
      .execute();
    const ids = accounts.map((a) => a.id);
    const periods =
      filter.from && filter.to ? new Map<string, Interval>(ids.map((id) => [id, { from: filter.from!, to: filter.to! }])) : await currentPeriods(trx, ids, now);
    const totals = new Map<string, { source: AnswerSource; row: Awaited<ReturnType<typeof readTotals>>[number] }>();
    for (const { period, accounts: group } of accountsByPeriod(periods)) {
      const usage = await hourlyUsage(trx, { accounts: group, range: period }, 'UTC');
      for (const row of await readTotals(trx, usage.rows)) if (row.account_id) totals.set(row.account_id, { source: usage.source, row });
    }
    return accounts.map((account) => {
      const period = periods.get(account.id)!;
      const found = totals.get(account.id);
      const t = found?.row;
      const calls = t?.calls ?? 0;
      const rated = t?.rated_calls ?? 0;
      const unrated = t?.unrated_calls ?? 0;
      const billableSeconds = t?.billable_seconds ?? 0;
      return {
        accountId: account.id,
        name: account.name,
        currency: account.currency,
        period: { start: period.from, end: period.to },
        calls,
        answeredCalls: t?.answered_calls ?? 0,
        durationSeconds: t?.duration_seconds ?? 0,
        billableSeconds,
        billableMinutes: billableSeconds / 60,
        ratedCalls: rated,
        unratedCalls: unrated,
        pendingCalls: calls - rated - unrated,
        amountMinor: trimDecimal(t?.amount ?? '0'),
        source: found?.source ?? 'rollups',
      };
    });
  });
}

function readTotals(trx: AnalyticsContext['db'], rows: HourlyUsageRows) {
  return trx
    .selectFrom(rows.as('u'))
    .select((eb) => [
      'u.account_id',
      total(eb.ref('u.calls')).as('calls'),
      total(eb.ref('u.answered_calls')).as('answered_calls'),
      total(eb.ref('u.duration_seconds')).as('duration_seconds'),
      total(eb.ref('u.billable_seconds')).as('billable_seconds'),
      total(eb.ref('u.rated_calls')).as('rated_calls'),
      total(eb.ref('u.unrated_calls')).as('unrated_calls'),
      eb.fn.coalesce(eb.fn.sum<string>('u.amount'), eb.val('0')).as('amount'),
    ])
    .groupBy('u.account_id')
    .execute();
}
