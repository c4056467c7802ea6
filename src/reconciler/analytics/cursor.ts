/**
 * Opaque keyset cursors: the sort key of the last row of a page (never an offset, so rows added meanwhile neither
 * shift nor repeat what follows) plus a fingerprint of the filters it was made under, so a cursor replayed with other
 * filters is refused instead of silently paging a different list.
 */
import { createHash } from 'node:crypto';
import { ValidationError } from '../../core/errors';

const VERSION = 1;

/** A short digest of the filters that define a list (everything but `cursor` and `limit`). */
export function filterFingerprint(kind: string, filters: Readonly<Record<string, unknown>>): string {
  const { cursor: _cursor, limit: _limit, ...rest } = filters;
  const canonical = JSON.stringify([kind, Object.keys(rest).sort().map((k) => [k, rest[k] instanceof Date ? (rest[k] as Date).toISOString() : rest[k]])]);
  return createHash('sha256').update(canonical).digest('base64url').slice(0, 12);
}

/** The cursor after a row whose sort key is `key`. */
export function encodeCursor(fingerprint: string, key: readonly string[]): string {
  return Buffer.from(JSON.stringify([VERSION, fingerprint, ...key])).toString('base64url');
}

/** The sort key a cursor carries (of `size` parts); throws a ValidationError on `cursor` for anything else. */
export function decodeCursor(cursor: string, fingerprint: string, size: number): string[] {
  let parts: unknown;
  try {
    parts = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parts = undefined;
  }
  if (!Array.isArray(parts) || parts[0] !== VERSION || parts.length !== size + 2 || !parts.slice(1).every((p) => typeof p === 'string')) {
    throw new ValidationError({ field: 'cursor', summary: `"${cursor.slice(0, 40)}" is not a cursor this list gave out`, detail: 'pass the nextCursor of the previous page unchanged, or leave cursor out to start at the first page' });
  }
  if (parts[1] !== fingerprint) {
    throw new ValidationError({ field: 'cursor', summary: 'the cursor was made for other filters', detail: 'keep the filters of the first page while paging, or leave cursor out to start again' });
  }
  return parts.slice(2) as string[];
}
