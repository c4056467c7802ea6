/**
 * Which account a call bills to: the account that held our number (`account_numbers`) at the instant the call
 * started. Ownership periods are half-open, [valid_from, valid_to); the database allows one owner per instant.
 */
import type { Kysely } from 'kysely';
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
