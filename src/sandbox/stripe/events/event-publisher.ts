/**
 * Publishes Stripe events, for every part of the sandbox that causes one (customers, payments, and the billing
 * objects): stores the `event` object (`evt_…`, `api_version`, `data.object`, `data.previous_attributes`, the
 * `request` that caused it, `pending_webhooks`) and queues it, signed, to every enabled webhook endpoint listening
 * for its type (`*` listens for all). An event's `created` is its customer's time: the test clock's frozen time for
 * a customer on a clock, the sandbox's clock otherwise.
 */
import { STRIPE_SANDBOX_API_VERSION } from '../api-version';
import { newStripeId } from '../ids';
import { currentStripeRequest } from '../http/request-scope';
import type { StripeObject, StripeObjectsRepository } from '../store/stripe-objects-repository';
import type { StripeWebhookDispatcher } from './webhook-dispatcher';

/** A stored event. */
export interface StripeEvent extends StripeObject {
  object: 'event';
  api_version: string;
  data: { object: StripeObject; previous_attributes?: Record<string, unknown> };
  livemode: false;
  pending_webhooks: number;
  request: { id: string | null; idempotency_key: string | null };
  type: string;
}

/** A webhook endpoint as stored: the served object plus its signing secret (served only by the create call). */
export interface StoredWebhookEndpoint extends StripeObject {
  object: 'webhook_endpoint';
  url: string;
  enabled_events: string[];
  status: 'enabled' | 'disabled';
  secret: string;
}

/** Options of {@link StripeEventPublisher.publish}. */
export interface PublishOptions {
  /** The event's `created` (unix seconds); by default the customer's time (see {@link customerOf}). */
  at?: number;
  /** The fields an update changed, with their values before it (`data.previous_attributes`). */
  previousAttributes?: Record<string, unknown>;
  /** The customer whose clock dates the event, when the object does not name one itself. */
  customer?: string | null;
}

/** The customer an object belongs to: a customer itself, or the id (or expanded object) in its `customer` field. */
export function customerOf(object: StripeObject): string | null {
  if (object.object === 'customer') return object.id;
  const customer = object.customer;
  if (typeof customer === 'string') return customer;
  if (typeof customer === 'object' && customer !== null && typeof (customer as { id?: unknown }).id === 'string') return (customer as { id: string }).id;
  return null;
}

/** Stores and sends events. */
export class StripeEventPublisher {
  constructor(
    private readonly store: StripeObjectsRepository,
    private readonly dispatcher: StripeWebhookDispatcher,
    /** The Stripe time of a customer (see StripeSandbox.timeOf). */
    private readonly timeOf: (customerId?: string | null) => number,
  ) {}

  /** Publishes `type` about `object` (its state now); returns the stored event. */
  publish(type: string, object: StripeObject, options: PublishOptions = {}): StripeEvent {
    const customer = options.customer !== undefined ? options.customer : customerOf(object);
    const endpoints = [...this.store.scan<StoredWebhookEndpoint>({
      type: 'webhook_endpoint',
      where: (e) => e.status === 'enabled' && (e.enabled_events.includes('*') || e.enabled_events.includes(type)),
    })].reverse();
    const request = currentStripeRequest();
    const event: StripeEvent = {
      id: newStripeId('evt'),
      object: 'event',
      api_version: STRIPE_SANDBOX_API_VERSION,
      created: options.at ?? this.timeOf(customer),
      data: options.previousAttributes ? { object: structuredClone(object), previous_attributes: options.previousAttributes } : { object: structuredClone(object) },
      livemode: false,
      pending_webhooks: endpoints.length,
      request: { id: request?.id ?? null, idempotency_key: request?.idempotencyKey ?? null },
      type,
    };
    this.store.insert(event, { customer });
    // Stripe sends events pretty-printed; receivers verify the exact bytes, so they are built once for every endpoint.
    const body = JSON.stringify(event, null, 2);
    for (const endpoint of endpoints) this.dispatcher.enqueue({ endpointId: endpoint.id, url: endpoint.url, secret: endpoint.secret }, event, body);
    return event;
  }

  /** Counts one accepted delivery against the event's `pending_webhooks`. */
  delivered(eventId: string): void {
    const event = this.store.get<StripeEvent>('event', eventId);
    if (event && event.pending_webhooks > 0) this.store.update({ ...event, pending_webhooks: event.pending_webhooks - 1 });
  }
}
