/**
 * Usage alerts and their firings. A firing is unique per alert and window start: the row is inserted in the same
 * transaction that decided the threshold was crossed (and that queues its webhook), so however many evaluations or
 * replicas run, an alert fires at most once per window.
 */
import { sql, type Kysely, type Migration } from 'kysely';

/** Creates `alerts` and `alert_firings`. */
export const alertsMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('alerts')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
      .addColumn('number_e164', 'text', (c) => c.check(sql`number_e164 ~ '^\\+[1-9][0-9]{1,14}$'`))
      .addColumn('metric', 'text', (c) => c.notNull().check(sql`metric IN ('calls', 'minutes', 'spend')`))
      .addColumn('threshold', 'numeric', (c) => c.notNull().check(sql`threshold > 0`))
      .addColumn('recurring', 'text', (c) => c.notNull().check(sql`recurring IN ('daily', 'billing_period')`))
      .addColumn('webhook_url', 'text', (c) => c.notNull())
      .addColumn('webhook_secret', 'text', (c) => c.notNull())
      .addColumn('description', 'text')
      .addColumn('active', 'boolean', (c) => c.notNull().defaultTo(true))
      .addColumn('created_at', 'timestamptz', (c) => c.notNull())
      .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('alerts_account').on('alerts').columns(['account_id', 'id']).execute();

    await db.schema
      .createTable('alert_firings')
      .addColumn('id', 'text', (c) => c.primaryKey())
      // Deleting an alert deletes its history: a firing means nothing without the alert it belongs to.
      .addColumn('alert_id', 'text', (c) => c.notNull().references('alerts.id').onDelete('cascade'))
      .addColumn('account_id', 'text', (c) => c.notNull())
      .addColumn('window_start', 'timestamptz', (c) => c.notNull())
      .addColumn('window_end', 'timestamptz', (c) => c.notNull())
      .addColumn('value', 'numeric', (c) => c.notNull())
      .addColumn('threshold', 'numeric', (c) => c.notNull())
      .addColumn('fired_at', 'timestamptz', (c) => c.notNull())
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('delivery_status', 'text', (c) => c.notNull().defaultTo('pending').check(sql`delivery_status IN ('pending', 'delivered', 'failed')`))
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('last_attempt_at', 'timestamptz')
      .addColumn('last_response_status', 'integer')
      .addColumn('last_error', 'text')
      .addColumn('delivered_at', 'timestamptz')
      .addUniqueConstraint('alert_firings_once_per_window', ['alert_id', 'window_start'])
      .execute();
    await db.schema.createIndex('alert_firings_account').on('alert_firings').columns(['account_id', 'id']).execute();
  },
};
