/** Kysely types of the retention area (migrations/0008-retention.ts). */
import type { ColumnType, Generated } from 'kysely';

/** What a retention run did: expired old call records, exported a person's data, or erased it. */
export type RetentionRunKind = 'expire' | 'export' | 'erase';

/** One run of retention (scheduled expiry, GDPR export, GDPR erasure), written with its audit_log row. */
export interface RetentionRunsTable {
  id: Generated<number>;
  kind: RetentionRunKind;
  /** Who asked: `job:retention`, `cli:<user>`, `api_key:<id>`. */
  actor: string;
  /** For export and erase: the person's pseudonym (`anon:…`), never the number itself. */
  subject: string | null;
  /** The caller's reference for a person's request (a ticket number), when given. */
  reference: string | null;
  /** For expiry: records that started before the month of this instant were dropped. */
  cutoff: ColumnType<Date | null, Date | string | null | undefined, never>;
  started_at: ColumnType<Date, Date | string, never>;
  finished_at: ColumnType<Date, Date | string, never>;
  /** What was done, as counts (`{ "partitions": 2, "records": 18234 }`). */
  counts: ColumnType<Record<string, unknown>, string, never>;
}

/** The retention area's tables. */
export interface RetentionTables {
  retention_runs: RetentionRunsTable;
}
