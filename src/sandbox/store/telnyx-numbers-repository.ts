/**
 * Telnyx-owned numbers: the search hits that make a number orderable, the owned numbers themselves, and their
 * ownership periods (in the shared `number_ownership` table, under the Telnyx account id, so the traffic switch makes
 * calls for them and the Twilio account's usage never counts them).
 */
import type { NumberType } from '../inventory';
import type { SqliteDatabase } from './database';
import { NumberState, type NumberRow } from './numbers-repository';

/** A row of `telnyx_phone_numbers`. */
export interface TelnyxPhoneNumberRow {
  seq: number;
  id: string;
  number_id: number;
  phone_number: string;
  order_id: string | null;
  customer_reference: string | null;
  connection_id: string | null;
  emergency_address_id: string | null;
  /** JSON array of strings. */
  tags: string;
  /** JSON of the remaining settings. */
  data: string;
  created_at: number;
  updated_at: number;
}

/** The filters `GET /phone_numbers` understands, validated. */
export interface TelnyxPhoneNumberFilter {
  /** Digits the number must contain. */
  phoneNumberDigits?: string;
  tag?: string;
  withoutTags?: boolean;
  customerReference?: string;
  connectionId?: string;
  emergencyAddressId?: string;
  billingGroupId?: string;
  countries?: string[];
  type?: NumberType;
  /** Telnyx statuses other than `active` match nothing: every sandbox number is active once its order completes. */
  onlyNothing?: boolean;
  sort?: 'purchased_at' | 'phone_number';
}

/** Queries and changes of Telnyx-owned numbers. */
export class TelnyxNumbersRepository {
  private readonly hit;
  private readonly searched;
  private readonly insertStmt;
  private readonly byId;
  private readonly updateStmt;
  private readonly deleteStmt;
  private readonly ownStmt;
  private readonly endOwnStmt;
  private readonly markStmt;
  private readonly usingAddress;

  constructor(
    private readonly db: SqliteDatabase,
    /** The Telnyx account's id in `number_ownership` and `calls`. */
    private readonly accountId: string,
  ) {
    this.hit = db.prepare('INSERT INTO telnyx_search_hits (number_id, seen_at) VALUES (?, ?) ON CONFLICT(number_id) DO UPDATE SET seen_at = excluded.seen_at');
    this.searched = db.prepare('SELECT 1 FROM telnyx_search_hits WHERE number_id = ?');
    this.insertStmt = db.prepare(
      `INSERT INTO telnyx_phone_numbers (id, number_id, phone_number, order_id, customer_reference, connection_id, emergency_address_id, tags, data, created_at, updated_at)
       VALUES (@id, @number_id, @phone_number, @order_id, @customer_reference, @connection_id, @emergency_address_id, @tags, @data, @created_at, @updated_at)`,
    );
    this.byId = db.prepare('SELECT * FROM telnyx_phone_numbers WHERE id = ?');
    this.updateStmt = db.prepare(
      `UPDATE telnyx_phone_numbers SET customer_reference = @customer_reference, connection_id = @connection_id,
        emergency_address_id = @emergency_address_id, tags = @tags, data = @data, updated_at = @updated_at WHERE id = @id`,
    );
    this.deleteStmt = db.prepare('DELETE FROM telnyx_phone_numbers WHERE id = ?');
    this.ownStmt = db.prepare(
      `INSERT INTO number_ownership (incoming_sid, account_sid, number_id, phone_number, iso_country, type, owned_from)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    this.endOwnStmt = db.prepare('UPDATE number_ownership SET owned_until = ? WHERE incoming_sid = ?');
    this.markStmt = db.prepare('UPDATE numbers SET state = ?, available_at = ? WHERE id = ?');
    this.usingAddress = db.prepare('SELECT phone_number FROM telnyx_phone_numbers WHERE emergency_address_id = ? ORDER BY seq');
  }

  /** Remembers that a search offered these numbers. */
  recordSearchHits(numberIds: number[], now: number): void {
    this.db.transaction(() => {
      for (const id of numberIds) this.hit.run(id, now);
    })();
  }

  /** Whether a Telnyx search ever offered this number. */
  wasSearched(numberId: number): boolean {
    return this.searched.get(numberId) !== undefined;
  }

  /** Makes an available inventory number owned by the Telnyx account; the caller checked that it is available. */
  insertOwned(row: Omit<TelnyxPhoneNumberRow, 'seq'>, number: NumberRow): void {
    this.insertStmt.run(row);
    this.ownStmt.run(row.id, this.accountId, number.id, number.phone_number, number.iso_country, number.type, row.created_at);
    this.markStmt.run(NumberState.owned, null, number.id);
  }

  /** One owned number by id. */
  findById(id: string): TelnyxPhoneNumberRow | undefined {
    return this.byId.get(id) as TelnyxPhoneNumberRow | undefined;
  }

  /** Saves changed settings of an owned number. */
  update(row: TelnyxPhoneNumberRow): void {
    this.updateStmt.run(row);
  }

  /** Releases a number: it leaves the account and returns to the inventory after the cooldown. */
  release(row: TelnyxPhoneNumberRow, now: number, availableAt: number): void {
    this.deleteStmt.run(row.id);
    this.endOwnStmt.run(now, row.id);
    this.markStmt.run(NumberState.coolingDown, availableAt, row.number_id);
  }

  /** Owned numbers whose emergency address is this one. */
  numbersUsingAddress(addressId: string): string[] {
    return (this.usingAddress.all(addressId) as { phone_number: string }[]).map((r) => r.phone_number);
  }

  /** One page of owned numbers and the number of matches. */
  list(filter: TelnyxPhoneNumberFilter, offset: number, limit: number): { rows: TelnyxPhoneNumberRow[]; total: number } {
    if (filter.onlyNothing) return { rows: [], total: 0 };
    const where: string[] = ['1 = 1'];
    const args: Record<string, string | number> = {};
    if (filter.phoneNumberDigits !== undefined) {
      where.push("p.phone_number LIKE @digits ESCAPE '\\'");
      args.digits = `%${filter.phoneNumberDigits}%`;
    }
    if (filter.tag !== undefined) {
      where.push('EXISTS (SELECT 1 FROM json_each(p.tags) t WHERE t.value = @tag)');
      args.tag = filter.tag;
    }
    if (filter.withoutTags) where.push("p.tags = '[]'");
    const eq = (column: string, key: string, value: string | undefined) => {
      if (value === undefined) return;
      where.push(`p.${column} = @${key}`);
      args[key] = value;
    };
    eq('customer_reference', 'customerReference', filter.customerReference);
    eq('connection_id', 'connectionId', filter.connectionId);
    eq('emergency_address_id', 'emergencyAddressId', filter.emergencyAddressId);
    if (filter.billingGroupId !== undefined) {
      where.push("json_extract(p.data, '$.billing_group_id') = @billingGroupId");
      args.billingGroupId = filter.billingGroupId;
    }
    if (filter.countries?.length) {
      where.push(`n.iso_country IN (${filter.countries.map((_, i) => `@country${i}`).join(', ')})`);
      filter.countries.forEach((c, i) => (args[`country${i}`] = c));
    }
    if (filter.type !== undefined) {
      where.push('n.type = @type');
      args.type = filter.type;
    }
    const from = 'telnyx_phone_numbers p JOIN numbers n ON n.id = p.number_id';
    const total = (this.db.prepare(`SELECT COUNT(*) AS n FROM ${from} WHERE ${where.join(' AND ')}`).get(args) as { n: number }).n;
    const order = filter.sort === 'phone_number' ? 'p.phone_number' : 'p.seq';
    const rows = this.db
      .prepare(`SELECT p.* FROM ${from} WHERE ${where.join(' AND ')} ORDER BY ${order} LIMIT @limit OFFSET @offset`)
      .all({ ...args, limit, offset }) as TelnyxPhoneNumberRow[];
    return { rows, total };
  }
}
