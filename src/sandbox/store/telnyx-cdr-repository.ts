/**
 * The Telnyx account's calls, read from the traffic switch's `calls` table (rows under the Telnyx account id), with
 * the owned number's current connection and its inventory country and type beside each.
 */
import type { CallRow } from './calls-repository';
import type { SqliteDatabase } from './database';
import type { NumberType } from '../inventory';
import { SIP_CONNECTION_TABLES } from './telnyx-documents-repository';

// The ids of every SIP connection: a call of a number on one is a sip-trunking record, any other a call-control one.
const SIP_CONNECTION_IDS = SIP_CONNECTION_TABLES.map((table) => `SELECT id FROM ${table}`).join(' UNION ALL ');

/** A call of the Telnyx account with what its detail record needs: the call's own columns, and its number's. */
export interface TelnyxCallRow
  extends Pick<CallRow, 'sid' | 'start_time' | 'end_time' | 'direction' | 'from_number' | 'to_number' | 'status' | 'duration' | 'price_micros' | 'price_unit'> {
  /** The owned number's id, its connection now (null once released) and its inventory country and type. */
  phone_number_id: string | null;
  connection_id: string | null;
  iso_country: string;
  type: NumberType;
}

/** Filters on a call's fields, validated. */
export interface TelnyxCallFilter {
  /** Instant bounds per time column, epoch ms: `started_at >= x` is `{ column: 'start_time', op: '>=', value: x }`. */
  bounds: { column: 'start_time' | 'end_time'; op: '>=' | '>' | '<=' | '<' | '='; value: number }[];
  direction?: 'inbound' | 'outbound';
  cli?: string;
  cld?: string;
  connectionId?: string;
  /** Only calls of numbers on a SIP connection (`true`), or only the others (`false`): the record type. */
  onSipConnection: boolean;
  /** Outcomes as the calls table stores them. */
  statuses?: string[];
  newestFirst: boolean;
}

/** Reads the Telnyx account's calls. */
export class TelnyxCdrRepository {
  constructor(
    private readonly db: SqliteDatabase,
    private readonly accountId: string,
  ) {}

  /** One page of calls and the number of matches. */
  list(filter: TelnyxCallFilter, offset: number, limit: number): { rows: TelnyxCallRow[]; total: number } {
    const where = ['c.account_sid = @account'];
    const args: Record<string, string | number> = { account: this.accountId };
    filter.bounds.forEach((b, i) => {
      where.push(`c.${b.column} ${b.op} @bound${i}`);
      args[`bound${i}`] = b.value;
    });
    if (filter.direction) where.push(filter.direction === 'inbound' ? "c.direction = 'inbound'" : "c.direction != 'inbound'");
    if (filter.cli !== undefined) {
      where.push('c.from_number = @cli');
      args.cli = filter.cli;
    }
    if (filter.cld !== undefined) {
      where.push('c.to_number = @cld');
      args.cld = filter.cld;
    }
    if (filter.connectionId !== undefined) {
      where.push('p.connection_id = @connection');
      args.connection = filter.connectionId;
    }
    where.push(`COALESCE(p.connection_id IN (${SIP_CONNECTION_IDS}), 0) = ${filter.onSipConnection ? 1 : 0}`);
    if (filter.statuses) {
      where.push(`c.status IN (${filter.statuses.map((_, i) => `@status${i}`).join(', ')})`);
      filter.statuses.forEach((s, i) => (args[`status${i}`] = s));
    }
    const from = `calls c LEFT JOIN telnyx_phone_numbers p ON p.id = c.phone_number_sid
      JOIN number_ownership o ON o.incoming_sid = c.phone_number_sid`;
    const sqlWhere = where.join(' AND ');
    const total = (this.db.prepare(`SELECT COUNT(*) AS n FROM ${from} WHERE ${sqlWhere}`).get(args) as { n: number }).n;
    const order = filter.newestFirst ? 'c.start_time DESC, c.seq DESC' : 'c.start_time, c.seq';
    const rows = this.db
      .prepare(`SELECT c.sid, c.start_time, c.end_time, c.direction, c.from_number, c.to_number, c.status, c.duration, c.price_micros,
          c.price_unit, c.phone_number_sid AS phone_number_id, p.connection_id, o.iso_country, o.type
        FROM ${from} WHERE ${sqlWhere} ORDER BY ${order} LIMIT @limit OFFSET @offset`)
      .all({ ...args, limit, offset }) as TelnyxCallRow[];
    return { rows, total };
  }
}
