/** Call detail records (`calls`): what the traffic switch generates and the Calls and Usage APIs read. */
import type { SqliteDatabase } from './database';

/** A row of the `calls` table. */
export interface CallRow {
  sid: string;
  account_sid: string;
  start_time: number;
  end_time: number;
  direction: 'inbound' | 'outbound-api' | 'outbound-dial';
  from_number: string;
  to_number: string;
  status: 'completed' | 'busy' | 'failed' | 'no-answer' | 'canceled';
  duration: number;
  price_micros: number;
  price_unit: string;
  phone_number_sid: string | null;
  caller_country: string | null;
  date_created: number;
  seq: number;
}

/** A time window on one column, each bound optional: [from, before). */
export interface TimeRange {
  from?: number;
  before?: number;
}

/** The filters of a call list, already validated. */
export interface CallListQuery {
  to?: string;
  from?: string;
  status?: string;
  /** True when the list asks for child legs, which generated calls never have. */
  childrenOnly?: boolean;
  startTime: TimeRange;
  endTime: TimeRange;
  /** Continue after this (start_time, seq) key: the list is newest first. */
  after?: { startTime: number; seq: number };
  offset: number;
  limit: number;
}

/** Totals of calls over a window. */
export interface CallTotals {
  count: number;
  /** Billed minutes (each call rounded up to whole minutes). */
  minutes: number;
  /** What the calls cost, in millionths of the currency (positive). */
  priceMicros: number;
}

/** Queries of the account's calls. */
export class CallsRepository {
  private readonly bySid;
  private readonly firstStart;

  constructor(private readonly db: SqliteDatabase) {
    this.bySid = db.prepare('SELECT * FROM calls WHERE sid = ? AND account_sid = ?');
    this.firstStart = db.prepare('SELECT MIN(start_time) AS t FROM calls WHERE account_sid = ?');
  }

  /** A call of `accountSid`. */
  find(accountSid: string, sid: string): CallRow | undefined {
    return this.bySid.get(sid, accountSid) as CallRow | undefined;
  }

  /** When the account's first call started (null without calls). */
  firstStartTime(accountSid: string): number | null {
    return (this.firstStart.get(accountSid) as { t: number | null }).t;
  }

  /** One page of calls, newest first; `limit + 1` rows. */
  list(accountSid: string, q: CallListQuery): CallRow[] {
    const where = ['account_sid = @account'];
    const args: Record<string, string | number> = { account: accountSid, limit: q.limit + 1, offset: q.offset };
    const equals = (column: string, value: string | undefined) => {
      if (value === undefined) return;
      where.push(`${column} = @${column}`);
      args[column] = value;
    };
    equals('to_number', q.to);
    equals('from_number', q.from);
    equals('status', q.status);
    if (q.childrenOnly) where.push('0');
    const within = (column: string, range: TimeRange) => {
      if (range.from !== undefined) { where.push(`${column} >= @${column}_from`); args[`${column}_from`] = range.from; }
      if (range.before !== undefined) { where.push(`${column} < @${column}_before`); args[`${column}_before`] = range.before; }
    };
    within('start_time', q.startTime);
    within('end_time', q.endTime);
    if (q.after) {
      where.push('(start_time < @afterT OR (start_time = @afterT AND seq < @afterS))');
      args.afterT = q.after.startTime;
      args.afterS = q.after.seq;
    }
    return this.db
      .prepare(`SELECT * FROM calls WHERE ${where.join(' AND ')} ORDER BY start_time DESC, seq DESC LIMIT @limit OFFSET @offset`)
      .all(args) as CallRow[];
  }

  /** Totals of the calls that started in [start, end), optionally only inbound or only outbound ones. */
  totals(accountSid: string, start: number, end: number, direction?: 'inbound' | 'outbound'): CallTotals {
    const only = direction === 'inbound' ? "AND direction = 'inbound'" : direction === 'outbound' ? "AND direction != 'inbound'" : '';
    const r = this.db
      .prepare(`SELECT COUNT(*) AS count, COALESCE(SUM((duration + 59) / 60), 0) AS minutes, COALESCE(SUM(-price_micros), 0) AS price
        FROM calls WHERE account_sid = ? AND start_time >= ? AND start_time < ? ${only}`)
      .get(accountSid, start, end) as { count: number; minutes: number; price: number };
    return { count: r.count, minutes: r.minutes, priceMicros: r.price };
  }
}
