/**
 * API keys: `didops_<id>_<secret>`, where the id (12 base62 characters) is public and names the key in lists and the
 * audit log, and the secret is 256 random bits. The `didops_` prefix lets secret scanners (and people) recognise a
 * leaked key.
 */
import type { CredentialFormat } from './credentials';
import { randomBase62, SECRET_LENGTH } from './secrets';

/** What every API key starts with. */
export const API_KEY_PREFIX = 'didops_';

const ID_LENGTH = 12;
const KEY_PATTERN = new RegExp(`^${API_KEY_PREFIX}([0-9A-Za-z]{${ID_LENGTH}})_([0-9A-Za-z]{${SECRET_LENGTH}})$`);

/** How API keys are spelt. */
export const apiKeyFormat: CredentialFormat = {
  kind: 'api_key',
  newId: () => randomBase62(ID_LENGTH),
  secretText: (id, secret) => `${API_KEY_PREFIX}${id}_${secret}`,
};

/** The key id of a well-formed API key (the whole key is what is hashed), or undefined for anything else. */
export function apiKeyIdOf(token: string): string | undefined {
  return KEY_PATTERN.exec(token)?.[1];
}

/** True when a bearer token looks like an API key rather than a JWT (which never starts with `didops_`). */
export function looksLikeApiKey(token: string): boolean {
  return token.startsWith(API_KEY_PREFIX);
}
