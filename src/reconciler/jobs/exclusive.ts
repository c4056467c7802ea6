/**
 * One run at a time of a unit of work (a carrier account's ingest, the rating of new records, an account's close)
 * across every replica on a database: a PostgreSQL session advisory lock taken on one connection for the length of
 * the run.
 *
 * Why not graphile-worker's named queues: a process killed while running a job of a named queue leaves the queue
 * locked for graphile-worker's four-hour lock timeout, so a SIGKILLed replica would stop that work for hours. An
 * advisory lock lives as long as its session, so the server frees it the moment the dead process's connection goes.
 * The embedded database serves every connection of its one process from a single session, where advisory locks are
 * shared; an in-process guard per database gives the same exclusion there.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/database';

/** What an exclusive run did: ran (with its result), or found another run of the same key in progress. */
export type ExclusiveRun<T> = { readonly ran: true; readonly value: T } | { readonly ran: false };

/** How to meet a run already in progress. */
export interface ExclusiveOptions {
  /** Wait for it to end and then run (true), or give up at once (false, the default). */
  readonly wait?: boolean;
}

/** Runs in progress in this process, per database object and key. */
const RUNNING = new WeakMap<object, Map<string, Promise<unknown>>>();

/** Runs `run` as the only run of `key` on this database (in any process), waiting for one in progress or not. */
export async function runExclusively<T>(db: Kysely<Database>, key: string, run: () => Promise<T>, options: ExclusiveOptions = {}): Promise<ExclusiveRun<T>> {
  let here = RUNNING.get(db);
  if (!here) RUNNING.set(db, (here = new Map()));
  for (let other = here.get(key); other; other = here.get(key)) {
    if (!options.wait) return { ran: false };
    await other.catch(() => undefined);
  }
  const mine = db.connection().execute(async (connection): Promise<ExclusiveRun<T>> => {
    if (options.wait) {
      await sql`SELECT pg_advisory_lock(hashtextextended(${key}, 0))`.execute(connection);
    } else {
      const { rows } = await sql<{ locked: boolean }>`SELECT pg_try_advisory_lock(hashtextextended(${key}, 0)) AS locked`.execute(connection);
      if (!rows[0]?.locked) return { ran: false };
    }
    try {
      return { ran: true, value: await run() };
    } finally {
      // A connection lost mid-run took the lock with it; nothing is left to release then.
      await sql`SELECT pg_advisory_unlock(hashtextextended(${key}, 0))`.execute(connection).catch(() => undefined);
    }
  });
  here.set(key, mine);
  try {
    return await mine;
  } finally {
    here.delete(key);
  }
}
