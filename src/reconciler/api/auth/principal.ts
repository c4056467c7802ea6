/** Who is calling: the identity `authenticate()` establishes from an API key or an access token. */
import type { Role } from './roles';

/** The accounts (tenants) a credential is bound to: a list of account ids, or every account (the operator's). */
export type AccountBinding = 'all' | readonly string[];

/** An authenticated caller. */
export interface Principal {
  /** How it authenticated. */
  readonly kind: 'api_key' | 'oauth_client';
  /** The key's id (its public prefix) or the OAuth client id: what the audit log and the rate limiter key on. */
  readonly id: string;
  /** What it may do. */
  readonly role: Role;
  /** Whose data it may see. */
  readonly accounts: AccountBinding;
}

/** The audit log's name for a principal: `api_key:<id>` or `oauth_client:<id>`. */
export function actorOf(principal: Principal): string {
  return `${principal.kind}:${principal.id}`;
}
