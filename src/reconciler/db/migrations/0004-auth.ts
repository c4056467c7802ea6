/**
 * Migration 0004: API keys, OAuth clients, the access-token signing key and the append-only audit log.
 *
 * The audit log refuses change in the database itself, not only in the code that writes it: a trigger raises on every
 * UPDATE and DELETE (row level) and TRUNCATE (statement level), so neither a bug nor a stolen API credential can rewrite
 * history; only a superuser dropping the trigger could, which shows in the database's own logs.
 */
import { sql, type Kysely } from 'kysely';

/** Creates the auth tables and the audit log's guard. */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const table of ['api_keys', 'oauth_clients']) {
    await db.schema
      .createTable(table)
      .addColumn('id', 'text', (col) => col.primaryKey())
      .addColumn('secret_hash', 'text', (col) => col.notNull().check(sql`secret_hash ~ '^[0-9a-f]{64}$'`))
      .addColumn('name', 'text', (col) => col.notNull())
      .addColumn('role', 'text', (col) => col.notNull().check(sql`role in ('read-only', 'billing', 'admin')`))
      .addColumn('all_accounts', 'boolean', (col) => col.notNull())
      .addColumn('account_ids', sql`text[]`, (col) => col.notNull().defaultTo(sql`'{}'`))
      .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
      .addColumn('created_by', 'text', (col) => col.notNull())
      .addColumn('revoked_at', 'timestamptz')
      .addColumn('last_used_at', 'timestamptz')
      .addCheckConstraint(`${table}_binding`, sql`not (all_accounts and cardinality(account_ids) > 0)`)
      .execute();
  }

  await db.schema
    .createTable('auth_signing_keys')
    .addColumn('purpose', 'text', (col) => col.primaryKey())
    .addColumn('kid', 'text', (col) => col.notNull())
    .addColumn('private_jwk', 'jsonb', (col) => col.notNull())
    .addColumn('public_jwk', 'jsonb', (col) => col.notNull())
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('audit_log')
    .ifNotExists()
    .addColumn('id', 'bigint', (col) => col.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('actor', 'text', (col) => col.notNull())
    .addColumn('action', 'text', (col) => col.notNull())
    .addColumn('target', 'text', (col) => col.notNull())
    .addColumn('account_id', 'text')
    .addColumn('address', 'text', (col) => col.notNull())
    .addColumn('status', 'integer')
    .execute();
  await db.schema.createIndex('audit_log_at').ifNotExists().on('audit_log').column('at').execute();
  await db.schema.createIndex('audit_log_account_at').ifNotExists().on('audit_log').columns(['account_id', 'at']).execute();

  await sql`
    create or replace function audit_log_refuse_change() returns trigger language plpgsql as $$
    begin
      raise exception 'audit_log is append-only: % refused', tg_op using errcode = 'insufficient_privilege';
    end
    $$`.execute(db);
  await sql`create trigger audit_log_append_only before update or delete on audit_log for each row execute function audit_log_refuse_change()`.execute(db);
  await sql`create trigger audit_log_no_truncate before truncate on audit_log for each statement execute function audit_log_refuse_change()`.execute(db);
}

/** Drops what {@link up} created (the audit log too: rolling back this migration is a deliberate act on a whole database). */
export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('audit_log').ifExists().execute();
  await sql`drop function if exists audit_log_refuse_change()`.execute(db);
  await db.schema.dropTable('auth_signing_keys').ifExists().execute();
  await db.schema.dropTable('oauth_clients').ifExists().execute();
  await db.schema.dropTable('api_keys').ifExists().execute();
}
