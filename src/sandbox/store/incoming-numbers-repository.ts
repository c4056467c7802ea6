/**
 * The account's numbers (`incoming_numbers`, with their settings as JSON) and the history of who owned which number
 * when (`number_ownership`), which usage and the traffic switch read after a number is released.
 */
import type { NumberType } from '../inventory';
import type { SqliteDatabase } from './database';
import type { NumberRow } from './numbers-repository';

/** The updatable settings of an owned number, stored as JSON beside the inventory row. */
export interface IncomingSettings {
  friendly_name: string;
  voice_url: string | null;
  voice_method: 'GET' | 'POST';
  voice_fallback_url: string | null;
  voice_fallback_method: 'GET' | 'POST';
  voice_caller_id_lookup: boolean;
  voice_application_sid: string | null;
  voice_receive_mode: 'voice' | 'fax';
  sms_url: string | null;
  sms_method: 'GET' | 'POST';
  sms_fallback_url: string | null;
  sms_fallback_method: 'GET' | 'POST';
  sms_application_sid: string | null;
  status_callback: string | null;
  status_callback_method: 'GET' | 'POST';
  trunk_sid: string | null;
  emergency_status: 'Active' | 'Inactive';
  emergency_address_sid: string | null;
  address_sid: string | null;
  identity_sid: string | null;
  bundle_sid: string | null;
  api_version: string;
}

/** A row of the `incoming_numbers` table. */
export interface IncomingRow {
  sid: string;
  account_sid: string;
  number_id: number;
  phone_number: string;
  friendly_name: string;
  data: string;
  date_created: number;
  date_updated: number;
  seq: number;
}

/** The filters of a list of owned numbers, already validated. */
export interface IncomingListQuery {
  friendlyName?: string;
  /** Digits to find anywhere in the number, `*` standing for any one digit. */
  digits?: string;
  excludeBeta?: boolean;
  /** Only numbers hosted from elsewhere: the sandbox has none, so the list is empty. */
  hostedOnly?: boolean;
  type?: NumberType;
  afterSeq?: number;
  offset: number;
  limit: number;
}

/** One period in which an account owned a number. */
export interface OwnershipPeriod {
  incoming_sid: string;
  phone_number: string;
  iso_country: string;
  type: NumberType;
  owned_from: number;
  owned_until: number | null;
}

/** Queries and changes of the numbers an account owns. */
export class IncomingNumbersRepository {
  private readonly bySid;
  private readonly insertStmt;
  private readonly updateStmt;
  private readonly removeStmt;
  private readonly recordOwnershipStmt;
  private readonly endOwnershipStmt;
  private readonly usingAddressStmt;

  constructor(private readonly db: SqliteDatabase) {
    this.bySid = db.prepare('SELECT * FROM incoming_numbers WHERE sid = ? AND account_sid = ?');
    this.insertStmt = db.prepare(
      `INSERT INTO incoming_numbers (sid, account_sid, number_id, phone_number, friendly_name, data, date_created, date_updated, seq)
       VALUES (@sid, @account_sid, @number_id, @phone_number, @friendly_name, @data, @date_created, @date_updated, @seq)`,
    );
    this.updateStmt = db.prepare('UPDATE incoming_numbers SET data = ?, friendly_name = ?, date_updated = ? WHERE sid = ?');
    this.removeStmt = db.prepare('DELETE FROM incoming_numbers WHERE sid = ?');
    this.recordOwnershipStmt = db.prepare(
      `INSERT INTO number_ownership (incoming_sid, account_sid, number_id, phone_number, iso_country, type, owned_from)
       VALUES (@incoming_sid, @account_sid, @number_id, @phone_number, @iso_country, @type, @owned_from)`,
    );
    this.endOwnershipStmt = db.prepare('UPDATE number_ownership SET owned_until = ? WHERE incoming_sid = ?');
    this.usingAddressStmt = db.prepare(
      `SELECT phone_number FROM incoming_numbers WHERE json_extract(data, '$.address_sid') = ? OR json_extract(data, '$.emergency_address_sid') = ? ORDER BY seq`,
    );
  }

  /** An owned number of `accountSid`. */
  findRow(accountSid: string, sid: string): IncomingRow | undefined {
    return this.bySid.get(sid, accountSid) as IncomingRow | undefined;
  }

  /** Records a purchase: the owned number and the start of its ownership (the inventory row is marked elsewhere). */
  insertPurchase(record: IncomingRow, number: NumberRow): void {
    this.insertStmt.run(record);
    this.recordOwnershipStmt.run({
      incoming_sid: record.sid, account_sid: record.account_sid, number_id: number.id, phone_number: number.phone_number,
      iso_country: number.iso_country, type: number.type, owned_from: record.date_created,
    });
  }

  /** Replaces an owned number's settings. */
  updateSettings(sid: string, settings: IncomingSettings, now: number): void {
    this.updateStmt.run(JSON.stringify(settings), settings.friendly_name, now, sid);
  }

  /** Records a release: the number is no longer owned, and its ownership ends now. */
  release(sid: string, now: number): void {
    this.removeStmt.run(sid);
    this.endOwnershipStmt.run(now, sid);
  }

  /** One page of owned numbers in purchase order, each with its inventory row id; `limit + 1` rows. */
  list(accountSid: string, q: IncomingListQuery): (IncomingRow & { nid: number })[] {
    const where = ['i.account_sid = @account'];
    const args: Record<string, string | number> = { account: accountSid, limit: q.limit + 1, offset: q.offset };
    if (q.friendlyName !== undefined) { where.push('i.friendly_name = @friendly'); args.friendly = q.friendlyName; }
    if (q.digits !== undefined) {
      where.push("i.phone_number LIKE @phone ESCAPE '\\'");
      args.phone = `%${q.digits.replace(/\*/g, '_')}%`;
    }
    if (q.excludeBeta) where.push('n.beta = 0');
    if (q.hostedOnly) where.push('0');
    if (q.type) { where.push('n.type = @type'); args.type = q.type; }
    if (q.afterSeq !== undefined) { where.push('i.seq > @after'); args.after = q.afterSeq; }
    return this.db
      .prepare(`SELECT i.*, n.id AS nid FROM incoming_numbers i JOIN numbers n ON n.id = i.number_id WHERE ${where.join(' AND ')} ORDER BY i.seq LIMIT @limit OFFSET @offset`)
      .all(args) as (IncomingRow & { nid: number })[];
  }

  /** Owned numbers that reference an address (as their address or their emergency address). */
  numbersUsingAddress(addressSid: string): string[] {
    return (this.usingAddressStmt.all(addressSid, addressSid) as { phone_number: string }[]).map((r) => r.phone_number);
  }

  /** Ownership periods of `accountSid` that overlap [start, end), optionally of one number type. */
  ownedDuring(accountSid: string, start: number, end: number, type?: NumberType): OwnershipPeriod[] {
    return this.db
      .prepare(`SELECT incoming_sid, phone_number, iso_country, type, owned_from, owned_until FROM number_ownership
        WHERE account_sid = ? AND owned_from < ? AND (owned_until IS NULL OR owned_until > ?) ${type ? 'AND type = ?' : ''}`)
      .all(...[accountSid, end, start, ...(type ? [type] : [])]) as OwnershipPeriod[];
  }
}
