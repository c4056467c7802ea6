/**
 * Call records for analytics tests: generated from a seed (so a failure repeats), inserted the way ingest leaves them
 * (partitions first, then rows), and the plain computations over the same rows that each query's answer must equal.
 */
import Decimal from 'decimal.js';
import type { Insertable, Kysely } from 'kysely';
import type { Database } from '../../src/reconciler/db/database';
import { ensureMonthPartitions } from '../../src/reconciler/db/partitions';
import type { CallRecordsTable } from '../../src/reconciler/db/tables/core';
import { seededRandom } from '../../src/sandbox/faults';

/** A call row as inserted (every column the queries read is set). */
export type TestCall = Insertable<CallRecordsTable> & { started_at: Date; account_id: string | null; number_e164: string; duration_seconds: number };

/** Our number and the account it bills to (null: nobody's). */
export interface OwnedNumber {
  readonly e164: string;
  readonly accountId: string | null;
}

const PLACES: readonly [string | null, string | null][] = [['US', 'CA'], ['US', 'NY'], ['US', 'TX'], ['GB', 'England'], ['DE', null], ['IN', 'Karnataka'], [null, null]];

/** `count` calls spread over [from, to) on the numbers; a tenth unanswered, some pending or unrated, odd durations. */
export function generateCalls(options: { seed: number; count: number; from: Date; to: Date; numbers: readonly OwnedNumber[]; idPrefix?: string }): TestCall[] {
  const random = seededRandom(options.seed);
  const span = options.to.getTime() - options.from.getTime();
  const calls: TestCall[] = [];
  for (let i = 0; i < options.count; i++) {
    const own = options.numbers[Math.floor(random() * options.numbers.length)]!;
    const inbound = random() < 0.6;
    const answered = random() > 0.1;
    // Mostly minutes, with a long tail: percentiles land in wide buckets.
    const duration = answered ? Math.max(1, Math.round(-Math.log(1 - random()) * 240)) : 0;
    const [country, region] = PLACES[Math.floor(random() * PLACES.length)]!;
    const state = random();
    const rated = own.accountId !== null && state < 0.8;
    const unrated = own.accountId === null || (state >= 0.8 && state < 0.9);
    const other = `+1212${String(1_000_000 + Math.floor(random() * 8_999_999))}`;
    const billable = rated ? Math.ceil(duration / 60) * 60 : null;
    calls.push({
      carrier: i % 3 === 0 ? 'telnyx' : 'twilio',
      carrier_call_id: `${options.idPrefix ?? 'CA'}${String(i).padStart(6, '0')}`,
      // Whole milliseconds, some sharing an instant (ties the cursor must break).
      started_at: new Date(options.from.getTime() + Math.floor(random() * span / 1000) * 1000),
      from_e164: inbound ? other : own.e164,
      to_e164: inbound ? own.e164 : other,
      direction: inbound ? 'inbound' : 'outbound',
      duration_seconds: duration,
      status: answered ? 'completed' : 'no-answer',
      carrier_price_minor: null,
      carrier_currency: null,
      account_id: own.accountId,
      number_e164: own.e164,
      other_party: other,
      caller_country: inbound ? country : 'US',
      caller_region: inbound ? region : 'CA',
      callee_country: inbound ? 'US' : country,
      callee_region: inbound ? 'CA' : region,
      rated_at: rated || unrated ? new Date(options.to.getTime() + 3_600_000) : null,
      rate_class: rated ? (inbound ? 'in-1' : 'out-1') : null,
      billable_seconds: billable,
      amount_decimal: rated ? new Decimal(billable!).div(60).mul('1.3').plus(answered ? '0.25' : 0).toString() : null,
      unrated_reason: unrated ? (own.accountId === null ? 'no-account' : 'no-matching-prefix') : null,
    });
  }
  return calls;
}

/** Inserts the calls (creating their months' partitions first), 500 rows a statement. */
export async function insertCalls(db: Kysely<Database>, calls: readonly TestCall[]): Promise<void> {
  if (calls.length === 0) return;
  const times = calls.map((c) => c.started_at.getTime());
  await ensureMonthPartitions(db, new Date(Math.min(...times)), new Date(Math.max(...times)));
  for (let i = 0; i < calls.length; i += 500) await db.insertInto('call_records').values(calls.slice(i, i + 500)).execute();
}

/** The calls of `accounts` (all calls when undefined) that started in [from, to). */
export function callsIn(calls: readonly TestCall[], from: Date, to: Date, accounts?: readonly string[]): TestCall[] {
  return calls.filter((c) => c.started_at >= from && c.started_at < to && (accounts === undefined || (c.account_id !== null && accounts.includes(c.account_id))));
}

/** Counts by key. */
export function countBy<T>(items: readonly T[], key: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
}

/** The nearest-rank percentile (PostgreSQL's percentile_disc) of values. */
export function nearestRank(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** Exact sum of the calls' amounts, as trimmed decimal text. */
export function amountOf(calls: readonly TestCall[]): string {
  return calls.reduce((sum, c) => (c.amount_decimal === null || c.amount_decimal === undefined ? sum : sum.plus(String(c.amount_decimal))), new Decimal(0)).toString();
}
