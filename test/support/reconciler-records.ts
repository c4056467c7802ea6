/**
 * Test data for the reconciler's jobs that read call records: accounts, their numbers, and call records inserted as
 * ingest and rating would have left them (the rating job's columns filled directly), plus a job context to run a job
 * kind's `run` in-process against a running reconciler.
 */
import type { Kysely } from 'kysely';
import { reconcilerConfigSchema, type ReconcilerConfigInput } from '../../src/reconciler/config/schema';
import type { ReconcilerDatabase } from '../../src/reconciler/db/connect';
import { createReconcilerLogger } from '../../src/reconciler/logger';
import { createReconcilerMetrics } from '../../src/reconciler/metrics';
import type { RunningReconciler } from '../../src/reconciler/service';
import type { Database } from '../../src/reconciler/db/database';
import { ensureMonthPartitions } from '../../src/reconciler/db/partitions';
import type { JobContext } from '../../src/reconciler/jobs/job';

/** Two tenants and their numbers, the cast of the reconciler's stories. */
export const ACME = 'cus_Acme';
export const BOLT = 'cus_Bolt';
export const ACME_SALES = '+14155550101';
export const ACME_SUPPORT = '+14155550102';
export const BOLT_MAIN = '+14155550201';

/** Seeds {@link ACME} (USD, sales and support lines) and {@link BOLT} (EUR, one line). */
export async function insertAcmeAndBolt(db: Kysely<Database>): Promise<void> {
  await insertAccount(db, ACME, [ACME_SALES, ACME_SUPPORT]);
  await insertAccount(db, BOLT, [BOLT_MAIN], 'EUR');
}

/** Registers an account (tenant) with its numbers, owned from 2020 on. */
export async function insertAccount(db: Kysely<Database>, id: string, numbers: readonly string[] = [], currency = 'USD'): Promise<void> {
  await db.insertInto('accounts').values({ id, name: `Account ${id}`, rate_card_key: 'standard', currency }).execute();
  for (const e164 of numbers) {
    await db.insertInto('account_numbers').values({ e164, account_id: id, carrier: 'twilio', valid_from: '2020-01-01T00:00:00Z' }).execute();
  }
}

/** A call as a test states it; everything else gets a plausible default. */
export interface TestCall {
  readonly id: string;
  readonly startedAt: string;
  readonly from: string;
  readonly to: string;
  readonly direction?: 'inbound' | 'outbound';
  /** The billed account; null for a call no owned number matched. */
  readonly account: string | null;
  /** Our number in the call (default: `to` of inbound, `from` of outbound; null without an account). */
  readonly number?: string | null;
  readonly durationSeconds?: number;
  /** Billable seconds after rating (default: the duration rounded up to a minute). */
  readonly billableSeconds?: number;
  /** Exact amount in minor units (default: 1.5 per billable minute). */
  readonly amount?: string;
  /** False leaves the call unrated; 'no-rate' rates it as unratable (unrated_reason set). */
  readonly rated?: boolean | 'no-rate';
  readonly callerRegion?: string;
  readonly calleeRegion?: string;
}

/** Inserts the calls (making their month partitions first, as ingest does). */
export async function insertCalls(db: Kysely<Database>, calls: readonly TestCall[]): Promise<void> {
  const times = calls.map((c) => new Date(c.startedAt).getTime());
  await ensureMonthPartitions(db, new Date(Math.min(...times)), new Date(Math.max(...times)));
  await db
    .insertInto('call_records')
    .values(
      calls.map((c) => {
        const direction = c.direction ?? 'inbound';
        const duration = c.durationSeconds ?? 90;
        const ours = c.account === null ? null : (c.number ?? (direction === 'inbound' ? c.to : c.from));
        const billable = c.billableSeconds ?? Math.ceil(duration / 60) * 60;
        const rated = c.rated ?? true;
        return {
          carrier: 'twilio',
          carrier_call_id: c.id,
          started_at: c.startedAt,
          from_e164: c.from,
          to_e164: c.to,
          direction,
          duration_seconds: duration,
          status: 'completed',
          account_id: c.account,
          number_e164: ours,
          other_party: ours === null ? null : ours === c.to ? c.from : c.to,
          caller_country: c.from.startsWith('+44') ? 'GB' : 'US',
          caller_region: c.callerRegion ?? null,
          callee_country: c.to.startsWith('+44') ? 'GB' : 'US',
          callee_region: c.calleeRegion ?? null,
          rated_at: rated === false ? null : c.startedAt,
          rate_class: rated === true ? 'standard' : null,
          billable_seconds: rated === true ? billable : null,
          amount_decimal: rated === true ? (c.amount ?? String((billable / 60) * 1.5)) : null,
          unrated_reason: rated === 'no-rate' ? 'no-rate' : null,
        };
      }),
    )
    .execute();
}

/** What a job's `run` is given when a running reconciler's queue runs it, for calling `run` directly in a test. */
export function jobContextOf(reconciler: RunningReconciler): JobContext {
  return {
    ...reconciler.context,
    logger: reconciler.context.logger.child({ test: true }),
    signal: new AbortController().signal,
    addJob: (name, payload, options) => {
      if (!reconciler.queue) throw new Error('this reconciler runs no queue');
      return reconciler.queue.addJob(name, payload, options);
    },
  };
}

/** A job context on an open database without a service or queue (jobs that queue nothing), with `config` over the defaults. */
export function jobContextOn(database: ReconcilerDatabase, now: () => Date, config: ReconcilerConfigInput = {}): JobContext {
  return {
    config: reconcilerConfigSchema.parse({ logLevel: 'silent', ...config }),
    database,
    db: database.db,
    logger: createReconcilerLogger('silent'),
    metrics: createReconcilerMetrics(),
    now,
    signal: new AbortController().signal,
    addJob: () => Promise.reject(new Error('this test context runs no queue')),
  };
}
