/**
 * Which account a call bills to: the account that held our number (`account_numbers`) at the instant the call
 * started. Ownership periods are half-open, [valid_from, valid_to); the database allows one owner per instant.
 */
import type { ExpressionBuilder, Kysely } from 'kysely';
import type { CallRecord } from '../../carriers/carrier';
import type { Database } from '../db/database';

/** Our side of a call: the number called for an inbound call, the caller for an outbound one. */
export function ownNumberOf(call: Pick<CallRecord, 'direction' | 'from' | 'to'>): { own: string; other: string } {
  return call.direction === 'inbound' ? { own: call.to, other: call.from } : { own: call.from, other: call.to };
}

/** Looks up owners for one batch with one query; answers per (number, instant) from what it read. */
export async function ownersForBatch(db: Kysely<Database>, calls: readonly CallRecord[]): Promise<(e164: string, at: Date) => string | null> {
  if (calls.length === 0) return () => null;
  const numbers = [...new Set(calls.map((c) => ownNumberOf(c).own))];
  let first = calls[0]!.startedAt;
  let last = first;
  for (const c of calls) {
    if (c.startedAt < first) first = c.startedAt;
    if (c.startedAt > last) last = c.startedAt;
  }
  const periods = await db
    .selectFrom('account_numbers')
    .select(['e164', 'account_id', 'valid_from', 'valid_to'])
    .where('e164', 'in', numbers)
    .where('valid_from', '<=', last)
    .where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>', first)]))
    .execute();
  const byNumber = new Map<string, typeof periods>();
  for (const p of periods) byNumber.set(p.e164, [...(byNumber.get(p.e164) ?? []), p]);
  return (e164, at) => {
    const t = at.getTime();
    const owner = byNumber.get(e164)?.find((p) => p.valid_from.getTime() <= t && (p.valid_to === null || t < p.valid_to.getTime()));
    return owner?.account_id ?? null;
  };
}

/**
 * Attributes again the calls not rated yet on `numbers`, after their ownership periods changed (an account's numbers
 * were registered after its calls were ingested, or corrected). Rated calls keep their account: their usage may
 * already be at the billing provider, and moving it would bill twice. Run it inside the transaction that changed
 * `account_numbers`, so the calls and the periods never disagree.
 */
export async function reattributeUnratedCalls(trx: Kysely<Database>, numbers: readonly string[]): Promise<number> {
  if (numbers.length === 0) return 0;
  const owner = (eb: ExpressionBuilder<Database, 'call_records'>) =>
    eb
      .selectFrom('account_numbers as n')
      .select('n.account_id')
      .whereRef('n.e164', '=', 'call_records.number_e164')
      .whereRef('n.valid_from', '<=', 'call_records.started_at')
      .where((w) => w.or([w('n.valid_to', 'is', null), w('n.valid_to', '>', w.ref('call_records.started_at'))]))
      .limit(1);
  const result = await trx
    .updateTable('call_records')
    .set((eb) => ({ account_id: owner(eb) }))
    .where('rated_at', 'is', null)
    .where('number_e164', 'in', [...numbers])
    .where((eb) => eb(eb.ref('account_id'), 'is distinct from', owner(eb)))
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
