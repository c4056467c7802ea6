/**
 * Opens the reconciler's database: the PostgreSQL server DATABASE_URL names, or the embedded PGlite database in
 * `<dataDir>/pg` served on a loopback port from a worker thread (embedded.ts). Either way the rest of the reconciler gets the same
 * things: a pg Pool (for the job queue), a kysely instance over it, and one `close()`.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { Kysely, PostgresDialect } from 'kysely';
import { Pool, types, type PoolConfig } from 'pg';
import type { ReconcilerConfig } from '../config/schema';
import { redactDatabaseUrl } from '../config/redact';
import { lockDataDir } from './data-dir-lock';
import type { Database } from './database';
import { startEmbeddedDatabase, type EmbeddedDatabase } from './embedded';

/** Which kind of database the reconciler runs on. */
export type DatabaseBackend = 'postgres' | 'embedded';

/** An open database. */
export interface ReconcilerDatabase {
  readonly backend: DatabaseBackend;
  /** The pg pool everything shares (graphile-worker takes it as is). */
  readonly pool: Pool;
  /** Typed queries over {@link pool}. */
  readonly db: Kysely<Database>;
  /** Where it is, without the password: for logs and `/readyz`. */
  readonly description: string;
  /** A connection string for this database (the embedded one's loopback port), e.g. for a second in-process runner. */
  readonly connectionString: string;
  /** True when a trivial query answers. */
  ping(): Promise<boolean>;
  /** Closes the pool, then (embedded) the server and PGlite, releasing the data directory. */
  close(): Promise<void>;
}

/** Options of {@link openReconcilerDatabase}. */
export interface OpenDatabaseOptions {
  /** Connections in the pool (default 10). */
  readonly poolSize?: number;
  /** Told about errors of idle connections (a PostgreSQL restart); the pool replaces them on the next query. */
  readonly onIdleError?: (err: Error) => void;
}

const INT8_OID = 20;

/**
 * Counts and minor-unit amounts (bigint) come back as JavaScript numbers: exact below 2^53, which money in minor
 * units and row counts never reach. `numeric` stays a string, so exact decimals stay exact.
 */
const poolTypes = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID && format !== 'binary' ? (value: string) => Number(value) : types.getTypeParser(oid, format as 'text')) as typeof types.getTypeParser,
};

/** Opens the database the configuration names. */
export async function openReconcilerDatabase(
  config: Pick<ReconcilerConfig, 'databaseUrl' | 'dataDir'>,
  options: OpenDatabaseOptions = {},
): Promise<ReconcilerDatabase> {
  if (config.databaseUrl) {
    const pool = newPool({ connectionString: config.databaseUrl }, options);
    return assemble('postgres', pool, redactDatabaseUrl(config.databaseUrl), config.databaseUrl, async () => undefined);
  }
  const dir = resolve(config.dataDir, 'pg');
  mkdirSync(dir, { recursive: true });
  const unlock = lockDataDir(resolve(config.dataDir));
  let embedded: EmbeddedDatabase;
  try {
    embedded = await startEmbeddedDatabase(dir);
  } catch (err) {
    unlock();
    throw err;
  }
  const url = `postgres://postgres@${embedded.host}:${embedded.port}/postgres`;
  const pool = newPool({ host: embedded.host, port: embedded.port, user: 'postgres', database: 'postgres' }, options);
  return assemble('embedded', pool, `embedded PGlite in ${dir}`, url, async () => {
    await embedded.stop();
    unlock();
  });
}

function newPool(config: PoolConfig, options: OpenDatabaseOptions): Pool {
  const pool = new Pool({ max: options.poolSize ?? 10, ...config, types: poolTypes });
  // Without a listener an idle connection's error (the server restarting) would crash the process.
  pool.on('error', (err) => options.onIdleError?.(err));
  // The same for a checked-out client's socket (graphile-worker's LISTEN connection holds one for good).
  pool.on('connect', (client) => client.on('error', (err) => options.onIdleError?.(err)));
  return pool;
}

function assemble(backend: DatabaseBackend, pool: Pool, description: string, connectionString: string, after: () => Promise<void>): ReconcilerDatabase {
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  let closing: Promise<void> | undefined;
  return {
    backend,
    pool,
    db,
    description,
    connectionString,
    async ping() {
      try {
        await pool.query('SELECT 1');
        return true;
      } catch {
        return false;
      }
    },
    close() {
      // kysely's destroy ends the pool it was given.
      closing ??= db.destroy().then(after);
      return closing;
    },
  };
}
