/**
 * The Rate job's work: every call record not rated yet, in batches in order of start, through the rating step
 * (rate-call-records.ts), each batch's rating columns AND its usage outbox rows written in ONE transaction — so a crash
 * leaves a batch either rated with its meter events queued, or untouched, never one without the other. Records that
 * cannot be rated are written too, with `rated_at` and their reason: kept and reported, never dropped or retried
 * by accident.
 *
 * One run at a time on a database (jobs/rate.ts holds an advisory lock for it), so tiered classes are allocated in
 * start order and the period tallies kept between batches are exact. Outbox identifiers are deterministic per call
 * and class, and inserted with ON CONFLICT DO NOTHING, so even a record rated twice (its columns reset by hand)
 * queues no second event.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import { compileRater } from '../../billing/rating';
import type { Database } from '../db/database';
import type { BillingPeriod, PeriodClassTally, PeriodOf } from './account-periods';
import type { CallRecordToRate, RecordUnratedReason } from './call-record-rows';
import { rateCallRecords, type AccountRateCard, type RatedCallRecords } from './rate-call-records';

/** Options of {@link rateUnratedCalls}. */
export interface RateUnratedOptions {
  readonly db: Kysely<Database>;
  /** The card of an account (account-cards.ts). */
  readonly cardOf: (accountId: string) => AccountRateCard | undefined;
  /** The billing period of an account containing an instant (for tiered classes). */
  readonly periodOf: PeriodOf;
  /** The clock: each batch's `rated_at`. */
  readonly now: () => Date;
  /** Records per batch and transaction (default 2000). */
  readonly batchSize?: number;
  /** Checked between batches. */
  readonly signal?: AbortSignal;
  /** Called inside each batch's transaction after its writes (the job queues the push there). */
  readonly withinBatch?: (trx: Transaction<Database>, batch: RatedBatchSummary) => Promise<void>;
  /** Told after each committed batch. */
  readonly onBatch?: (batch: RatedBatchSummary) => void;
}

/** What one batch did. */
export interface RatedBatchSummary {
  readonly records: number;
  /** Rated records (an unanswered call is rated at 0 s). */
  readonly rated: number;
  /** Records kept unrated, by reason. */
  readonly unrated: Readonly<Partial<Record<RecordUnratedReason, number>>>;
  /** Usage outbox rows queued (new ones; a repeat adds none). */
  readonly events: number;
}

/** What a run did, summed over its batches. */
export interface RateResult extends RatedBatchSummary {
  readonly batches: number;
}

/** Rates every unrated record, batch by batch, until none is left (or the signal aborts between batches). */
export async function rateUnratedCalls(options: RateUnratedOptions): Promise<RateResult> {
  const { db } = options;
  const batchSize = options.batchSize ?? 2000;
  const tallies = new PeriodTallies(options.cardOf);
  const total = { records: 0, rated: 0, events: 0, batches: 0, unrated: {} as Partial<Record<RecordUnratedReason, number>> };
  for (;;) {
    options.signal?.throwIfAborted();
    const batch = await db.transaction().execute(async (trx) => {
      const rows = await unratedBatch(trx, batchSize);
      if (rows.length === 0) return undefined;
      await tallies.load(trx, rows, options.periodOf);
      const rated = rateCallRecords(rows, { ratedAt: options.now(), cardOf: options.cardOf, periodOf: options.periodOf, tallyBefore: tallies.before });
      const events = await writeRated(trx, rows, rated);
      tallies.keep(rated.tallies);
      const unrated: Partial<Record<RecordUnratedReason, number>> = {};
      for (const u of rated.unrated) unrated[u.reason] = (unrated[u.reason] ?? 0) + 1;
      const summary: RatedBatchSummary = { records: rows.length, rated: rows.length - rated.unrated.length, unrated, events };
      await options.withinBatch?.(trx, summary);
      return summary;
    });
    if (!batch) return total;
    total.batches++;
    total.records += batch.records;
    total.rated += batch.rated;
    total.events += batch.events;
    for (const [reason, n] of Object.entries(batch.unrated) as [RecordUnratedReason, number][]) total.unrated[reason] = (total.unrated[reason] ?? 0) + n;
    options.onBatch?.(batch);
  }
}

/** The next records to rate, oldest first (the partial index on unrated records' start serves it per partition). */
async function unratedBatch(trx: Transaction<Database>, limit: number): Promise<CallRecordToRate[]> {
  const rows = await trx
    .selectFrom('call_records')
    .select(['carrier', 'carrier_call_id', 'started_at', 'direction', 'other_party', 'duration_seconds', 'account_id'])
    .where('rated_at', 'is', null)
    .orderBy('started_at')
    .orderBy('carrier')
    .orderBy('carrier_call_id')
    .limit(limit)
    .execute();
  // A record without the other party's number (withheld) is rated as "not a number": kept, with that reason.
  return rows.map((r) => ({ ...r, other_party: r.other_party ?? '' }));
}

/** Writes the batch's rating columns and outbox rows (bulk, through unnest); returns the outbox rows added. */
async function writeRated(trx: Transaction<Database>, rows: readonly CallRecordToRate[], rated: RatedCallRecords): Promise<number> {
  const { rating, outbox } = rated;
  let first = rows[0]!.started_at;
  let last = first;
  for (const r of rows) {
    if (r.started_at < first) first = r.started_at;
    if (r.started_at > last) last = r.started_at;
  }
  const keys = sql<RatedRow>`(SELECT * FROM unnest(
      ${rows.map((r) => r.carrier)}::text[], ${rows.map((r) => r.carrier_call_id)}::text[], ${rows.map((r) => r.started_at)}::timestamptz[],
      ${rating.rate_class}::text[], ${rating.billable_seconds}::integer[], ${rating.amount_decimal}::numeric[], ${rating.unrated_reason}::text[]
    ) AS u(carrier, carrier_call_id, started_at, rate_class, billable_seconds, amount_decimal, unrated_reason))`;
  await trx
    .updateTable('call_records as c')
    .from(keys.as('r'))
    .set((eb) => ({
      rated_at: rated.rated_at,
      rate_class: eb.ref('r.rate_class'),
      billable_seconds: eb.ref('r.billable_seconds'),
      amount_decimal: eb.ref('r.amount_decimal'),
      unrated_reason: eb.ref('r.unrated_reason'),
    }))
    .whereRef('c.carrier', '=', 'r.carrier')
    .whereRef('c.carrier_call_id', '=', 'r.carrier_call_id')
    .whereRef('c.started_at', '=', 'r.started_at')
    // The batch's time range lets PostgreSQL touch only the partitions it falls in.
    .where('c.started_at', '>=', first)
    .where('c.started_at', '<=', last)
    .where('c.rated_at', 'is', null)
    .execute();
  if (outbox.identifier.length === 0) return 0;
  const result = await trx
    .insertInto('usage_outbox')
    .columns(['identifier', 'account_id', 'event_name', 'value', 'occurred_at'])
    .expression(
      sql`SELECT * FROM unnest(${outbox.identifier}::text[], ${outbox.account_id}::text[], ${outbox.event_name}::text[], ${outbox.value}::bigint[], ${outbox.occurred_at}::timestamptz[])`,
    )
    .onConflict((oc) => oc.column('identifier').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0);
}

/** A rated row as the bulk update reads it. */
interface RatedRow {
  carrier: string;
  carrier_call_id: string;
  started_at: Date;
  rate_class: string | null;
  billable_seconds: number | null;
  amount_decimal: string | null;
  unrated_reason: string | null;
}

/**
 * Where each account's tiered classes stand in their periods: read from the records already rated the first time a
 * run meets a period, then carried from batch to batch (the step's `tallies`). Only accounts whose card has a
 * tiered class are looked up; per-unit classes need no tally.
 */
class PeriodTallies {
  private readonly known = new Map<string, { seconds: number; calls: number }>();
  private readonly loaded = new Set<string>();

  constructor(private readonly cardOf: (accountId: string) => AccountRateCard | undefined) {}

  /** The step's `tallyBefore`. */
  readonly before = (accountId: string, period: BillingPeriod, rateClass: string) => this.known.get(key(accountId, period.start, rateClass));

  /** Reads the tallies of the periods `rows` fall in that this run has not met yet. */
  async load(trx: Transaction<Database>, rows: readonly CallRecordToRate[], periodOf: PeriodOf): Promise<void> {
    const wanted = new Map<string, { accountId: string; period: BillingPeriod; classes: string[] }>();
    for (const row of rows) {
      if (row.account_id === null) continue;
      const classes = tieredClasses(this.cardOf(row.account_id));
      if (classes.length === 0) continue;
      const period = periodOf(row.account_id, row.started_at);
      const id = `${row.account_id}|${period.start.toISOString()}`;
      if (!this.loaded.has(id)) wanted.set(id, { accountId: row.account_id, period, classes });
    }
    for (const [id, { accountId, period, classes }] of wanted) {
      const sums = await trx
        .selectFrom('call_records')
        .select((eb) => [
          'rate_class',
          eb.fn.sum<string>('billable_seconds').as('seconds'),
          eb.fn.countAll<string>().filterWhere('billable_seconds', '>', 0).as('calls'),
        ])
        .where('account_id', '=', accountId)
        .where('started_at', '>=', period.start)
        .where('started_at', '<', period.end)
        .where('rated_at', 'is not', null)
        .where('rate_class', 'in', classes)
        .groupBy('rate_class')
        .execute();
      for (const s of sums) this.known.set(key(accountId, period.start, s.rate_class!), { seconds: Number(s.seconds), calls: Number(s.calls) });
      this.loaded.add(id);
    }
  }

  /** Keeps where a batch left the classes it touched, for the next batch. */
  keep(standing: readonly PeriodClassTally[]): void {
    for (const t of standing) this.known.set(key(t.account_id, t.period_start, t.rate_class), { seconds: t.seconds, calls: t.calls });
  }
}

function key(accountId: string, periodStart: Date, rateClass: string): string {
  return `${accountId}|${periodStart.toISOString()}|${rateClass}`;
}

/** The rate classes of a card whose prices are tiered. */
function tieredClasses(card: AccountRateCard | undefined): string[] {
  return card ? compileRater(card.card).classes.filter((c) => c.tiered).map((c) => c.rateClass) : [];
}
