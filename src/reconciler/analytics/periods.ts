/**
 * "This period" per account: the account's billing period that contains now (billing_periods, written by the close
 * job), or else the UTC calendar month, the rating step's default period (rating/account-periods.ts).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/database';
import { calendarMonthOf } from '../rating/account-periods';
import type { Interval } from './record-aggregates';

/** The current period of each account. */
export async function currentPeriods(db: Kysely<Database>, accountIds: readonly string[], now: Date): Promise<Map<string, Interval>> {
  const periods = new Map<string, Interval>();
  if (accountIds.length === 0) return periods;
  const open = await db
    .selectFrom('billing_periods')
    .select(['account_id', 'period_start', 'period_end'])
    .where('account_id', 'in', accountIds)
    .where('period_start', '<=', now)
    .where('period_end', '>', now)
    .orderBy('period_start')
    .execute();
  for (const p of open) periods.set(p.account_id, { from: p.period_start, to: p.period_end });
  for (const id of accountIds) if (!periods.has(id)) {
    const month = calendarMonthOf(id, now);
    periods.set(id, { from: month.start, to: month.end });
  }
  return periods;
}

/** Accounts grouped by identical period, so each distinct period is read once. */
export function accountsByPeriod(periods: ReadonlyMap<string, Interval>): { period: Interval; accounts: string[] }[] {
  const groups = new Map<string, { period: Interval; accounts: string[] }>();
  for (const [account, period] of periods) {
    const key = `${period.from.getTime()}-${period.to.getTime()}`;
    const group = groups.get(key) ?? { period, accounts: [] };
    group.accounts.push(account);
    groups.set(key, group);
  }
  return [...groups.values()];
}
