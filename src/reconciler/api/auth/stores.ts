/** The auth area's stores on PostgreSQL (kysely): credentials of both kinds and the access-token signing key. */
import { sql, type Kysely, type Selectable } from 'kysely';
import type { JWK } from 'jose';
import type { Database } from '../../db/database';
import type { CredentialsTable } from '../../db/tables/auth';
import type { StoredSigningKey, SigningKeyStore } from './access-tokens';
import type { CredentialRecord, CredentialStore } from './credentials';

/** The two tables holding credentials; they have the same columns. */
export type CredentialTableName = 'api_keys' | 'oauth_clients';

/** Credentials of one kind in their table. */
export class KyselyCredentialStore implements CredentialStore {
  constructor(
    private readonly db: Kysely<Database>,
    /** Typed as `api_keys` because kysely cannot narrow a union of table names; `oauth_clients` has the same columns. */
    private readonly table: CredentialTableName,
  ) {}

  private get name(): 'api_keys' {
    return this.table as 'api_keys';
  }

  async insert(record: CredentialRecord): Promise<boolean> {
    const result = await this.db
      .insertInto(this.name)
      .values({
        id: record.id,
        secret_hash: record.secretHash,
        name: record.name,
        role: record.role,
        all_accounts: record.accounts === 'all',
        account_ids: record.accounts === 'all' ? [] : [...record.accounts],
        created_at: record.createdAt,
        created_by: record.createdBy,
        revoked_at: record.revokedAt,
        last_used_at: record.lastUsedAt,
      })
      .onConflict((oc) => oc.column('id').doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
  }

  async find(id: string, within?: readonly string[]): Promise<CredentialRecord | undefined> {
    const row = await this.selectWithin(within).where('id', '=', id).executeTakeFirst();
    return row && toRecord(row);
  }

  async list(accounts: readonly string[] | undefined): Promise<CredentialRecord[]> {
    return (await this.selectWithin(accounts).orderBy('created_at', 'desc').orderBy('id').execute()).map(toRecord);
  }

  /** Rows bound inside `accounts`: a tenant sees only credentials wholly its own (one bound to [A, B] would tell A that B exists). */
  private selectWithin(accounts: readonly string[] | undefined) {
    const query = this.db.selectFrom(this.name).selectAll();
    if (accounts === undefined) return query;
    return query.where('all_accounts', '=', false).where(sql<boolean>`account_ids <@ ${sql.val([...accounts])}::text[]`);
  }

  async revoke(id: string, at: Date): Promise<boolean> {
    const result = await this.db
      .updateTable(this.name)
      .set({ revoked_at: sql<Date>`coalesce(revoked_at, ${at})` })
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async touch(id: string, at: Date): Promise<void> {
    await this.db.updateTable(this.name).set({ last_used_at: at }).where('id', '=', id).execute();
  }
}

function toRecord(row: Selectable<CredentialsTable>): CredentialRecord {
  return {
    id: row.id,
    secretHash: row.secret_hash,
    name: row.name,
    role: row.role,
    accounts: row.all_accounts ? 'all' : row.account_ids,
    createdAt: row.created_at,
    createdBy: row.created_by,
    revokedAt: row.revoked_at,
    lastUsedAt: row.last_used_at,
  };
}

/** The access-token signing key in `auth_signing_keys`, under the purpose `access-tokens`. */
export class KyselySigningKeyStore implements SigningKeyStore {
  constructor(private readonly db: Kysely<Database>) {}

  async keepFirst(candidate: StoredSigningKey): Promise<StoredSigningKey> {
    // Two replicas starting together both generate a key; the primary key lets one win and both read the winner.
    await this.db
      .insertInto('auth_signing_keys')
      .values({
        purpose: 'access-tokens',
        kid: candidate.kid,
        private_jwk: JSON.stringify(candidate.privateJwk),
        public_jwk: JSON.stringify(candidate.publicJwk),
        created_at: candidate.createdAt,
      })
      .onConflict((oc) => oc.column('purpose').doNothing())
      .execute();
    const row = await this.db.selectFrom('auth_signing_keys').selectAll().where('purpose', '=', 'access-tokens').executeTakeFirstOrThrow();
    return { kid: row.kid, privateJwk: row.private_jwk as JWK, publicJwk: row.public_jwk as JWK, createdAt: row.created_at };
  }
}
