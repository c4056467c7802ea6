/** Tables of the API's authentication, and its columns of the audit log (migration 0007-api-auth). */
import type { ColumnType, JSONColumnType } from 'kysely';

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

/** The columns 0007-api-auth adds to the core's `audit_log` (the intersection in database.ts merges them). */
export interface AuditLogAuthColumns {
  /** The tenant concerned, when there is one, so a tenant's admin can read its own trail. */
  account_id: string | null;
  /** The HTTP status the request got; null for actions outside HTTP (the CLI, jobs). */
  status: number | null;
}

/** The auth area's part of the reconciler's `Database`. */
export interface AuthTables {
  api_keys: CredentialsTable;
  oauth_clients: CredentialsTable;
  auth_signing_keys: AuthSigningKeysTable;
  audit_log: AuditLogAuthColumns;
}

