/**
 * The record of retention runs: every run (scheduled expiry, export, erasure) writes one `retention_runs` row and one
 * `audit_log` row in the transaction that did the work, so a run that happened is always on record and a run on
 * record always happened. Neither row holds the person's number: the subject is its pseudonym.
 */
import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../db/database';
import type { RetentionRunKind, RetentionRunsTable } from '../db/tables/retention';

export type { RetentionRunKind };

/** Who runs a retention operation, from where, and when. */
export interface RetentionActor {
  /** `job:retention`, `cli:<user>`, `api_key:<id>`. */
  readonly actor: string;
  /** The client's address, or `local` (the default) for jobs and the CLI. */
  readonly source?: string;
  /** The operation's instant (the job's clock). */
  readonly now: Date;
}

/** One retention run as the API lists it. */
export interface RetentionRun {
  readonly id: number;
  readonly kind: RetentionRunKind;
  readonly actor: string;
  /** The person's pseudonym for export and erase. */
  readonly subject: string | null;
  /** The request's reference (a ticket number), when given. */
  readonly reference: string | null;
  /** For expiry: records before the month of this instant were dropped. */
  readonly cutoff: Date | null;
  readonly started_at: Date;
  readonly finished_at: Date;
  readonly counts: Readonly<Record<string, unknown>>;
}

/** What {@link recordRetentionRun} writes. */
export interface RetentionRunRecord {
  readonly kind: RetentionRunKind;
  readonly by: RetentionActor;
  readonly subject?: string;
  readonly reference?: string;
  readonly cutoff?: Date;
  readonly startedAt: Date;
  readonly counts: Readonly<Record<string, unknown>>;
}

const AUDIT_ACTIONS: Readonly<Record<RetentionRunKind, string>> = {
  expire: 'call_records.expire',
  export: 'personal_data.export',
  erase: 'personal_data.erase',
};

/** Writes the run's row and its audit_log row; call it inside the transaction that did the work. */
export async function recordRetentionRun(trx: Kysely<Database>, run: RetentionRunRecord): Promise<RetentionRun> {
  const row = await trx
    .insertInto('retention_runs')
    .values({
      kind: run.kind,
      actor: run.by.actor,
      subject: run.subject ?? null,
      reference: run.reference ?? null,
      cutoff: run.cutoff ?? null,
      started_at: run.startedAt,
      finished_at: run.by.now,
      counts: JSON.stringify(run.counts),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await trx
    .insertInto('audit_log')
    .values({
      at: run.by.now,
      actor: run.by.actor,
      action: AUDIT_ACTIONS[run.kind],
      target: run.subject ? `person:${run.subject}` : 'call_records',
      source: run.by.source ?? 'local',
      detail: JSON.stringify({ retention_run: row.id, counts: run.counts, ...(run.reference ? { reference: run.reference } : {}), ...(run.cutoff ? { cutoff: run.cutoff.toISOString() } : {}) }),
    })
    .execute();
  return runOf(row);
}

/** Retention runs, newest first (optionally of one kind). */
export async function listRetentionRuns(db: Kysely<Database>, options: { readonly kind?: RetentionRunKind; readonly limit?: number } = {}): Promise<RetentionRun[]> {
  const rows = await db
    .selectFrom('retention_runs')
    .selectAll()
    .$if(options.kind !== undefined, (q) => q.where('kind', '=', options.kind!))
    .orderBy('id', 'desc')
    .limit(Math.min(Math.max(options.limit ?? 50, 1), 500))
    .execute();
  return rows.map(runOf);
}

function runOf(row: Selectable<RetentionRunsTable>): RetentionRun {
  return {
    id: row.id,
    kind: row.kind,
    actor: row.actor,
    subject: row.subject,
    reference: row.reference,
    cutoff: row.cutoff,
    started_at: row.started_at,
    finished_at: row.finished_at,
    counts: row.counts,
  };
}
