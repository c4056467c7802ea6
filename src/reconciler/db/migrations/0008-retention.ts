/** The record of retention runs: scheduled expiry of old call records, and GDPR exports and erasures. */
import { sql, type Kysely, type Migration } from 'kysely';

/** Creates `retention_runs`. */
export const retentionMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('retention_runs')
      .addColumn('id', 'bigint', (c) => c.generatedAlwaysAsIdentity().primaryKey())
      .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind IN ('expire', 'export', 'erase')`))
      .addColumn('actor', 'text', (c) => c.notNull())
      .addColumn('subject', 'text')
      .addColumn('reference', 'text')
      .addColumn('cutoff', 'timestamptz')
      .addColumn('started_at', 'timestamptz', (c) => c.notNull())
      .addColumn('finished_at', 'timestamptz', (c) => c.notNull())
      .addColumn('counts', 'jsonb', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('retention_runs_started').on('retention_runs').column('started_at').execute();
  },
};
