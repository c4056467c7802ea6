/** Addresses (emergency ones included) as stored: one JSON document per address, with dates and a paging key. */
import type { SqliteDatabase } from './database';
import type { DocumentRow } from './document-row';

/** An address as stored (and as Twilio returns it, less dates and uri). */
export interface AddressData {
  sid: string;
  account_sid: string;
  customer_name: string;
  friendly_name: string | null;
  street: string;
  street_secondary: string | null;
  city: string;
  region: string;
  postal_code: string;
  iso_country: string;
  emergency_enabled: boolean;
  validated: boolean;
  verified: boolean;
}

/** A row of the `addresses` table. */
export type AddressRow = DocumentRow;

/** The filters of an address list, already validated; every one is optional. */
export interface AddressListQuery {
  customerName?: string;
  friendlyName?: string;
  isoCountry?: string;
  emergencyEnabled?: boolean;
  /** Continue after this paging key (`seq`). */
  afterSeq?: number;
  offset: number;
  limit: number;
}

/** Queries and changes of the account's addresses. */
export class AddressesRepository {
  private readonly bySid;
  private readonly insertStmt;
  private readonly updateStmt;
  private readonly deleteStmt;

  constructor(private readonly db: SqliteDatabase) {
    this.bySid = db.prepare('SELECT * FROM addresses WHERE sid = ? AND account_sid = ?');
    this.insertStmt = db.prepare(
      'INSERT INTO addresses (sid, account_sid, data, date_created, date_updated, seq) VALUES (@sid, @account_sid, @data, @date_created, @date_updated, @seq)',
    );
    this.updateStmt = db.prepare('UPDATE addresses SET data = ?, date_updated = ? WHERE sid = ?');
    this.deleteStmt = db.prepare('DELETE FROM addresses WHERE sid = ?');
  }

  /** The stored row of an address of `accountSid`. */
  findRow(accountSid: string, sid: string): AddressRow | undefined {
    return this.bySid.get(sid, accountSid) as AddressRow | undefined;
  }

  /** An address of `accountSid`, decoded. */
  find(accountSid: string, sid: string): AddressData | undefined {
    const row = this.findRow(accountSid, sid);
    return row ? (JSON.parse(row.data) as AddressData) : undefined;
  }

  /** Stores a new address. */
  insert(row: AddressRow): void {
    this.insertStmt.run(row);
  }

  /** Replaces an address's data. */
  update(sid: string, data: AddressData, now: number): void {
    this.updateStmt.run(JSON.stringify(data), now, sid);
  }

  /** Deletes an address. */
  delete(sid: string): void {
    this.deleteStmt.run(sid);
  }

  /** One page of the account's addresses in creation order; asks for `limit + 1` rows so callers know whether more follow. */
  list(accountSid: string, q: AddressListQuery): AddressRow[] {
    const where = ['account_sid = @account'];
    const args: Record<string, string | number> = { account: accountSid, limit: q.limit + 1, offset: q.offset };
    const jsonEquals = (field: string, value: string | number | undefined) => {
      if (value === undefined) return;
      where.push(`json_extract(data, '$.${field}') = @${field}`);
      args[field] = value;
    };
    jsonEquals('customer_name', q.customerName);
    jsonEquals('friendly_name', q.friendlyName);
    jsonEquals('iso_country', q.isoCountry);
    jsonEquals('emergency_enabled', q.emergencyEnabled === undefined ? undefined : q.emergencyEnabled ? 1 : 0);
    if (q.afterSeq !== undefined) {
      where.push('seq > @after');
      args.after = q.afterSeq;
    }
    return this.db.prepare(`SELECT * FROM addresses WHERE ${where.join(' AND ')} ORDER BY seq LIMIT @limit OFFSET @offset`).all(args) as AddressRow[];
  }
}
