/**
 * OAuth 2.0 clients for machine callers (client-credentials grant): a public client id `oc_<16 base62>` and a secret
 * `didops_cs_<43 base62>` shown once, stored hashed like API keys.
 */
import type { CredentialFormat } from './credentials';
import { randomBase62 } from './secrets';

/** How OAuth client ids and secrets are spelt. */
export const oauthClientFormat: CredentialFormat = {
  kind: 'oauth_client',
  newId: () => `oc_${randomBase62(16)}`,
  secretText: (_id, secret) => `didops_cs_${secret}`,
};
