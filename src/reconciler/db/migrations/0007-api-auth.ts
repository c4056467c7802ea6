/**
 * The API's authentication: API keys, OAuth clients and the access-token signing key; and two columns the API's audit
 * rows need on the core's append-only `audit_log` (the tenant concerned, for a tenant's own trail, and the HTTP status).
 * Adding columns is not a change to any row, so the log's trigger (0001-core) has nothing to refuse.
 */
import { sql, type Kysely, type Migration } from 'kysely';

/** Creates the auth tables and extends the audit log. */
export const apiAuthMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    for (const table of ['api_keys', 'oauth_clients']) {
      await db.schema
        .createTable(table)
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('secret_hash', 'text', (c) => c.notNull().check(sql`secret_hash ~ '^[0-9a-f]{64}$'`))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('role', 'text', (c) => c.notNull().check(sql`role IN ('read-only', 'billing', 'admin')`))
        .addColumn('all_accounts', 'boolean', (c) => c.notNull())
        .addColumn('account_ids', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
        .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('revoked_at', 'timestamptz')
        .addColumn('last_used_at', 'timestamptz')
        // Bound to all accounts or to some, never both; a credential bound to none would see nothing.
        .addCheckConstraint(`${table}_binding`, sql`all_accounts <> (cardinality(account_ids) > 0)`)
        .execute();
    }

    await db.schema
      .createTable('auth_signing_keys')
      .addColumn('purpose', 'text', (c) => c.primaryKey())
      .addColumn('kid', 'text', (c) => c.notNull())
      .addColumn('private_jwk', 'jsonb', (c) => c.notNull())
      .addColumn('public_jwk', 'jsonb', (c) => c.notNull())
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .execute();

    await db.schema.alterTable('audit_log').addColumn('account_id', 'text').addColumn('status', 'integer').execute();
    await db.schema.createIndex('audit_log_account_at').on('audit_log').columns(['account_id', 'at']).execute();
  },
};
