/**
 * The windows an alert counts over: a UTC day, or the account's billing period (its `billing_periods` row containing
 * the instant; the UTC calendar month, the rating step's default period, when there is none).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/database';
import { addMonths, monthStart } from '../db/partitions';
import type { AlertRecurring } from '../db/tables/alerts';

/** A window [start, end). */
export interface AlertWindow {
  readonly start: Date;
  readonly end: Date;
}

/** The window containing an instant and the one just before it. */
export interface AlertWindows {
  readonly current: AlertWindow;
  readonly previous: AlertWindow;
}

const DAY_MS = 86_400_000;

/** The UTC day containing `at`, and the day before. */
export function dayWindows(at: Date): AlertWindows {
  const start = Math.floor(at.getTime() / DAY_MS) * DAY_MS;
  return { current: { start: new Date(start), end: new Date(start + DAY_MS) }, previous: { start: new Date(start - DAY_MS), end: new Date(start) } };
}

/** The UTC calendar month containing `at`, and the month before. */
export function calendarMonthWindows(at: Date): AlertWindows {
  return { current: { start: monthStart(at), end: addMonths(at, 1) }, previous: { start: addMonths(at, -1), end: monthStart(at) } };
}

/**
 * The billing-period windows at `now` of each account: from `billing_periods` where the account has rows around
 * `now`, else calendar months. One query for all accounts.
 */
export async function billingPeriodWindows(db: Kysely<Database>, accountIds: readonly string[], now: Date): Promise<Map<string, AlertWindows>> {
  const months = calendarMonthWindows(now);
  const byAccount = new Map<string, { current?: AlertWindow; previous?: AlertWindow }>();
  if (accountIds.length > 0) {
    // Periods reaching past the start of last month cover both the current and the previous period of any account
    // billed monthly or more often.
    const rows = await db
      .selectFrom('billing_periods')
      .select(['account_id', 'period_start', 'period_end'])
      .where('account_id', 'in', [...accountIds])
      .where('period_end', '>', addMonths(now, -2))
      .where('period_start', '<=', now)
      .orderBy('period_start')
      .execute();
    for (const row of rows) {
      const found = byAccount.get(row.account_id) ?? {};
      const window = { start: row.period_start, end: row.period_end };
      if (row.period_start <= now && now < row.period_end) found.current = window;
      else if (row.period_end <= now) found.previous = window;
      byAccount.set(row.account_id, found);
    }
  }
  const windows = new Map<string, AlertWindows>();
  for (const id of accountIds) {
    const found = byAccount.get(id);
    const current = found?.current ?? months.current;
    // The previous period is the one that ended where the current one starts; without such a row, the calendar month
    // before (calendar periods) or a period of the current one's length before it.
    const previous =
      found?.previous && found.previous.end.getTime() === current.start.getTime()
        ? found.previous
        : current === months.current
          ? months.previous
          : { start: new Date(2 * current.start.getTime() - current.end.getTime()), end: current.start };
    windows.set(id, { current, previous });
  }
  return windows;
}

/** The windows of an alert with `recurring` at `now`, given the billing-period windows looked up for its account. */
export function windowsOf(recurring: AlertRecurring, now: Date, billingPeriods: AlertWindows | undefined): AlertWindows {
  return recurring === 'daily' ? dayWindows(now) : (billingPeriods ?? calendarMonthWindows(now));
}
