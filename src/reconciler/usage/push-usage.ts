/**
 * The Push job's work: the usage outbox drained through the billing port's usage reporting, batch by batch.
 *
 * Exactly once, by construction:
 * - a batch is claimed with `FOR UPDATE SKIP LOCKED` inside a transaction, so concurrent runs (two replicas, a
 *   retry beside a slow run) take disjoint rows and no event is sent by two of them;
 * - `pushed_at` is written in that same transaction only after the provider accepted every event of the batch, so a
 *   crash or a lost connection before the commit leaves the rows pending (the row locks go with the session) and
 *   the next run sends them again;
 * - sending again is harmless: each event carries its deterministic identifier (`didops:<carrier>:<call>:<class>`),
 *   which Stripe counts once however often it arrives.
 * So an event may be SENT twice after a crash, but is never COUNTED twice, and never lost.
 *
 * Per call, not per hour: each answered call reports its own seconds (and its connect), the events the rating step
 * queued. Stripe's meter event stream takes them 100 a request with several requests in flight; a month of 50
 * numbers (~40,000 events) pushes in seconds on the sandbox, so no pre-aggregation (and no second identifier scheme
 * for late calls of an already reported hour) is needed.
 */
import type { Kysely } from 'kysely';
import type { BillingUsage } from '../../billing/usage-port';
import type { Database } from '../db/database';

/** Options of {@link pushUsageOutbox}. */
export interface PushOptions {
  readonly db: Kysely<Database>;
  readonly usage: BillingUsage;
  /** The clock: each batch's `pushed_at`. */
  readonly now: () => Date;
  /** Events per batch and transaction (default 2000). */
  readonly batchSize?: number;
  /** Checked between batches. */
  readonly signal?: AbortSignal;
  /** Told after each committed batch. */
  readonly onBatch?: (batch: { readonly events: number; readonly requests: number }) => void;
}

/** What a run did. */
export interface PushResult {
  /** Events the provider accepted and that are marked pushed. */
  readonly events: number;
  readonly batches: number;
}

/** Pushes every pending outbox row, oldest first, until none is left that another run has not claimed. */
export async function pushUsageOutbox(options: PushOptions): Promise<PushResult> {
  const { db, usage } = options;
  const batchSize = options.batchSize ?? 2000;
  let events = 0;
  let batches = 0;
  for (;;) {
    options.signal?.throwIfAborted();
    const batch = await db.transaction().execute(async (trx) => {
      const rows = await trx
        .selectFrom('usage_outbox')
        .select(['identifier', 'account_id', 'event_name', 'value', 'occurred_at'])
        .where('pushed_at', 'is', null)
        .orderBy('occurred_at')
        .limit(batchSize)
        .forUpdate()
        .skipLocked()
        .execute();
      if (rows.length === 0) return undefined;
      const report = await usage.reportUsage(
        rows.map((r) => ({ eventName: r.event_name, customerId: r.account_id, value: r.value, timestamp: r.occurred_at, identifier: r.identifier })),
      );
      await trx
        .updateTable('usage_outbox')
        .set({ pushed_at: options.now() })
        .where((eb) => eb('identifier', '=', eb.fn.any(eb.val(rows.map((r) => r.identifier)))))
        .execute();
      return { events: rows.length, requests: report.batches };
    });
    if (!batch) return { events, batches };
    events += batch.events;
    batches++;
    options.onBatch?.(batch);
  }
}

/** True when some outbox row waits to be pushed (a run that was killed, or events queued meanwhile). */
export async function hasPendingUsage(db: Kysely<Database>): Promise<boolean> {
  return (await db.selectFrom('usage_outbox').select('identifier').where('pushed_at', 'is', null).limit(1).executeTakeFirst()) !== undefined;
}
