/**
 * Number orders from placement to completion. An order is accepted only for numbers a Telnyx search offered and that
 * are still available (Telnyx: "only phone numbers that were previously returned in a search request can be
 * ordered"); it stays `pending` for the configured delay without holding its numbers, then each number becomes owned
 * (`success`) or, when it was bought meanwhile (on either carrier), `failure`. A completed order sends a signed
 * `number_order.complete` webhook. Completion runs on a timer and also before every Telnyx request, so a sandbox on
 * an injected clock, or restarted with pending orders, completes them as soon as anyone looks.
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import type { NumbersRepository, NumberRow } from '../store/numbers-repository';
import { NumberState } from '../store/numbers-repository';
import type { TelnyxNumbersRepository } from '../store/telnyx-numbers-repository';
import type { TelnyxOrderNumberRow, TelnyxOrderRow, TelnyxOrdersRepository, TelnyxOrderStatus } from '../store/telnyx-orders-repository';
import type { SqliteDatabase } from '../store/database';
import { numericId, telnyxTime, uuid } from './ids';
import { orderResource } from './order-resource';
import { defaultSettings } from './phone-number-resource';
import { errorEntry, TelnyxApiError, TelnyxErrorCode, type TelnyxErrorEntry } from './http/telnyx-error';
import type { WebhookDeliveries } from './webhook-delivery';

/** An order as the route validated it. */
export interface OrderRequest {
  /** Each number with the JSON pointer its errors name. */
  phoneNumbers: { phoneNumber: string; pointer: string }[];
  customer_reference: string | null;
  connection_id: string | null;
  messaging_profile_id: string | null;
  billing_group_id: string | null;
  /** Sandbox extension: where this order's completion webhook goes (else the sandbox-wide URL). */
  webhook_url: string | null;
}

/** What fulfilment needs from the sandbox. */
export interface FulfilmentDeps {
  db: SqliteDatabase;
  inventory: NumbersRepository;
  phoneNumbers: TelnyxNumbersRepository;
  orders: TelnyxOrdersRepository;
  deliveries: WebhookDeliveries;
  now: () => number;
  /** The current delay between placing an order and its completion. */
  orderDelayMs: () => number;
  /** The sandbox-wide webhook URL, if any. */
  webhookUrl: () => string | null;
}

/** Places and completes number orders. */
export class OrderFulfilment {
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly inventoryById;

  constructor(private readonly deps: FulfilmentDeps) {
    this.inventoryById = deps.db.prepare('SELECT * FROM numbers WHERE id = ?');
  }

  /** The inventory row of a number id. */
  inventoryRow = (id: number): NumberRow | undefined => this.inventoryById.get(id) as NumberRow | undefined;

  /** Validates availability and stores a pending order; every unorderable number is reported at once. */
  place(request: OrderRequest): TelnyxOrderRow {
    const { inventory, phoneNumbers, orders, now } = this.deps;
    inventory.thaw(now());
    const problems: TelnyxErrorEntry[] = [];
    const seen = new Set<string>();
    const rows: NumberRow[] = [];
    for (const { phoneNumber, pointer } of request.phoneNumbers) {
      const parsed = /^\+[1-9]\d{5,14}$/.test(phoneNumber) ? parsePhoneNumberFromString(phoneNumber) : undefined;
      if (!parsed || !parsed.isValid()) {
        problems.push(errorEntry(TelnyxErrorCode.notE164, `${phoneNumber} is not a valid +E.164 phone number (e.g. +14155550123)`, { pointer }));
        continue;
      }
      if (seen.has(parsed.number)) {
        problems.push(errorEntry(TelnyxErrorCode.badRequest, `${parsed.number} appears more than once in this order; list each number once`, { pointer }));
        continue;
      }
      seen.add(parsed.number);
      const row = inventory.findByPhoneNumber(parsed.number);
      if (!row || row.state !== NumberState.available) {
        problems.push(errorEntry(TelnyxErrorCode.notFound, `${parsed.number} is not available for purchase; search available_phone_numbers for one that is`, { pointer }));
      } else if (!phoneNumbers.wasSearched(row.id)) {
        problems.push(errorEntry(TelnyxErrorCode.notFound, `${parsed.number} was not returned by a number search; Telnyx orders only numbers a search (GET /available_phone_numbers) offered`, { pointer }));
      } else {
        rows.push(row);
      }
    }
    if (problems.length > 0) throw new TelnyxApiError(422, problems);
    const at = now();
    const order: Omit<TelnyxOrderRow, 'seq'> = {
      id: uuid(), status: 'pending', customer_reference: request.customer_reference, connection_id: request.connection_id,
      messaging_profile_id: request.messaging_profile_id, billing_group_id: request.billing_group_id, webhook_url: request.webhook_url,
      created_at: at, updated_at: at, complete_at: at + this.deps.orderDelayMs(),
    };
    const numbers: TelnyxOrderNumberRow[] = rows.map((row, position) => ({
      id: uuid(), order_id: order.id, position, number_id: row.id, phone_number: row.phone_number, status: 'pending', phone_number_id: null,
    }));
    orders.insert(order, numbers);
    this.schedule(order.complete_at - at);
    return orders.findById(order.id)!;
  }

  /** Completes every pending order that is due. */
  settleDue(): void {
    const { db, inventory, phoneNumbers, orders, now } = this.deps;
    const at = now();
    const due = orders.duePending(at);
    if (due.length === 0) return;
    const completed: TelnyxOrderRow[] = [];
    db.transaction(() => {
      inventory.thaw(at);
      for (const order of due) {
        let succeeded = 0;
        const numbers = orders.numbers(order.id);
        for (const n of numbers) {
          const row = this.inventoryRow(n.number_id);
          // Taken meanwhile (bought on Twilio, or by an earlier Telnyx order): this number fails, the others go on.
          if (!row || row.state !== NumberState.available) {
            orders.settleNumber(n.id, 'failure', null);
            continue;
          }
          const id = numericId();
          phoneNumbers.insertOwned({
            id, number_id: row.id, phone_number: row.phone_number, order_id: order.id, customer_reference: order.customer_reference,
            connection_id: order.connection_id, emergency_address_id: null, tags: '[]',
            data: JSON.stringify(defaultSettings(order)), created_at: at, updated_at: at,
          }, row);
          orders.settleNumber(n.id, 'success', id);
          succeeded++;
        }
        // An order fails only when none of its numbers could be had; each number carries its own status.
        const status: TelnyxOrderStatus = succeeded > 0 || numbers.length === 0 ? 'success' : 'failure';
        orders.settleOrder(order.id, status, at);
        completed.push(orders.findById(order.id)!);
      }
    })();
    for (const order of completed) this.announce(order);
  }

  /** Arms timers for the pending orders of a reopened data dir. */
  resume(): void {
    const pending = this.deps.orders.duePending(Number.MAX_SAFE_INTEGER);
    for (const order of pending) this.schedule(order.complete_at - this.deps.now());
  }

  /** Clears the timers (the sandbox is closing). */
  stop(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  private schedule(inMs: number): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      try {
        this.settleDue();
      } catch (err) {
        // A closed database (the sandbox stopped under the timer) is the only expected cause; report anything else.
        if (!/not open/i.test((err as Error).message)) console.error(`[sandbox] telnyx order completion: ${(err as Error).stack ?? err}`);
      }
    }, Math.max(0, inMs));
    timer.unref();
    this.timers.add(timer);
  }

  private announce(order: TelnyxOrderRow): void {
    const url = order.webhook_url ?? this.deps.webhookUrl();
    if (!url) return;
    const payload = orderResource(order, this.deps.orders.numbers(order.id), this.inventoryRow);
    void this.deps.deliveries.send(url, 'number_order.complete', payload, telnyxTime(order.updated_at));
  }
}
