/**
 * Monthly partitions of `call_records`: created ahead (the `partitions` job, service start) and on demand (ingest,
 * before a batch's transaction), dropped whole by retention, which is why old records cost nothing to delete.
 *
 * A partition covers one UTC calendar month and is named `call_records_YYYY_MM`. There is no DEFAULT partition: a
 * row for a month nobody created fails loudly instead of landing where a later CREATE would refuse to split it.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from './database';

/** The partitioned table. */
export const CALL_RECORDS_TABLE = 'call_records';

/** First instant of the UTC month containing `at`. */
export function monthStart(at: Date): Date {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), 1));
}

/** First instant of the month `months` after the one containing `at` (negative goes back). */
export function addMonths(at: Date, months: number): Date {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + months, 1));
}

/** `call_records_2025_03` for any instant in March 2025 (UTC). */
export function partitionName(at: Date): string {
  return `${CALL_RECORDS_TABLE}_${at.getUTCFullYear()}_${String(at.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** A month partition as the catalogue has it. */
export interface MonthPartition {
  readonly name: string;
  /** First instant of its month. */
  readonly from: Date;
}

/** The month partitions that exist, oldest first. */
export async function listMonthPartitions(db: Kysely<Database>): Promise<MonthPartition[]> {
  const { rows } = await sql<{ name: string }>`
    SELECT c.relname AS name FROM pg_inherits i
      JOIN pg_class c ON c.oid = i.inhrelid
      JOIN pg_class p ON p.oid = i.inhparent
    WHERE p.relname = ${CALL_RECORDS_TABLE} AND p.relnamespace = to_regnamespace(current_schema())::oid
    ORDER BY c.relname`.execute(db);
  return rows.flatMap(({ name }) => {
    const match = /_(\d{4})_(\d{2})$/.exec(name);
    return match ? [{ name, from: new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, 1)) }] : [];
  });
}

/**
 * Makes sure every month from `from` to `to` (both included) has its partition; returns the names created now.
 * Safe to call from several processes at once. Call it outside a transaction that must not fail: a lost creation race
 * is an error inside PostgreSQL even though the partition then exists.
 */
export async function ensureMonthPartitions(db: Kysely<Database>, from: Date, to: Date): Promise<string[]> {
  const months: Date[] = [];
  for (let m = monthStart(from); m <= to; m = addMonths(m, 1)) months.push(m);
  if (months.length === 0) return [];
  const names = months.map(partitionName);
  const { rows } = await sql<{ name: string }>`SELECT relname AS name FROM pg_class
    WHERE relname = ANY(${names}) AND relnamespace = to_regnamespace(current_schema())::oid`.execute(db);
  const existing = new Set(rows.map((r) => r.name));
  const created: string[] = [];
  for (const month of months) {
    const name = partitionName(month);
    if (existing.has(name)) continue;
    try {
      await sql`CREATE TABLE IF NOT EXISTS ${sql.id(name)} PARTITION OF ${sql.id(CALL_RECORDS_TABLE)}
        FOR VALUES FROM (${sql.lit(month.toISOString())}) TO (${sql.lit(addMonths(month, 1).toISOString())})`.execute(db);
      created.push(name);
    } catch (err) {
      // Another process created it between our look and our CREATE: what we wanted exists.
      if (!['42P07', '23505'].includes((err as { code?: string }).code ?? '')) throw err;
    }
  }
  return created;
}

/** The partitions to have from now on: this month, the one before (late records) and `ahead` months after. */
export async function ensureCurrentPartitions(db: Kysely<Database>, now: Date, ahead = 2): Promise<string[]> {
  return ensureMonthPartitions(db, addMonths(now, -1), addMonths(now, ahead));
}

/** Drops every partition whose whole month lies before the month of `cutoff`; returns the names dropped. */
export async function dropPartitionsBefore(db: Kysely<Database>, cutoff: Date): Promise<string[]> {
  const limit = monthStart(cutoff);
  const dropped: string[] = [];
  for (const partition of await listMonthPartitions(db)) {
    if (partition.from >= limit) continue;
    await sql`DROP TABLE IF EXISTS ${sql.id(partition.name)}`.execute(db);
    dropped.push(partition.name);
  }
  return dropped;
}
