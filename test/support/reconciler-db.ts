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
import type { ReconcilerConfigInput } from '../../src/reconciler/config/schema';
import type { DatabaseBackend } from '../../src/reconciler/db/connect';
import { startReconciler, type RunningReconciler, type StartOptions } from '../../src/reconciler/service';
import { createTestDatabase, type TestDatabaseTarget } from './reconciler-database';

export { createTestDatabase, openMigratedDatabase, TEST_POSTGRES_URL, type TestDatabaseTarget } from './reconciler-database';

/** Both backends, for `describe.each` where the issue asks for tests on the real PostgreSQL and the embedded default. */
export const RECONCILER_BACKENDS: readonly DatabaseBackend[] = ['postgres', 'embedded'];

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
