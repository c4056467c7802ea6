/**
 * Pseudonyms of phone numbers: `anon:` and 16 hex digits of HMAC-SHA256(key, E.164). The same number gets the same
 * pseudonym under one key, so erased calls still tell callers apart (distinct-caller counts, repeat calls); without
 * the key, which lives in the configuration and never in the database or its backups, nobody can test a guess (a
 * plain hash of a phone number is reversed by trying every number). With no key configured, a fresh one is drawn per
 * erasure and forgotten: pseudonyms are then unlinkable even for us, i.e. anonymous.
 */
import { createHmac, randomBytes } from 'node:crypto';

/** What a pseudonym starts with; a stored `from_e164` starting with it was erased. */
export const PSEUDONYM_PREFIX = 'anon:';

/** The pseudonym of `e164` under `key`. */
export function pseudonymOf(e164: string, key: string): string {
  return `${PSEUDONYM_PREFIX}${createHmac('sha256', key).update(e164, 'utf8').digest('hex').slice(0, 16)}`;
}

/** The configured key, or a one-off random key (pseudonyms made with it cannot be linked to anything later). */
export function pseudonymKeyOrOneOff(configured: string | undefined): string {
  return configured ?? randomBytes(32).toString('base64');
}
