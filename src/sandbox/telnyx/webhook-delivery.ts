/**
 * Delivers Telnyx webhooks: the event envelope Telnyx sends (`{data: {id, event_type, occurred_at, payload,
 * record_type: "event"}, meta: {attempt, delivered_to}}`), signed, POSTed as JSON. Deliveries are fire-and-forget for
 * the request that caused them, and each outcome is kept (the last 100) for `GET /_sandbox/telnyx/webhooks`, so a test
 * or a user can see what was sent and whether the receiver took it.
 */
import { randomUUID } from 'node:crypto';
import type { WebhookSigner } from './webhook-signer';

/** How one delivery ended. */
export interface WebhookDeliveryRecord {
  id: string;
  event_type: string;
  url: string;
  /** The receiver's HTTP status, or null when it could not be reached. */
  status: number | null;
  error: string | null;
  attempted_at: string;
}

const KEPT = 100;
const TIMEOUT_MS = 10_000;

/** Sends signed events and remembers how each delivery went. */
export class WebhookDeliveries {
  private readonly records: WebhookDeliveryRecord[] = [];
  private readonly inFlight = new Set<Promise<void>>();

  constructor(private readonly signer: WebhookSigner) {}

  /** Sends one event to `url`; resolves when the receiver answered or failed (callers need not wait). */
  send(url: string, eventType: string, payload: unknown, occurredAt: string): Promise<void> {
    const id = randomUUID();
    const body = JSON.stringify({
      data: { id, event_type: eventType, occurred_at: occurredAt, payload, record_type: 'event' },
      meta: { attempt: 1, delivered_to: url },
    });
    // The receiver checks the timestamp against its own clock (the SDK allows 5 minutes), so it is the wall clock
    // even when the sandbox runs on an injected one.
    const headers = { 'content-type': 'application/json', 'user-agent': 'didops-sandbox telnyx-webhooks', ...this.signer.sign(body, Date.now() / 1000) };
    const record: WebhookDeliveryRecord = { id, event_type: eventType, url, status: null, error: null, attempted_at: new Date().toISOString() };
    const delivery = fetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(TIMEOUT_MS) })
      .then(async (res) => {
        record.status = res.status;
        await res.arrayBuffer().catch(() => undefined);
      })
      .catch((err: Error) => {
        record.error = err.message;
      })
      .finally(() => {
        this.records.push(record);
        if (this.records.length > KEPT) this.records.shift();
        this.inFlight.delete(delivery);
      });
    this.inFlight.add(delivery);
    return delivery;
  }

  /** Deliveries so far, oldest first. */
  list(): WebhookDeliveryRecord[] {
    return [...this.records];
  }

  /** Waits for deliveries under way (a closing sandbox lets them finish). */
  async drain(): Promise<void> {
    await Promise.all([...this.inFlight]);
  }
}
