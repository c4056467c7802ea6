/**
 * Fresh reconciler databases without jest: `CREATE DATABASE didops_test_<random>` on the shared PostgreSQL at
 * 127.0.0.1:5432 (or a temporary directory for the embedded one), dropped after, and opened migrated. Tests use them
 * through reconciler-db.ts; benchmarks, which are compiled without jest's globals, import this file directly.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runOnServer } from '../../src/reconciler/db/server-statement';
import { openReconcilerDatabase, type DatabaseBackend, type ReconcilerDatabase } from '../../src/reconciler/db/connect';
import { migrateToLatest } from '../../src/reconciler/db/migrate';

/** The shared server's maintenance connection (trust auth); override with DIDOPS_TEST_POSTGRES_URL. */
export const TEST_POSTGRES_URL = process.env.DIDOPS_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Where a test's database is: the config fields that select it. */
export interface TestDatabaseTarget {
  readonly backend: DatabaseBackend;
  /** Set for `postgres`: the fresh database's URL. */
  readonly databaseUrl?: string;
  /** A temporary directory (the embedded database lives in `<dataDir>/pg`). */
  readonly dataDir: string;
}

/** Creates a fresh, empty database; `drop` removes it (PostgreSQL: `DROP DATABASE … WITH (FORCE)`). */
export async function createTestDatabase(backend: DatabaseBackend): Promise<TestDatabaseTarget & { drop(): Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'didops-reconciler-'));
  const removeDir = () => rmSync(dataDir, { recursive: true, force: true });
  if (backend === 'embedded') return { backend, dataDir, drop: async () => removeDir() };
  const name = `didops_test_${randomBytes(6).toString('hex')}`;
  await maintenance(`CREATE DATABASE ${name}`);
  const url = new URL(TEST_POSTGRES_URL);
  url.pathname = `/${name}`;
  return {
    backend,
    dataDir,
    databaseUrl: url.toString(),
    async drop() {
      await maintenance(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      removeDir();
    },
  };
}

/** Opens the target's database and applies the migrations: for tests of db helpers and jobs without the service. */
export async function openMigratedDatabase(target: TestDatabaseTarget): Promise<ReconcilerDatabase> {
  const database = await openReconcilerDatabase({ dataDir: target.dataDir, ...(target.databaseUrl ? { databaseUrl: target.databaseUrl } : {}) });
  try {
    await migrateToLatest(database.db);
  } catch (err) {
    await database.close();
    throw err;
  }
  return database;
}

function maintenance(statement: string): Promise<void> {
  return runOnServer(TEST_POSTGRES_URL, statement);
}
