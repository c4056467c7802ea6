/**
 * Where a query's answer comes from: rollup rows for the whole UTC hours or days inside its range that no change has
 * touched since they were rolled up, and the records themselves for the rest (the partial unit at either end of the
 * range, and every dirty unit, such as the hour still filling up). Read in one snapshot, the two never overlap and
 * never miss a committed call, whenever the rollup job last ran.
 */
import { sql, type Expression, type Kysely, type SqlBool } from 'kysely';
import type { Database } from '../db/database';
import { mergeIntervals, type Interval } from './record-aggregates';

const UNIT_MS = { hour: 3_600_000, day: 86_400_000 } as const;

/** The rollup granularity a plan is for. */
export type RollupUnit = keyof typeof UNIT_MS;

/** Which part of a range comes from rollups and which from records. */
export interface RangePlan {
  /** Units starting in [from, to) are read from the rollup, except the `dirty` ones; undefined when the range holds no whole unit. */
  readonly rollup: { readonly from: Date; readonly to: Date; readonly dirty: readonly Date[] } | undefined;
  /** Read from call_records. */
  readonly records: readonly Interval[];
}

function floorTo(at: Date, unit: RollupUnit): Date {
  return new Date(Math.floor(at.getTime() / UNIT_MS[unit]) * UNIT_MS[unit]);
}

function ceilTo(at: Date, unit: RollupUnit): Date {
  return new Date(Math.ceil(at.getTime() / UNIT_MS[unit]) * UNIT_MS[unit]);
}

/** Plans [from, to) over rollups of `unit` (reads the dirty hours inside it: call within the read transaction). */
export async function planRange(db: Kysely<Database>, range: Interval, unit: RollupUnit): Promise<RangePlan> {
  const from = ceilTo(range.from, unit);
  const to = floorTo(range.to, unit);
  if (from >= to) return { rollup: undefined, records: [range] };
  const marked = await db.selectFrom('usage_dirty_hours').select('hour').where('hour', '>=', from).where('hour', '<', to).execute();
  const dirty = [...new Set(marked.map((m) => floorTo(m.hour, unit).getTime()))].sort((a, b) => a - b).map((t) => new Date(t));
  const records = mergeIntervals([
    { from: range.from, to: from },
    { from: to, to: range.to },
    ...dirty.map((d) => ({ from: d, to: new Date(d.getTime() + UNIT_MS[unit]) })),
  ]);
  return { rollup: { from, to, dirty }, records };
}

/** True for a rollup row's unit that the plan reads from the rollup. */
export function inRollup(unit: Expression<Date>, rollup: NonNullable<RangePlan['rollup']>): Expression<SqlBool> {
  const clean = rollup.dirty.length === 0 ? sql`true` : sql`NOT (${unit} = ANY(${rollup.dirty.map((d) => d.toISOString())}::timestamptz[]))`;
  return sql<SqlBool>`(${unit} >= ${rollup.from} AND ${unit} < ${rollup.to} AND ${clean})`;
}

/**
 * Runs reads in one REPEATABLE READ snapshot, so the dirty hours a plan saw and the rollups and records it reads
 * belong to the same moment.
 */
export function readConsistently<T>(db: Kysely<Database>, read: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
  return db.transaction().setIsolationLevel('repeatable read').setAccessMode('read only').execute(read);
}
