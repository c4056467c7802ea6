/** Tables of the API's authentication and audit trail (migration 0004-auth). */
import type { ColumnType, Generated, JSONColumnType, Kysely } from 'kysely';

/** `api_keys` and `oauth_clients` have these same columns: one credential per row, never its secret. */
export interface CredentialsTable {
  /** Public id: the API key's id (`didops_<id>_…`) or the OAuth client id (`oc_…`). */
  id: string;
  /** HMAC-SHA-256 of the whole secret text with the server's pepper, hex. */
  secret_hash: string;
  name: string;
  role: 'read-only' | 'billing' | 'admin';
  /** True for the operator's credentials, which see every account; then `account_ids` is empty. */
  all_accounts: boolean;
  account_ids: string[];
  created_at: ColumnType<Date, Date | undefined, never>;
  created_by: string;
  revoked_at: Date | null;
  last_used_at: Date | null;
}

/** The Ed25519 key pair access tokens are signed with, one row per purpose. */
export interface AuthSigningKeysTable {
  purpose: string;
  kid: string;
  private_jwk: JSONColumnType<Record<string, unknown>>;
  public_jwk: JSONColumnType<Record<string, unknown>>;
  created_at: ColumnType<Date, Date | undefined, never>;
}

/** The append-only audit log (a trigger refuses UPDATE, DELETE and TRUNCATE). */
export interface AuditLogTable {
  id: Generated<string>;
  at: ColumnType<Date, Date | undefined, never>;
  actor: string;
  action: string;
  target: string;
  account_id: string | null;
  address: string;
  status: number | null;
}

/** The auth area's part of the reconciler's `Database`. */
export interface AuthTables {
  api_keys: CredentialsTable;
  oauth_clients: CredentialsTable;
  auth_signing_keys: AuthSigningKeysTable;
  audit_log: AuditLogTable;
}

/**
 * The auth area's view of a database that has (at least) its tables. Kysely's handle is invariant in its tables, so a
 * `Kysely<Database>` does not pass as `Kysely<AuthTables>` by itself; this is the one place that says it may.
 */
export function authTablesOf<DB extends AuthTables>(db: Kysely<DB>): Kysely<AuthTables> {
  return db as unknown as Kysely<AuthTables>;
}
