/**
 * Credentials the reconciler issues, API keys and OAuth clients alike: an id that is public (shown in lists and the
 * audit log), a secret shown once and stored only as a keyed hash, a role, the accounts it is bound to, and a
 * revocation instant. One lifecycle serves both kinds; `api-keys.ts` and `oauth-clients.ts` only say how their
 * credentials are spelt.
 */
import { ConflictError } from '../../../core/errors';
import type { AccountBinding, Principal } from './principal';
import type { Role } from './roles';
import { randomBase62, SECRET_LENGTH, type SecretHasher } from './secrets';

/** The two kinds of credential. */
export type CredentialKind = Principal['kind'];

/** One stored credential (never its secret). */
export interface CredentialRecord {
  /** Public id: the key's prefix, or the OAuth client id. */
  readonly id: string;
  /** HMAC-SHA-256 of the secret (see `secrets.ts`). */
  readonly secretHash: string;
  /** What the creator called it (`ci-reports`), for lists. */
  readonly name: string;
  readonly role: Role;
  readonly accounts: AccountBinding;
  readonly createdAt: Date;
  /** Who created it: an actor (`api_key:…`) or `cli`. */
  readonly createdBy: string;
  readonly revokedAt: Date | null;
  /** Last successful authentication, to the minute (see {@link Credentials.authenticate}). */
  readonly lastUsedAt: Date | null;
}

/** Where credentials of one kind are kept (the `api_keys` or `oauth_clients` table). */
export interface CredentialStore {
  /** Adds a credential; false when the id is taken (the caller draws another). */
  insert(record: CredentialRecord): Promise<boolean>;
  /** The credential with this id, revoked or not; with `within`, only if it is bound inside those accounts. */
  find(id: string, within?: readonly string[]): Promise<CredentialRecord | undefined>;
  /** Credentials bound to any of `accounts` (or every credential), newest first. */
  list(accounts: readonly string[] | undefined): Promise<CredentialRecord[]>;
  /** Marks it revoked at `at`; false when there is no such credential (revoking twice keeps the first instant). */
  revoke(id: string, at: Date): Promise<boolean>;
  /** Records a successful use. */
  touch(id: string, at: Date): Promise<void>;
}

/** How one kind of credential is spelt. */
export interface CredentialFormat {
  readonly kind: CredentialKind;
  /** A fresh public id. */
  newId(): string;
  /** What is shown to the creator once: the API key itself, or the client secret. */
  secretText(id: string, secret: string): string;
}

/** What creating a credential returns: the record and the secret text, which exists nowhere else afterwards. */
export interface IssuedCredential {
  readonly record: CredentialRecord;
  /** The API key (`didops_<id>_<secret>`) or client secret; print it once. */
  readonly secret: string;
}

/** What a new credential is for. */
export interface CredentialRequest {
  readonly name: string;
  readonly role: Role;
  readonly accounts: AccountBinding;
  readonly createdBy: string;
}

/** Last-used instants are written at most this often per credential, so authentication is not a write per request. */
const TOUCH_INTERVAL_MS = 60_000;

/** Issues, checks and revokes credentials of one kind. */
export class Credentials {
  readonly #lastTouched = new Map<string, number>();

  constructor(
    private readonly store: CredentialStore,
    private readonly format: CredentialFormat,
    private readonly hasher: SecretHasher,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Creates a credential; its secret is returned here and only here. */
  async issue(request: CredentialRequest): Promise<IssuedCredential> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const id = this.format.newId();
      const secret = randomBase62(SECRET_LENGTH);
      const text = this.format.secretText(id, secret);
      const record: CredentialRecord = {
        id,
        secretHash: this.hasher.hash(text),
        name: request.name,
        role: request.role,
        accounts: request.accounts,
        createdAt: this.now(),
        createdBy: request.createdBy,
        revokedAt: null,
        lastUsedAt: null,
      };
      if (await this.store.insert(record)) return { record, secret: text };
    }
    throw new ConflictError({ summary: `could not draw an unused ${this.format.kind} id in 3 attempts`, detail: 'retry' });
  }

  /**
   * The principal for `id` + secret text, or undefined for an unknown id, a wrong secret or a revoked credential
   * (the caller answers all three alike). The hash is compared in constant time even when the id is unknown.
   */
  async authenticate(id: string, secretText: string): Promise<Principal | undefined> {
    const record = await this.store.find(id);
    const matches = this.hasher.matches(secretText, record?.secretHash);
    if (!record || !matches || record.revokedAt !== null) return undefined;
    await this.touch(record.id);
    return { kind: this.format.kind, id: record.id, role: record.role, accounts: record.accounts };
  }

  /** The credentials bound to any of `accounts` (undefined: all of them). */
  list(accounts: readonly string[] | undefined): Promise<CredentialRecord[]> {
    return this.store.list(accounts);
  }

  /** The credential `id`, if it exists (and, with `within`, is bound inside those accounts). */
  find(id: string, within?: readonly string[]): Promise<CredentialRecord | undefined> {
    return this.store.find(id, within);
  }

  /** Revokes `id` and returns it as it is now, or undefined when there is no such credential. Takes effect on the next request. */
  async revoke(id: string): Promise<CredentialRecord | undefined> {
    this.#lastTouched.delete(id);
    return (await this.store.revoke(id, this.now())) ? this.store.find(id) : undefined;
  }

  private async touch(id: string): Promise<void> {
    const now = this.now();
    const last = this.#lastTouched.get(id);
    if (last !== undefined && now.getTime() - last < TOUCH_INTERVAL_MS) return;
    this.#lastTouched.set(id, now.getTime());
    await this.store.touch(id, now);
  }
}

/** A credential as the API and the CLI show it: everything but the hash. */
export function presentCredential(record: CredentialRecord) {
  return {
    id: record.id,
    name: record.name,
    role: record.role,
    accounts: record.accounts,
    created_at: record.createdAt.toISOString(),
    created_by: record.createdBy,
    revoked_at: record.revokedAt?.toISOString() ?? null,
    last_used_at: record.lastUsedAt?.toISOString() ?? null,
  };
}

/** The audit log's account for a credential: its tenant when it has exactly one. */
export function auditAccountOf(record: CredentialRecord): string | null {
  return record.accounts !== 'all' && record.accounts.length === 1 ? record.accounts[0]! : null;
}
