/** A fresh PostgreSQL database per test file with the auth migration applied (until the foundation's helper lands). */
import { randomBytes } from 'node:crypto';
import { Kysely, Migrator, PostgresDialect, sql } from 'kysely';
import { Pool } from 'pg';
import * as auth from '../../src/reconciler/db/migrations/0004-auth';
import type { AuthTables } from '../../src/reconciler/db/tables/auth';

const SERVER = 'postgres://postgres@127.0.0.1:5432';

/** A migrated database; `close()` drops it. */
export interface AuthTestDatabase {
  readonly db: Kysely<AuthTables>;
  readonly name: string;
  close(): Promise<void>;
}

/** Creates `didops_test_<random>`, migrates it and returns a kysely handle. */
export async function createAuthTestDatabase(): Promise<AuthTestDatabase> {
  const name = `didops_test_${randomBytes(6).toString('hex')}`;
  const admin = new Pool({ connectionString: `${SERVER}/test`, max: 1 });
  await admin.query(`create database ${name}`);
  const db = new Kysely<AuthTables>({ dialect: new PostgresDialect({ pool: new Pool({ connectionString: `${SERVER}/${name}`, max: 4 }) }) });
  const migrator = new Migrator({ db, provider: { getMigrations: async () => ({ '0004-auth': auth }) } });
  const { error } = await migrator.migrateToLatest();
  if (error) throw error;
  return {
    db,
    name,
    async close() {
      await db.destroy();
      await admin.query(sql`drop database if exists ${sql.id(name)} with (force)`.compile(db).sql);
      await admin.end();
    },
  };
}
