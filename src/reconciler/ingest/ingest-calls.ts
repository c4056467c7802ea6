/**
 * Pulls one carrier account's call records into `call_records`, incrementally and exactly once.
 *
 * - Where to start: the account's row in `ingest_cursors` ("everything that started before `ingested_until` is in");
 *   without one, `from` (default: the start of last month, so this month's and last month's invoices are complete).
 * - Where to stop: `lag` before now, since carriers publish a call when it ends. A call still in progress (not a
 *   final status) stops the cursor at its start, so the next run reads it again once it has ended.
 * - Reads the port a day at a time (its records are held in memory per request), writes batches of `batchSize`
 *   rows; each batch's rows and the cursor move in one transaction, and rows conflict on the key (carrier,
 *   carrier_call_id, started_at) with DO NOTHING: a run killed anywhere re-reads from the cursor and adds nothing twice.
 */
import type { Insertable, Kysely } from 'kysely';
import type { CallRecord, Carrier } from '../../carriers/carrier';
import type { Database } from '../db/database';
import { addMonths, ensureMonthPartitions, monthStart } from '../db/partitions';
import type { CallRecordsTable } from '../db/tables/core';
import { ownNumberOf, ownersForBatch } from './attribution';
import { geographyCache } from './geography';

/** Statuses of calls still going on (Twilio's and Telnyx's words); any other status is final. */
const LIVE_CALL_STATUSES: ReadonlySet<string> = new Set(['queued', 'initiated', 'ringing', 'in-progress', 'answered', 'bridged']);

/** Options of {@link ingestCallRecords}. */
export interface IngestOptions {
  readonly db: Kysely<Database>;
  readonly carrier: Carrier;
  /** The clock's now. */
  readonly now: Date;
  /** Where to start when the account has no cursor yet. */
  readonly from?: Date;
  /** Rows per insert and transaction (default 1000). */
  readonly batchSize?: number;
  /** How long the port is asked for at once, in ms (default one day). */
  readonly sliceMs?: number;
  /** How far behind now to stop, in ms (default 60 s): calls that just ended may not be listed yet. */
  readonly lagMs?: number;
  /** Checked between batches: an aborted run stops there, its cursor at the last batch written. */
  readonly signal?: AbortSignal;
  /** Told after each committed batch (progress logs; tests abort from here). */
  readonly onBatch?: (progress: BatchProgress) => void;
}

/** What one committed batch did. */
export interface BatchProgress {
  readonly records: number;
  /** New rows (the rest were there already). */
  readonly inserted: number;
  readonly cursor: Date;
}

/** What a run did. */
export interface IngestResult {
  /** Records read from the carrier. */
  readonly read: number;
  /** Rows added to call_records. */
  readonly inserted: number;
  /** Batches committed. */
  readonly batches: number;
  /** The cursor at the end. */
  readonly cursor: Date;
  /** Calls seen still in progress (read again next run). */
  readonly live: number;
}

const DAY = 86_400_000;

/** Ingests the carrier's records from its cursor up to `now - lag`. */
export async function ingestCallRecords(options: IngestOptions): Promise<IngestResult> {
  const { db, carrier } = options;
  const batchSize = options.batchSize ?? 1000;
  const end = new Date(options.now.getTime() - (options.lagMs ?? 60_000));
  let cursor = (await readCursor(db, carrier)) ?? options.from ?? monthStart(addMonths(options.now, -1));
  const result = { read: 0, inserted: 0, batches: 0, live: 0 };
  const flush = async (records: CallRecord[], upTo: Date) => {
    options.signal?.throwIfAborted();
    const inserted = await writeBatch(db, carrier, records, upTo);
    result.batches++;
    result.inserted += inserted;
    options.onBatch?.({ records: records.length, inserted, cursor: upTo });
  };
  while (cursor < end) {
    const sliceEnd = new Date(Math.min(cursor.getTime() + (options.sliceMs ?? DAY), end.getTime()));
    let batch: CallRecord[] = [];
    let live: Date | undefined;
    for await (const record of carrier.callRecords({ from: cursor, to: sliceEnd })) {
      result.read++;
      if (LIVE_CALL_STATUSES.has(record.status)) {
        // Oldest first, so the first live call is the earliest: the cursor must not pass it.
        live ??= record.startedAt;
        result.live++;
        continue;
      }
      batch.push(record);
      if (batch.length >= batchSize) {
        const last = batch[batch.length - 1]!.startedAt;
        await flush(batch, live && live < last ? live : last);
        batch = [];
      }
    }
    // The slice is done: its end (or the first live call) is the cursor, even when the last batch is empty.
    await flush(batch, live ?? sliceEnd);
    if (live) break;
    cursor = sliceEnd;
  }
  return { ...result, cursor: (await readCursor(db, carrier)) ?? cursor };
}

/** The account's cursor, or undefined before its first run. */
export async function readCursor(db: Kysely<Database>, carrier: Pick<Carrier, 'name' | 'account'>): Promise<Date | undefined> {
  const row = await db
    .selectFrom('ingest_cursors')
    .select('ingested_until')
    .where('carrier', '=', carrier.name)
    .where('carrier_account', '=', carrier.account)
    .executeTakeFirst();
  return row?.ingested_until;
}

/** Inserts one batch (attributed, with geography) and moves the cursor, in one transaction; returns new rows. */
async function writeBatch(db: Kysely<Database>, carrier: Carrier, records: readonly CallRecord[], upTo: Date): Promise<number> {
  if (records.length > 0) {
    // Outside the transaction: a lost race to create a partition is an error inside PostgreSQL.
    await ensureMonthPartitions(db, records[0]!.startedAt, records[records.length - 1]!.startedAt);
  }
  return db.transaction().execute(async (trx) => {
    let inserted = 0;
    if (records.length > 0) {
      const ownerAt = await ownersForBatch(trx, records);
      const where = geographyCache();
      const rows = records.map((r) => callRow(carrier, r, ownerAt, where));
      const result = await trx
        .insertInto('call_records')
        .values(rows)
        .onConflict((oc) => oc.columns(['carrier', 'carrier_call_id', 'started_at']).doNothing())
        .executeTakeFirst();
      inserted = Number(result.numInsertedOrUpdatedRows ?? 0);
    }
    await trx
      .insertInto('ingest_cursors')
      .values({ carrier: carrier.name, carrier_account: carrier.account, ingested_until: upTo, updated_at: new Date() })
      // Never backwards: a slower replica finishing an older batch must not undo a newer one's progress.
      .onConflict((oc) =>
        oc.columns(['carrier', 'carrier_account']).doUpdateSet((eb) => ({
          ingested_until: eb.fn('greatest', [eb.ref('ingest_cursors.ingested_until'), eb.ref('excluded.ingested_until')]),
          updated_at: eb.ref('excluded.updated_at'),
        })),
      )
      .execute();
    return inserted;
  });
}

function callRow(
  carrier: Carrier,
  r: CallRecord,
  ownerAt: (e164: string, at: Date) => string | null,
  where: ReturnType<typeof geographyCache>,
): Insertable<CallRecordsTable> {
  const { own, other } = ownNumberOf(r);
  const caller = where(r.from);
  const callee = where(r.to);
  return {
    carrier: carrier.name,
    carrier_call_id: r.id,
    started_at: r.startedAt,
    from_e164: r.from,
    to_e164: r.to,
    direction: r.direction,
    duration_seconds: Math.max(0, Math.round(r.durationSeconds)),
    status: r.status,
    carrier_price_minor: r.price?.amountMinor ?? null,
    carrier_currency: r.price?.currency ?? null,
    account_id: ownerAt(own, r.startedAt),
    number_e164: own || null,
    other_party: other || null,
    caller_country: caller.country,
    caller_region: caller.region,
    callee_country: callee.country,
    callee_region: callee.region,
    rated_at: null,
    rate_class: null,
    billable_seconds: null,
    unrated_reason: null,
  };
}
