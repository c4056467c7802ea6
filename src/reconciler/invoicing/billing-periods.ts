/**
 * Accounts' billing periods as the reconciler records them (`billing_periods`): each is the current period of the
 * account's subscription on the billing provider, recorded while it is current, then closed once it has ended and
 * its invoice is read back. Rating allocates tiered amounts within these periods, so they are Stripe's periods, not
 * calendar months (an account that subscribed on the 14th is billed from the 14th); where none is recorded yet the
 * UTC calendar month stands in.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/database';
import { calendarMonthOf, type BillingPeriod, type PeriodOf } from '../rating/account-periods';

/** A recorded period of an account. */
export interface AccountPeriod extends BillingPeriod {
  readonly accountId: string;
  readonly status: 'open' | 'closing' | 'closed';
}

/** Records periods (new ones as `open`); a period already recorded keeps its status. */
export async function recordPeriods(db: Kysely<Database>, accountId: string, periods: readonly BillingPeriod[]): Promise<void> {
  if (periods.length === 0) return;
  await db
    .insertInto('billing_periods')
    .values(periods.map((p) => ({ account_id: accountId, period_start: p.start, period_end: p.end, status: 'open' as const })))
    .onConflict((oc) => oc.columns(['account_id', 'period_start']).doNothing())
    .execute();
}

/** The account's periods that have ended by `now` and are not closed yet, oldest first. */
export async function endedOpenPeriods(db: Kysely<Database>, accountId: string, now: Date): Promise<AccountPeriod[]> {
  const rows = await db
    .selectFrom('billing_periods')
    .select(['account_id', 'period_start', 'period_end', 'status'])
    .where('account_id', '=', accountId)
    .where('status', '!=', 'closed')
    .where('period_end', '<=', now)
    .orderBy('period_start')
    .execute();
  return rows.map((r) => ({ accountId: r.account_id, start: r.period_start, end: r.period_end, status: r.status }));
}

/** The period of an account containing an instant: a recorded one, else the UTC calendar month (rating's `periodOf`). */
export async function recordedPeriodOf(db: Kysely<Database>): Promise<PeriodOf> {
  const rows = await db.selectFrom('billing_periods').select(['account_id', 'period_start', 'period_end']).orderBy('period_start').execute();
  const byAccount = new Map<string, BillingPeriod[]>();
  for (const r of rows) byAccount.set(r.account_id, [...(byAccount.get(r.account_id) ?? []), { start: r.period_start, end: r.period_end }]);
  return (accountId, at) => {
    const t = at.getTime();
    return byAccount.get(accountId)?.find((p) => p.start.getTime() <= t && t < p.end.getTime()) ?? calendarMonthOf(accountId, at);
  };
}

/** True when some account has a period that ended by `now` and is not closed (the push then queues a close). */
export async function anyEndedOpenPeriod(db: Kysely<Database>, now: Date): Promise<boolean> {
  const row = await db.selectFrom('billing_periods').select('account_id').where('status', '!=', 'closed').where('period_end', '<=', now).limit(1).executeTakeFirst();
  return row !== undefined;
}
