/** Telnyx ids: numeric strings for numbers, addresses and connections (`1293384261075731499`), UUIDs for orders. */
import { randomBytes, randomUUID } from 'node:crypto';

/** A fresh 19-digit numeric id, as Telnyx gives phone numbers, addresses and applications. */
export function numericId(): string {
  // 10^18 + up to 2^62 keeps 19 digits without a leading zero.
  return (10n ** 18n + (randomBytes(8).readBigUInt64BE() >> 2n)).toString();
}

/** A fresh UUID, as Telnyx gives orders and events. */
export function uuid(): string {
  return randomUUID();
}

/** The form of {@link numericId}: path parameters that are not one are a 404 without a lookup. */
export const NUMERIC_ID = /^\d{1,25}$/;

/** ISO 8601 with milliseconds, as Telnyx writes timestamps. */
export function telnyxTime(ms: number): string {
  return new Date(ms).toISOString();
}
