/**
 * The credentials the reconciler hands out (API keys, OAuth client secrets): random, shown once, stored only as a
 * keyed hash.
 *
 * Why HMAC-SHA-256 and not argon2/bcrypt: those exist to make guessing a *low-entropy* password from its hash slow.
 * Our secrets carry 256 random bits, so no guess list exists to slow down; a fast keyed hash is exactly as safe, and it
 * keeps verifying a key on *every* request at microseconds instead of tens of milliseconds of CPU and megabytes of
 * memory each (a 2-core machine doing argon2 per request serves a few dozen requests per second, and anyone sending
 * bogus keys could saturate it). The key of the HMAC is a server-side pepper (config `auth.pepper`) that is not stored
 * in the database, so a stolen database dump alone cannot even confirm a leaked key.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** Random base62 text of `length` characters, unbiased (bytes ≥ 248 are drawn again rather than folded by `% 62`). */
export function randomBase62(length: number): string {
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length + 8)) {
      if (byte < 248 && out.length < length) out += BASE62[byte % 62];
    }
  }
  return out;
}

/** Characters of a secret: 43 base62 characters are 256 bits. */
export const SECRET_LENGTH = 43;

/** Hashes credentials with the server's pepper; one instance per service, built from config. */
export class SecretHasher {
  readonly #pepper: Buffer;

  /** `pepper` may be empty (the embedded demo); then the hash is a plain keyed SHA-256, still safe for 256-bit secrets. */
  constructor(pepper: string | undefined) {
    this.#pepper = Buffer.from(pepper ?? '', 'utf8');
  }

  /** The stored form of a secret: HMAC-SHA-256 as 64 hex characters. */
  hash(secret: string): string {
    return createHmac('sha256', this.#pepper).update(secret, 'utf8').digest('hex');
  }

  /**
   * True when `secret` hashes to `storedHash`, compared in constant time. With no stored hash (unknown key id) it
   * still hashes and compares against a dummy, so an unknown id and a wrong secret cost the same.
   */
  matches(secret: string, storedHash: string | undefined): boolean {
    const actual = Buffer.from(this.hash(secret), 'hex');
    const expected = storedHash !== undefined && /^[0-9a-f]{64}$/.test(storedHash) ? Buffer.from(storedHash, 'hex') : Buffer.alloc(32);
    return timingSafeEqual(actual, expected) && storedHash !== undefined;
  }
}
