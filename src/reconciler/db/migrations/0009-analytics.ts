/**
 * Analytics: rollups of call_records per UTC hour and day (analytics/rollup.ts fills them), the dirty-hours log that
 * keeps them exact, and the call_records index the call log pages by.
 *
 * Why a log written by triggers rather than a watermark over `ingested_at`/`rated_at`: a transaction that started
 * before the watermark can commit after it (its rows would be skipped for good), `rated_at` comes from the jobs'
 * injected clock, and deletes (GDPR erasure) leave no timestamp at all. A statement trigger records the hours a
 * statement touched in the same transaction as the change, so a rollup can never miss a committed change.
 */
import { sql, type Kysely, type Migration } from 'kysely';

/** Creates the rollup tables, the dirty-hours log with its triggers, and call_records' time index. */
export const analyticsMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    // Time-ordered scans for the call log and for reading a dirty hour's records across every account. An index on
    // the partitioned parent is created on every partition, present and future.
    await db.schema.createIndex('call_records_started').on('call_records').column('started_at').execute();

    await db.schema
      .createTable('usage_hourly')
      .addColumn('account_id', 'text')
      .addColumn('hour', 'timestamptz', (c) => c.notNull())
      .addColumn('direction', 'text', (c) => c.notNull())
      .addColumn('calls', 'bigint', (c) => c.notNull())
      .addColumn('answered_calls', 'bigint', (c) => c.notNull())
      .addColumn('duration_seconds', 'bigint', (c) => c.notNull())
      .addColumn('billable_seconds', 'bigint', (c) => c.notNull())
      .addColumn('rated_calls', 'bigint', (c) => c.notNull())
      .addColumn('unrated_calls', 'bigint', (c) => c.notNull())
      .addColumn('amount', 'numeric', (c) => c.notNull())
      .execute();
    // Null accounts (unattributed calls) are one group, as GROUP BY makes them.
    await db.schema.createIndex('usage_hourly_key').on('usage_hourly').columns(['account_id', 'hour', 'direction']).unique().nullsNotDistinct().execute();
    await db.schema.createIndex('usage_hourly_hour').on('usage_hourly').column('hour').execute();

    await db.schema
      .createTable('usage_daily_numbers')
      .addColumn('account_id', 'text')
      .addColumn('number_e164', 'text')
      .addColumn('day', 'timestamptz', (c) => c.notNull())
      .addColumn('direction', 'text', (c) => c.notNull())
      .addColumn('calls', 'bigint', (c) => c.notNull())
      .addColumn('answered_calls', 'bigint', (c) => c.notNull())
      .addColumn('duration_seconds', 'bigint', (c) => c.notNull())
      .addColumn('billable_seconds', 'bigint', (c) => c.notNull())
      .addColumn('amount', 'numeric', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('usage_daily_numbers_key').on('usage_daily_numbers').columns(['number_e164', 'day', 'direction', 'account_id']).unique().nullsNotDistinct().execute();
    await db.schema.createIndex('usage_daily_numbers_account').on('usage_daily_numbers').columns(['account_id', 'day']).execute();
    await db.schema.createIndex('usage_daily_numbers_day').on('usage_daily_numbers').column('day').execute();

    await db.schema
      .createTable('usage_daily_durations')
      .addColumn('account_id', 'text')
      .addColumn('day', 'timestamptz', (c) => c.notNull())
      .addColumn('direction', 'text', (c) => c.notNull())
      .addColumn('calls', 'bigint', (c) => c.notNull())
      .addColumn('answered_calls', 'bigint', (c) => c.notNull())
      .addColumn('duration_seconds', 'bigint', (c) => c.notNull())
      .addColumn('bucket_indexes', sql`smallint[]`, (c) => c.notNull())
      .addColumn('bucket_counts', sql`integer[]`, (c) => c.notNull())
      .addColumn('max_duration_seconds', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('usage_daily_durations_key').on('usage_daily_durations').columns(['account_id', 'day', 'direction']).unique().nullsNotDistinct().execute();
    await db.schema.createIndex('usage_daily_durations_day').on('usage_daily_durations').column('day').execute();

    await db.schema
      .createTable('usage_daily_places')
      .addColumn('account_id', 'text')
      .addColumn('day', 'timestamptz', (c) => c.notNull())
      .addColumn('direction', 'text', (c) => c.notNull())
      .addColumn('country', 'text')
      .addColumn('region', 'text')
      .addColumn('calls', 'bigint', (c) => c.notNull())
      .addColumn('answered_calls', 'bigint', (c) => c.notNull())
      .addColumn('duration_seconds', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('usage_daily_places_key').on('usage_daily_places').columns(['account_id', 'day', 'direction', 'country', 'region']).unique().nullsNotDistinct().execute();
    await db.schema.createIndex('usage_daily_places_day').on('usage_daily_places').column('day').execute();

    await db.schema
      .createTable('usage_dirty_hours')
      .addColumn('hour', 'timestamptz', (c) => c.primaryKey())
      .addColumn('marked_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .execute();

    // DO UPDATE (not DO NOTHING) takes the row lock: the rollup job skips an hour a running transaction is marking
    // (SKIP LOCKED), and a marking that meets an hour the job holds waits for it and marks the hour again after. Hours
    // are marked in order, so two writers cannot deadlock over them within one statement. Explicit 'UTC': truncation
    // in the session's zone would cut half hours in India.
    await sql`CREATE FUNCTION usage_mark_dirty_hours() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          INSERT INTO usage_dirty_hours (hour)
            SELECT DISTINCT date_trunc('hour', started_at, 'UTC') FROM new_rows ORDER BY 1
            ON CONFLICT (hour) DO UPDATE SET marked_at = now();
        ELSIF TG_OP = 'UPDATE' THEN
          INSERT INTO usage_dirty_hours (hour)
            SELECT DISTINCT date_trunc('hour', started_at, 'UTC') FROM (SELECT started_at FROM new_rows UNION ALL SELECT started_at FROM old_rows) changed ORDER BY 1
            ON CONFLICT (hour) DO UPDATE SET marked_at = now();
        ELSIF TG_OP = 'DELETE' THEN
          INSERT INTO usage_dirty_hours (hour)
            SELECT DISTINCT date_trunc('hour', started_at, 'UTC') FROM old_rows ORDER BY 1
            ON CONFLICT (hour) DO UPDATE SET marked_at = now();
        ELSE
          -- TRUNCATE: every hour that has a rollup is now wrong.
          INSERT INTO usage_dirty_hours (hour)
            SELECT DISTINCT hour FROM usage_hourly ORDER BY 1
            ON CONFLICT (hour) DO UPDATE SET marked_at = now();
        END IF;
        RETURN NULL;
      END $$`.execute(db);
    // A trigger with transition tables serves one event, hence one per event. On the partitioned parent they see the
    // rows of every partition a statement touched.
    await sql`CREATE TRIGGER call_records_rollup_insert AFTER INSERT ON call_records
      REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION usage_mark_dirty_hours()`.execute(db);
    await sql`CREATE TRIGGER call_records_rollup_update AFTER UPDATE ON call_records
      REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION usage_mark_dirty_hours()`.execute(db);
    await sql`CREATE TRIGGER call_records_rollup_delete AFTER DELETE ON call_records
      REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION usage_mark_dirty_hours()`.execute(db);
    await sql`CREATE TRIGGER call_records_rollup_truncate AFTER TRUNCATE ON call_records
      FOR EACH STATEMENT EXECUTE FUNCTION usage_mark_dirty_hours()`.execute(db);
  },
};
