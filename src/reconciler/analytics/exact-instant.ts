/** Instants as exact text for cursors: PostgreSQL keeps microseconds, which a JavaScript Date would drop. */
import { sql, type Expression, type RawBuilder } from 'kysely';

/** `2025-03-01T10:00:00.123456Z` of a timestamptz, whatever the session's DateStyle and zone. */
export function exactInstantText(at: Expression<Date | null>): RawBuilder<string> {
  return sql<string>`to_char(${at} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
}
