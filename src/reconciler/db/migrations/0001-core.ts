/**
 * The core schema: accounts and their numbers, call records (partitioned by month), ingest cursors, the usage
 * outbox, billing periods and the append-only audit log. Partitions themselves are made by partitions.ts.
 */
import { sql, type Kysely, type Migration } from 'kysely';

/** Creates the core tables. */
export const coreMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    // A number's ownership periods must not overlap: an exclusion constraint over (e164, period) needs btree_gist.
    await sql`CREATE EXTENSION IF NOT EXISTS btree_gist`.execute(db);

    await db.schema
      .createTable('accounts')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('rate_card_key', 'text', (c) => c.notNull())
      .addColumn('currency', 'text', (c) => c.notNull().check(sql`currency ~ '^[A-Z]{3}$'`))
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .execute();

    await db.schema
      .createTable('account_numbers')
      .addColumn('id', 'bigint', (c) => c.generatedAlwaysAsIdentity().primaryKey())
      .addColumn('e164', 'text', (c) => c.notNull().check(sql`e164 ~ '^\\+[1-9][0-9]{1,14}$'`))
      .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
      .addColumn('carrier', 'text', (c) => c.notNull())
      .addColumn('valid_from', 'timestamptz', (c) => c.notNull())
      .addColumn('valid_to', 'timestamptz')
      .addCheckConstraint('account_numbers_period', sql`valid_to IS NULL OR valid_to > valid_from`)
      .execute();
    await sql`ALTER TABLE account_numbers ADD CONSTRAINT account_numbers_one_owner
      EXCLUDE USING gist (e164 WITH =, tstzrange(valid_from, coalesce(valid_to, 'infinity'::timestamptz)) WITH &&)`.execute(db);
    await db.schema.createIndex('account_numbers_account').on('account_numbers').columns(['account_id', 'valid_from']).execute();

    // No foreign key to accounts: ingest stays a plain append, and records outlive an account's removal.
    await sql`CREATE TABLE call_records (
      carrier text NOT NULL,
      carrier_call_id text NOT NULL,
      started_at timestamptz NOT NULL,
      from_e164 text NOT NULL,
      to_e164 text NOT NULL,
      direction text NOT NULL CHECK (direction IN ('inbound', 'outbound')),
      duration_seconds integer NOT NULL CHECK (duration_seconds >= 0),
      status text NOT NULL,
      carrier_price_minor bigint,
      carrier_currency text,
      account_id text,
      number_e164 text,
      other_party text,
      caller_country text,
      caller_region text,
      callee_country text,
      callee_region text,
      ingested_at timestamptz NOT NULL DEFAULT now(),
      rated_at timestamptz,
      rate_class text,
      billable_seconds integer,
      amount_decimal numeric,
      unrated_reason text,
      PRIMARY KEY (carrier, carrier_call_id, started_at)
    ) PARTITION BY RANGE (started_at)`.execute(db);
    await db.schema.createIndex('call_records_account_time').on('call_records').columns(['account_id', 'started_at']).execute();
    await db.schema.createIndex('call_records_number_time').on('call_records').columns(['number_e164', 'started_at']).execute();
    await db.schema.createIndex('call_records_unrated').on('call_records').column('started_at').where(sql.ref('rated_at'), 'is', null).execute();

    await db.schema
      .createTable('ingest_cursors')
      .addColumn('carrier', 'text', (c) => c.notNull())
      .addColumn('carrier_account', 'text', (c) => c.notNull())
      .addColumn('ingested_until', 'timestamptz', (c) => c.notNull())
      .addColumn('page_token', 'text')
      .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addPrimaryKeyConstraint('ingest_cursors_pkey', ['carrier', 'carrier_account'])
      .execute();

    await db.schema
      .createTable('usage_outbox')
      .addColumn('identifier', 'text', (c) => c.primaryKey())
      .addColumn('account_id', 'text', (c) => c.notNull())
      .addColumn('event_name', 'text', (c) => c.notNull())
      .addColumn('value', 'bigint', (c) => c.notNull())
      .addColumn('occurred_at', 'timestamptz', (c) => c.notNull())
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addColumn('pushed_at', 'timestamptz')
      .execute();
    await db.schema.createIndex('usage_outbox_pending').on('usage_outbox').column('occurred_at').where(sql.ref('pushed_at'), 'is', null).execute();

    await db.schema
      .createTable('billing_periods')
      .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
      .addColumn('period_start', 'timestamptz', (c) => c.notNull())
      .addColumn('period_end', 'timestamptz', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull().defaultTo('open').check(sql`status IN ('open', 'closing', 'closed')`))
      .addColumn('stripe_invoice_id', 'text')
      .addColumn('currency', 'text')
      .addColumn('total_minor', 'bigint')
      .addColumn('closed_at', 'timestamptz')
      .addPrimaryKeyConstraint('billing_periods_pkey', ['account_id', 'period_start'])
      .addCheckConstraint('billing_periods_order', sql`period_end > period_start`)
      .execute();

    await db.schema
      .createTable('audit_log')
      .addColumn('id', 'bigint', (c) => c.generatedAlwaysAsIdentity().primaryKey())
      .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addColumn('actor', 'text', (c) => c.notNull())
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('target', 'text')
      .addColumn('source', 'text')
      .addColumn('detail', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
      .execute();
    await db.schema.createIndex('audit_log_at').on('audit_log').column('at').execute();
    // Append-only in the database itself, so no code path (or psql session) can rewrite history.
    await sql`CREATE FUNCTION audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`.execute(db);
    await sql`CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
      FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change()`.execute(db);
    await sql`CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
      FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change()`.execute(db);
  },
};
