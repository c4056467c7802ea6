/** Telnyx number orders and the numbers in each, with the queries the order lists and the fulfilment need. */
import type { SqliteDatabase } from './database';

/** Status of an order and of each number in it. */
export type TelnyxOrderStatus = 'pending' | 'success' | 'failure';

/** A row of `telnyx_number_orders`. */
export interface TelnyxOrderRow {
  seq: number;
  id: string;
  status: TelnyxOrderStatus;
  customer_reference: string | null;
  connection_id: string | null;
  messaging_profile_id: string | null;
  billing_group_id: string | null;
  webhook_url: string | null;
  created_at: number;
  updated_at: number;
  complete_at: number;
}

/** A row of `telnyx_order_numbers`. */
export interface TelnyxOrderNumberRow {
  id: string;
  order_id: string;
  position: number;
  number_id: number;
  phone_number: string;
  status: TelnyxOrderStatus;
  phone_number_id: string | null;
}

/** The filters `GET /number_orders` understands, validated. */
export interface TelnyxOrderFilter {
  status?: string;
  customerReference?: string;
  createdAfter?: number;
  createdBefore?: number;
  phoneNumbersCount?: number;
}

/** Queries and changes of number orders. */
export class TelnyxOrdersRepository {
  private readonly insertOrder;
  private readonly insertNumber;
  private readonly byId;
  private readonly numbersOf;
  private readonly due;
  private readonly setNumber;
  private readonly setOrder;
  private readonly setReference;

  constructor(private readonly db: SqliteDatabase) {
    this.insertOrder = db.prepare(
      `INSERT INTO telnyx_number_orders (id, status, customer_reference, connection_id, messaging_profile_id, billing_group_id, webhook_url, created_at, updated_at, complete_at)
       VALUES (@id, @status, @customer_reference, @connection_id, @messaging_profile_id, @billing_group_id, @webhook_url, @created_at, @updated_at, @complete_at)`,
    );
    this.insertNumber = db.prepare(
      `INSERT INTO telnyx_order_numbers (id, order_id, position, number_id, phone_number, status, phone_number_id)
       VALUES (@id, @order_id, @position, @number_id, @phone_number, @status, @phone_number_id)`,
    );
    this.byId = db.prepare('SELECT * FROM telnyx_number_orders WHERE id = ?');
    this.numbersOf = db.prepare('SELECT * FROM telnyx_order_numbers WHERE order_id = ? ORDER BY position');
    this.due = db.prepare("SELECT * FROM telnyx_number_orders WHERE status = 'pending' AND complete_at <= ? ORDER BY complete_at, seq");
    this.setNumber = db.prepare('UPDATE telnyx_order_numbers SET status = ?, phone_number_id = ? WHERE id = ?');
    this.setOrder = db.prepare('UPDATE telnyx_number_orders SET status = ?, updated_at = ? WHERE id = ?');
    this.setReference = db.prepare('UPDATE telnyx_number_orders SET customer_reference = ?, updated_at = ? WHERE id = ?');
  }

  /** Stores a new order with its numbers. */
  insert(order: Omit<TelnyxOrderRow, 'seq'>, numbers: TelnyxOrderNumberRow[]): void {
    this.db.transaction(() => {
      this.insertOrder.run(order);
      for (const n of numbers) this.insertNumber.run(n);
    })();
  }

  /** One order by id. */
  findById(id: string): TelnyxOrderRow | undefined {
    return this.byId.get(id) as TelnyxOrderRow | undefined;
  }

  /** The numbers of an order, in the order they were asked for. */
  numbers(orderId: string): TelnyxOrderNumberRow[] {
    return this.numbersOf.all(orderId) as TelnyxOrderNumberRow[];
  }

  /** Pending orders whose fulfilment time has come, oldest first. */
  duePending(now: number): TelnyxOrderRow[] {
    return this.due.all(now) as TelnyxOrderRow[];
  }

  /** Records how one number of an order ended. */
  settleNumber(id: string, status: TelnyxOrderStatus, phoneNumberId: string | null): void {
    this.setNumber.run(status, phoneNumberId, id);
  }

  /** Records how an order ended. */
  settleOrder(id: string, status: TelnyxOrderStatus, now: number): void {
    this.setOrder.run(status, now, id);
  }

  /** Changes an order's customer reference. */
  updateCustomerReference(id: string, reference: string | null, now: number): void {
    this.setReference.run(reference, now, id);
  }

  /** One page of orders (oldest first) and the number of matches. */
  list(filter: TelnyxOrderFilter, offset: number, limit: number): { rows: TelnyxOrderRow[]; total: number } {
    const where: string[] = ['1 = 1'];
    const args: Record<string, string | number> = {};
    if (filter.status !== undefined) {
      where.push('o.status = @status');
      args.status = filter.status;
    }
    if (filter.customerReference !== undefined) {
      where.push('o.customer_reference = @reference');
      args.reference = filter.customerReference;
    }
    if (filter.createdAfter !== undefined) {
      where.push('o.created_at > @after');
      args.after = filter.createdAfter;
    }
    if (filter.createdBefore !== undefined) {
      where.push('o.created_at < @before');
      args.before = filter.createdBefore;
    }
    if (filter.phoneNumbersCount !== undefined) {
      where.push('(SELECT COUNT(*) FROM telnyx_order_numbers n WHERE n.order_id = o.id) = @count');
      args.count = filter.phoneNumbersCount;
    }
    const sql = `FROM telnyx_number_orders o WHERE ${where.join(' AND ')}`;
    const total = (this.db.prepare(`SELECT COUNT(*) AS n ${sql}`).get(args) as { n: number }).n;
    const rows = this.db.prepare(`SELECT o.* ${sql} ORDER BY o.seq LIMIT @limit OFFSET @offset`).all({ ...args, limit, offset }) as TelnyxOrderRow[];
    return { rows, total };
  }
}
