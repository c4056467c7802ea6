/**
 * Buying on Telnyx is an order: `POST /v2/number_orders` answers at once with status `pending`, and the order turns
 * `success` or `failure` (per number) when Telnyx has provisioned it, seconds to minutes later. Telnyx also announces
 * that by webhook, but an infrastructure run has no public endpoint to receive it, so the order is polled: backoff
 * from half a second to a few seconds, within a bounded wait, with progress told to the caller.
 *
 * The order carries the ownership marker in its `customer_reference`, and Telnyx gives it to the numbers it
 * provisions, so a run killed while waiting leaves a findable trace: {@link TelnyxNumberOrders.pendingFor} lists the
 * tag's pending orders and the next run waits for them instead of ordering again.
 */
import type { NumberOrderListResponse, NumberOrderWithPhoneNumbers } from 'telnyx/resources/number-orders';
import { CarrierError, NotFoundError, UnavailableError } from '../../core/errors';
import type { PurchaseOptions } from '../carrier';
import type { TelnyxClient } from './client';
import { referenceOf } from './customer-reference';
import { fromTelnyxError } from './errors';

/** How long and how often to poll an order. All durations in milliseconds. */
export interface OrderPolling {
  /** The longest wait for one order before giving up (the order goes on; a re-run adopts it). Default 2 minutes. */
  timeoutMs: number;
  /** The first wait between polls; it grows by half each time. Default 500. */
  initialDelayMs: number;
  /** The longest wait between polls. Default 5 s. */
  maxDelayMs: number;
}

/** Defaults of {@link OrderPolling}. */
export const DEFAULT_ORDER_POLLING: OrderPolling = Object.freeze({ timeoutMs: 120_000, initialDelayMs: 500, maxDelayMs: 5_000 });

/** An order as didops follows it. */
export interface TelnyxNumberOrder {
  readonly id: string;
  readonly status: 'pending' | 'success' | 'failure';
  /** The E.164 numbers of the order, each with its own status. */
  readonly numbers: readonly { e164: string; status: 'pending' | 'success' | 'failure' }[];
  readonly customerReference: string | null;
}

function orderOf(o: NumberOrderWithPhoneNumbers | NumberOrderListResponse): TelnyxNumberOrder {
  return {
    id: o.id ?? '',
    status: o.status ?? 'pending',
    // The list endpoint's SDK type leaves out each number's status, which Telnyx sends on both endpoints.
    numbers: (o.phone_numbers ?? []).map((n: { phone_number?: string; status?: TelnyxNumberOrder['status'] }) => ({ e164: n.phone_number ?? '', status: n.status ?? o.status ?? 'pending' })),
    customerReference: o.customer_reference ?? null,
  };
}

/** Clocks of the poll loop; tests pass fake ones. */
export interface OrderClock {
  sleep(ms: number): Promise<void>;
  now(): number;
}

export const realClock: OrderClock = { sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)), now: () => Date.now() };

/** Number orders, through the official SDK. */
export class TelnyxNumberOrders {
  private readonly polling: OrderPolling;
  private readonly clock: OrderClock;

  constructor(
    private readonly client: TelnyxClient,
    polling: Partial<OrderPolling> = {},
    clock: Partial<OrderClock> = {},
  ) {
    this.polling = { ...DEFAULT_ORDER_POLLING, ...polling };
    this.clock = { ...realClock, ...clock };
  }

  /** Orders one number that a search has just returned, marked with the tag (and routed, when a connection is given). */
  async place(e164: string, tag: string | undefined, connectionId?: string): Promise<TelnyxNumberOrder> {
    try {
      const created = await this.client.numberOrders.create({
        phone_numbers: [{ phone_number: e164 }],
        ...(tag ? { customer_reference: referenceOf(tag) } : {}),
        ...(connectionId ? { connection_id: connectionId } : {}),
      });
      if (!created.data?.id) throw new Error('Telnyx accepted the order but answered no id');
      return orderOf(created.data);
    } catch (err) {
      const error = fromTelnyxError(err, { operation: `order ${e164}`, fieldOf: { phone_numbers: 'number', phone_number: 'number', connection_id: 'trunk' } });
      // Telnyx answers "not found" about a number in the order when it is no longer for sale: taken, not missing.
      if (error instanceof NotFoundError && error.field === 'number') {
        throw new UnavailableError({
          summary: error.summary, field: 'number', status: error.status, code: error.code, requestId: error.requestId, cause: error.cause, source: 'telnyx',
          detail: 'another customer probably took it after the search; search again (didops search) and pick another number',
        });
      }
      throw error;
    }
  }

  /** The tag's orders still pending, oldest first. */
  pendingFor(tag: string): Promise<TelnyxNumberOrder[]> {
    return this.ordersFor(tag, 'pending');
  }

  /** The tag's orders in `status`, oldest first. */
  async ordersFor(tag: string, status: TelnyxNumberOrder['status']): Promise<TelnyxNumberOrder[]> {
    const out: TelnyxNumberOrder[] = [];
    try {
      for await (const order of this.client.numberOrders.list({ filter: { customer_reference: referenceOf(tag), status }, 'page[size]': 250 })) {
        // Filtered again here: a filter Telnyx ignored must not make another tag's order ours.
        if (order.customer_reference === referenceOf(tag) && order.status === status) out.push(orderOf(order));
      }
    } catch (err) {
      throw fromTelnyxError(err, { operation: `look for ${status} number orders of didops tag ${tag}` });
    }
    return out;
  }

  /**
   * Polls an order until it leaves `pending`, telling `onProgress` each time; returns it settled. Throws
   * UnavailableError (field `number`) when Telnyx could not provision `e164`, and a retryable CarrierError when the
   * wait runs out: the order goes on at Telnyx, and the next run finds it by its tag.
   */
  async settle(order: TelnyxNumberOrder, e164: string, options: PurchaseOptions = {}): Promise<TelnyxNumberOrder> {
    const started = this.clock.now();
    let delay = this.polling.initialDelayMs;
    let current = order;
    for (;;) {
      const mine = current.numbers.find((n) => n.e164 === e164);
      const status = mine?.status ?? current.status;
      const waitedMs = this.clock.now() - started;
      if (status === 'success' || (current.status === 'success' && !mine)) {
        options.onProgress?.({ e164, status: 'complete', waitedMs, orderId: current.id });
        return current;
      }
      if (status === 'failure' || current.status === 'failure') {
        throw new UnavailableError({
          summary: `Telnyx could not provision ${e164} (number order ${current.id} failed)`,
          detail: 'another customer probably took it between the search and the order; search again (didops search) and pick another number',
          field: 'number',
          source: 'telnyx',
        });
      }
      if (waitedMs >= this.polling.timeoutMs) {
        throw new CarrierError({
          summary: `Telnyx number order ${current.id} for ${e164} is still pending after ${Math.round(waitedMs / 1000)} s`,
          detail: 'the order goes on at Telnyx; run again and didops waits for this order (it finds it by its ownership tag) instead of ordering again, or give the carrier a longer order wait (orderPolling.timeoutMs)',
          field: 'number',
          source: 'telnyx',
          retryable: true,
        });
      }
      options.onProgress?.({ e164, status: 'pending', waitedMs, orderId: current.id });
      await this.clock.sleep(Math.min(delay, Math.max(0, this.polling.timeoutMs - waitedMs)));
      delay = Math.min(Math.ceil(delay * 1.5), this.polling.maxDelayMs);
      current = await this.retrieve(current.id);
    }
  }

  private async retrieve(id: string): Promise<TelnyxNumberOrder> {
    try {
      const answer = await this.client.numberOrders.retrieve(id);
      if (!answer.data) throw new Error(`Telnyx answered no data for number order ${id}`);
      return orderOf(answer.data);
    } catch (err) {
      throw fromTelnyxError(err, { operation: `read number order ${id}` });
    }
  }
}
