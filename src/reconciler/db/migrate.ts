/** Applies the reconciler's migrations with kysely's Migrator (it takes a lock, so two processes starting at once are safe). */
import { Migrator, type Kysely, type Migration } from 'kysely';
import { DidopsError } from '../../core/errors';
import type { Database } from './database';
import { MIGRATIONS } from './migrations';

/** The tables kysely keeps its bookkeeping in. */
const MIGRATION_TABLE = 'reconciler_migration';
const MIGRATION_LOCK_TABLE = 'reconciler_migration_lock';

function migrator(db: Kysely<Database>, migrations: Readonly<Record<string, Migration>>): Migrator {
  return new Migrator({
    db,
    provider: { getMigrations: async () => ({ ...migrations }) },
    migrationTableName: MIGRATION_TABLE,
    migrationLockTableName: MIGRATION_LOCK_TABLE,
  });
}

/** Applies every pending migration; returns the names applied now (empty when the schema was current). */
export async function migrateToLatest(db: Kysely<Database>, migrations = MIGRATIONS): Promise<string[]> {
  const { error, results } = await migrator(db, migrations).migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error) {
    throw new DidopsError({
      summary: `migration ${failed ? `"${failed.migrationName}" ` : ''}failed: ${(error as Error).message ?? String(error)}`,
      detail: 'the schema is unchanged from the last migration that succeeded; fix the cause and run `didops reconciler migrate` again',
      cause: error,
    });
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** Names of migrations not applied yet (`/readyz` is not ready while any are). */
export async function pendingMigrations(db: Kysely<Database>, migrations = MIGRATIONS): Promise<string[]> {
  const all = await migrator(db, migrations).getMigrations();
  return all.filter((m) => m.executedAt === undefined).map((m) => m.name);
}
