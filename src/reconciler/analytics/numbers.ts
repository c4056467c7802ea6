/** `listNumbers`: the numbers of the caller's accounts, with their status and this period's calls. */
import { sql, type Expression, type SqlBool } from 'kysely';
import type { AnalyticsContext } from './context';
import { decodeCursor, encodeCursor, filterFingerprint } from './cursor';
import { exactInstantText } from './exact-instant';
import { numbersFilterSchema, parseFilter, type NumbersFilterInput } from './filters';
import { accountsByPeriod, currentPeriods } from './periods';
import { inRollup, planRange, readConsistently } from './range-plan';
import { dailyNumberRows } from './record-aggregates';
import { accountCondition, visibleAccounts, type AnalyticsScope } from './scope';
import { recordsMatching, total } from './usage-source';

/** Where a number's ownership stands now: `active` (owned), `released` (ended), `scheduled` (starts later). */
export type NumberStatus = 'active' | 'released' | 'scheduled';

/** One ownership period of a number by an account, with its calls in the account's current period. */
export interface NumberWithStatus {
  readonly e164: string;
  readonly accountId: string;
  readonly carrier: string;
  readonly validFrom: Date;
  /** Null while the account still has it. */
  readonly validTo: Date | null;
  readonly status: NumberStatus;
  /** The account's current period ([start, end)), which the calls below are counted over. */
  readonly period: { readonly start: Date; readonly end: Date };
  /** Calls of this number billed to this account in the period. */
  readonly calls: number;
  readonly answeredCalls: number;
  readonly durationSeconds: number;
}

/** A page of numbers, ordered by account, number and start of ownership. */
export interface NumbersPage {
  readonly numbers: readonly NumberWithStatus[];
  /** Pass as `cursor` for the next page; null on the last page. */
  readonly nextCursor: string | null;
}

/** Numbers of the visible accounts with their status at the clock's now and their calls this period. */
export async function listNumbers(context: AnalyticsContext, scope: AnalyticsScope, input: NumbersFilterInput = {}): Promise<NumbersPage> {
  const filter = parseFilter(numbersFilterSchema, input);
  const now = context.now();
  const fingerprint = filterFingerprint('numbers', filter);
  const after = filter.cursor === undefined ? undefined : decodeCursor(filter.cursor, fingerprint, 3);
  return readConsistently(context.db, async (trx) => {
    const rows = await trx
      .selectFrom('account_numbers')
      .select((eb) => ['e164', 'account_id', 'carrier', 'valid_from', 'valid_to', exactInstantText(eb.ref('valid_from')).as('valid_from_text')])
      .where((eb) => {
        const conditions: Expression<SqlBool>[] = [accountCondition(eb.ref('account_id'), visibleAccounts(scope, filter.accounts))];
        if (filter.status === 'active') conditions.push(eb.and([eb('valid_from', '<=', now), eb.or([eb('valid_to', 'is', null), eb('valid_to', '>', now)])]));
        if (filter.status === 'released') conditions.push(eb('valid_to', '<=', now));
        if (filter.status === 'scheduled') conditions.push(eb('valid_from', '>', now));
        if (after) conditions.push(sql<SqlBool>`(${eb.ref('account_id')}, ${eb.ref('e164')}, ${eb.ref('valid_from')}) > (${after[0]}, ${after[1]}, ${after[2]}::timestamptz)`);
        return eb.and(conditions);
      })
      .orderBy('account_id')
      .orderBy('e164')
      .orderBy('valid_from')
      .limit(filter.limit + 1)
      .execute();
    const page = rows.slice(0, filter.limit);
    const periods = await currentPeriods(trx, [...new Set(page.map((r) => r.account_id))], now);
    const calls = new Map<string, { calls: number; answered_calls: number; duration_seconds: number }>();
    for (const { period, accounts } of accountsByPeriod(periods)) {
      const numbers = [...new Set(page.filter((r) => accounts.includes(r.account_id)).map((r) => r.e164))];
      const q = { accounts, numbers, range: period };
      const plan = await planRange(trx, period, 'day');
      let usage = dailyNumberRows(recordsMatching(trx, q, plan.records));
      if (plan.rollup) {
        const rollup = plan.rollup;
        usage = usage.unionAll(
          trx
            .selectFrom('usage_daily_numbers')
            .select(['account_id', 'number_e164', 'day', 'direction', 'calls', 'answered_calls', 'duration_seconds', 'billable_seconds', 'amount'])
            .where((eb) => eb.and([accountCondition(eb.ref('account_id'), accounts), sql<SqlBool>`${eb.ref('number_e164')} = ANY(${numbers}::text[])`, inRollup(eb.ref('day'), rollup)])),
        );
      }
      const totals = await trx
        .selectFrom(usage.as('u'))
        .select((eb) => ['u.account_id', 'u.number_e164', total(eb.ref('u.calls')).as('calls'), total(eb.ref('u.answered_calls')).as('answered_calls'), total(eb.ref('u.duration_seconds')).as('duration_seconds')])
        .groupBy(['u.account_id', 'u.number_e164'])
        .execute();
      for (const t of totals) calls.set(`${t.account_id} ${t.number_e164}`, t);
    }
    const last = rows.length > filter.limit ? page[page.length - 1] : undefined;
    return {
      numbers: page.map((r) => {
        const period = periods.get(r.account_id)!;
        const used = calls.get(`${r.account_id} ${r.e164}`);
        return {
          e164: r.e164,
          accountId: r.account_id,
          carrier: r.carrier,
          validFrom: r.valid_from,
          validTo: r.valid_to,
          status: statusAt(r, now),
          period: { start: period.from, end: period.to },
          calls: used?.calls ?? 0,
          answeredCalls: used?.answered_calls ?? 0,
          durationSeconds: used?.duration_seconds ?? 0,
        };
      }),
      nextCursor: last ? encodeCursor(fingerprint, [last.account_id, last.e164, last.valid_from_text]) : null,
    };
  });
}

function statusAt(ownership: { valid_from: Date; valid_to: Date | null }, now: Date): NumberStatus {
  if (ownership.valid_from > now) return 'scheduled';
  return ownership.valid_to !== null && ownership.valid_to <= now ? 'released' : 'active';
}
