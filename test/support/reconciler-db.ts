/**
 * Reconciler databases for tests: a fresh one per test file on either backend — `CREATE DATABASE
 * didops_test_<random>` on the shared PostgreSQL at 127.0.0.1:5432 (dropped after), or an embedded PGlite in a
 * temporary directory — and the reconciler started in-process on it.
 *
 *   describe.each(RECONCILER_BACKENDS)('on %s', (backend) => {
 *     const fresh = useReconcilerDatabase(backend);          // beforeAll/afterAll inside
 *     it('…', async () => { const r = await startTestReconciler(fresh.target()); … await r.stop(); });
 *   });
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ReconcilerConfigInput } from '../../src/reconciler/config/schema';
import { openReconcilerDatabase, type DatabaseBackend, type ReconcilerDatabase } from '../../src/reconciler/db/connect';
import { migrateToLatest } from '../../src/reconciler/db/migrate';
import { runOnServer } from '../../src/reconciler/db/server-statement';
import { startReconciler, type RunningReconciler, type StartOptions } from '../../src/reconciler/service';

/** Both backends, for `describe.each` where the issue asks for tests on the real PostgreSQL and the embedded default. */
export const RECONCILER_BACKENDS: readonly DatabaseBackend[] = ['postgres', 'embedded'];

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

/** Registers beforeAll/afterAll that create a fresh database for the enclosing describe and drop it after. */
export function useReconcilerDatabase(backend: DatabaseBackend): { target(): TestDatabaseTarget } {
  let created: (TestDatabaseTarget & { drop(): Promise<void> }) | undefined;
  beforeAll(async () => {
    created = await createTestDatabase(backend);
  });
  afterAll(async () => {
    await created?.drop();
  });
  return {
    target() {
      if (!created) throw new Error('useReconcilerDatabase: the database exists only inside tests (after beforeAll)');
      return created;
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

/** A configuration for the target: a free port, no logs, quick polling; `overrides` on top. */
export function testReconcilerConfig(target: TestDatabaseTarget, overrides: Partial<ReconcilerConfigInput> = {}): ReconcilerConfigInput {
  return {
    port: 0,
    logLevel: 'silent',
    dataDir: target.dataDir,
    ...(target.databaseUrl ? { databaseUrl: target.databaseUrl } : {}),
    ...overrides,
    jobs: { pollIntervalMs: 100, ...overrides.jobs },
  };
}

/** Starts the reconciler in-process on the target; call `stop()` at the end of the test. */
export function startTestReconciler(target: TestDatabaseTarget, overrides: Partial<ReconcilerConfigInput> = {}, options: StartOptions = {}): Promise<RunningReconciler> {
  return startReconciler(testReconcilerConfig(target, overrides), options);
}

function maintenance(statement: string): Promise<void> {
  return runOnServer(TEST_POSTGRES_URL, statement);
}
