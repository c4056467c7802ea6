/** Builds the API's auth services from config and the database: one object the service wires into its app and CLI. */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/database';
import type { AuditStore } from '../audit';
import { KyselyAuditStore } from '../audit-store';
import { TokenBuckets } from '../rate-limit';
import { AccessTokens } from './access-tokens';
import { apiKeyFormat } from './api-keys';
import type { AuthConfig } from './config';
import { Credentials } from './credentials';
import { oauthClientFormat } from './oauth-clients';
import { SecretHasher } from './secrets';
import { KyselyCredentialStore, KyselySigningKeyStore } from './stores';

/** Everything authentication, authorization, rate limiting and auditing use. */
export interface AuthServices {
  readonly apiKeys: Credentials;
  readonly clients: Credentials;
  readonly accessTokens: AccessTokens;
  readonly audit: AuditStore;
  /** One bucket per credential. */
  readonly buckets: TokenBuckets;
  /** One bucket per caller address, for the token endpoint (where a caller has no credential yet). */
  readonly addressBuckets: TokenBuckets;
  readonly trustedProxies: readonly string[];
  /** The service's clock, for audit rows and tokens. */
  readonly now: () => Date;
  /** Account ids among `ids` the reconciler does not know: a credential is never bound to them. */
  unknownAccounts(ids: readonly string[]): Promise<string[]>;
}

/** Builds the auth services on `db` (migrated through 0007-api-auth). */
export async function buildAuthServices(db: Kysely<Database>, config: AuthConfig, now: () => Date = () => new Date()): Promise<AuthServices> {
  const hasher = new SecretHasher(config.pepper);
  const accessTokens = await AccessTokens.create({
    signing: config.jwtAlgorithm === 'HS256' ? { algorithm: 'HS256', secret: config.jwtSecret ?? '' } : { algorithm: 'EdDSA' },
    issuer: config.issuer,
    ttlSeconds: config.tokenTtlSeconds,
    keyStore: new KyselySigningKeyStore(db),
    now,
  });
  const clock = () => now().getTime();
  return {
    apiKeys: new Credentials(new KyselyCredentialStore(db, 'api_keys'), apiKeyFormat, hasher, now),
    clients: new Credentials(new KyselyCredentialStore(db, 'oauth_clients'), oauthClientFormat, hasher, now),
    accessTokens,
    audit: new KyselyAuditStore(db),
    buckets: new TokenBuckets({ capacity: config.rateLimit.burst, refillPerSecond: config.rateLimit.perSecond, now: clock }),
    addressBuckets: new TokenBuckets({ capacity: 20, refillPerSecond: 2, now: clock }),
    trustedProxies: config.trustedProxies,
    now,
    async unknownAccounts(ids) {
      if (ids.length === 0) return [];
      const known = new Set((await db.selectFrom('accounts').select('id').where('id', 'in', [...ids]).execute()).map((row) => row.id));
      return ids.filter((id) => !known.has(id));
    },
  };
}
