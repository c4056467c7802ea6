/**
 * Invoicing's tables: the documents a period's close renders (PDF, CSV, XLSX), kept in the database itself.
 *
 * Why in the database and not as files under the data directory: the close writes the documents and marks the period
 * closed in ONE transaction, so a crash leaves either both or neither; every replica (and the API serving downloads)
 * sees them without a shared file system; and the database's backups (pg_dump, the embedded snapshots) carry them.
 * A month's three documents are tens of kilobytes per account, small beside the month's call records.
 */
import { sql, type Kysely, type Migration } from 'kysely';

/** The `0005-invoicing` migration. */
export const invoicingMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('invoice_documents')
      .addColumn('account_id', 'text', (c) => c.notNull())
      .addColumn('period_start', 'timestamptz', (c) => c.notNull())
      .addColumn('format', 'text', (c) => c.notNull().check(sql`format IN ('pdf', 'csv', 'xlsx')`))
      .addColumn('stripe_invoice_id', 'text', (c) => c.notNull())
      .addColumn('content_type', 'text', (c) => c.notNull())
      .addColumn('content', 'bytea', (c) => c.notNull())
      .addColumn('sha256', 'text', (c) => c.notNull())
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addPrimaryKeyConstraint('invoice_documents_pkey', ['account_id', 'period_start', 'format'])
      .addForeignKeyConstraint('invoice_documents_period', ['account_id', 'period_start'], 'billing_periods', ['account_id', 'period_start'], (c) => c.onDelete('cascade'))
      .execute();
    // The close waits for a period's outbox rows of one account to be pushed: found by account and time.
    await db.schema.createIndex('usage_outbox_account_pending').on('usage_outbox').columns(['account_id', 'occurred_at']).where(sql.ref('pushed_at'), 'is', null).execute();
  },
};
