/**
 * An account's call records of a period, read page by page in start order as the invoice documents take them
 * (`UsageCall`: the call, our number, its rating as the Rate job stored it), so a month of millions of calls tallies
 * and exports in constant memory.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/database';
import type { UsageCall } from './documents';
import type { BillingPeriod } from '../rating/account-periods';

/** Records per page read. */
const PAGE = 5000;

/** The account's records that started in the period, oldest first. */
export async function* periodCalls(db: Kysely<Database>, accountId: string, period: BillingPeriod): AsyncGenerator<UsageCall> {
  let after: { started_at: Date; carrier: string; carrier_call_id: string } | undefined;
  for (;;) {
    const page = await db
      .selectFrom('call_records')
      .select(['carrier', 'carrier_call_id', 'started_at', 'direction', 'other_party', 'duration_seconds', 'number_e164', 'rate_class', 'billable_seconds', 'amount_decimal', 'unrated_reason'])
      .where('account_id', '=', accountId)
      .where('started_at', '>=', period.start)
      .where('started_at', '<', period.end)
      .$if(after !== undefined, (q) =>
        q.where((eb) => eb(eb.refTuple('started_at', 'carrier', 'carrier_call_id'), '>', eb.tuple(after!.started_at, after!.carrier, after!.carrier_call_id))),
      )
      .orderBy('started_at')
      .orderBy('carrier')
      .orderBy('carrier_call_id')
      .limit(PAGE)
      .execute();
    for (const row of page) {
      yield {
        direction: row.direction,
        otherParty: row.other_party,
        durationSeconds: row.duration_seconds,
        startedAt: row.started_at,
        number: row.number_e164 ?? '',
        rating:
          row.rate_class !== null
            ? { kind: 'rated', rateClass: row.rate_class, billableSeconds: row.billable_seconds ?? 0 }
            : // The close reads a period only once all of it is rated, so every record has its rating or its reason.
              { kind: 'unrated', reason: row.unrated_reason ?? 'not-rated-yet' },
        carrier: row.carrier,
        callId: row.carrier_call_id,
        ...(row.amount_decimal !== null ? { amountMinor: row.amount_decimal } : {}),
      };
    }
    if (page.length < PAGE) return;
    after = page[page.length - 1];
  }
}
