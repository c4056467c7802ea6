/**
 * The usage part of the billing port on Stripe: usage events go to Stripe's high-throughput meter event stream
 * (API v2, `meterEventStream.create`), 100 per request, several requests in flight, authenticated by a meter event
 * session. A session's token lives 15 minutes; it is reused until a minute before it expires and renewed then, and
 * when Stripe says it expired anyway (`TemporarySessionExpiredError`: clocks disagree, or the sandbox restarted) the
 * batch is renewed and sent again, which the identifiers make harmless. Throttles and passing failures are retried
 * with the core policy (a batch is idempotent by its identifiers); anything else becomes a DidopsError naming the
 * caller's event (`events[203].value`).
 */
import { ValidationError } from '../../core/errors';
import { DEFAULT_RETRY_POLICY, withRetry, type RetryPolicy } from '../../core/retry';
import { MAX_USAGE_NAME_LENGTH, type BillingUsage, type UsageEvent, type UsageReport } from '../usage-port';
import type { StripeClient } from './client';
import { fromStripeError, isSessionExpired, type StripeErrorContext } from './errors';

/** Events per stream request (Stripe's maximum). */
export const STREAM_BATCH_SIZE = 100;

/** How long before its expiry a session is renewed rather than used (the request may take a while to arrive). */
const RENEW_BEFORE_MS = 60_000;

/** How often one batch may meet an expired session before the failure is reported (a renewed one never expires at once). */
const MAX_RENEWALS_PER_BATCH = 2;

/** One stream event as stripe-node types it. */
type StreamEvent = Parameters<StripeClient['v2']['billing']['meterEventStream']['create']>[0]['events'][number];

/** Options of the usage port. */
export interface StripeUsageOptions {
  /** Stream requests in flight at once (default 4). */
  concurrency?: number;
  /** Retry policy for throttles and passing failures (default: the core one). */
  retryPolicy?: RetryPolicy;
  /** Waits between retries (tests pass a fast one). */
  sleep?: (ms: number) => Promise<void>;
  /** The local clock, in epoch ms, which decides when a session is due for renewal. */
  now?: () => number;
}

/** A session in use: its token and when it expires (epoch ms, by Stripe's clock). */
interface Session {
  token: string;
  expiresAt: number;
}

/** The usage part of the billing port, on the given Stripe client. */
export function stripeUsage(stripe: StripeClient, options: StripeUsageOptions = {}): BillingUsage {
  const concurrency = Math.max(1, options.concurrency ?? 4);
  const now = options.now ?? Date.now;
  const retry = { idempotent: true, method: 'POST', policy: options.retryPolicy ?? DEFAULT_RETRY_POLICY, sleep: options.sleep };
  /** The session every batch sends with (shared, so concurrent batches never create one each). */
  let shared: Promise<Session> | undefined;
  let renewals = 0;

  /** Replaces the session `seen` with a new one, unless another batch already replaced it; answers the current one. */
  const renew = (seen: Promise<Session> | undefined): Promise<Session> => {
    if (shared === seen || shared === undefined) {
      if (seen !== undefined) renewals++;
      // A session more than needed costs nothing, so creating one is retried like a batch.
      const created = withRetry(() => stripe.v2.billing.meterEventSession.create(), retry).then((s) => ({ token: s.authentication_token, expiresAt: Date.parse(s.expires_at) }));
      // A failed creation is not kept: the next batch asks again.
      created.catch(() => {
        if (shared === created) shared = undefined;
      });
      shared = created;
    }
    return shared!;
  };

  const sendBatch = async (events: StreamEvent[], offset: number): Promise<void> => {
    let from = shared ?? renew(undefined);
    for (let expiries = 0; ; ) {
      let current: Session;
      try {
        current = await from;
        if (current.expiresAt - RENEW_BEFORE_MS <= now()) current = await (from = renew(from));
      } catch (err) {
        throw fromStripeError(err, { operation: 'create a meter event session' });
      }
      try {
        await withRetry(() => stripe.v2.billing.meterEventStream.create({ events }, { apiKey: current.token }), retry);
        return;
      } catch (err) {
        if (isSessionExpired(err) && expiries++ < MAX_RENEWALS_PER_BATCH) {
          from = renew(from);
          continue;
        }
        const context: StripeErrorContext = {
          operation: `report usage events ${offset} to ${offset + events.length - 1}`,
          fieldOfParam: (param) => fieldOfStreamParam(param, offset),
        };
        throw fromStripeError(err, context);
      }
    }
  };

  return {
    async reportUsage(usage: readonly UsageEvent[]): Promise<UsageReport> {
      const events = usage.map((event, i) => streamEvent(event, i));
      const before = renewals;
      let next = 0;
      const worker = async () => {
        while (next < events.length) {
          const offset = next;
          next += STREAM_BATCH_SIZE;
          await sendBatch(events.slice(offset, offset + STREAM_BATCH_SIZE), offset);
        }
      };
      await Promise.all(Array.from({ length: Math.min(concurrency, Math.ceil(events.length / STREAM_BATCH_SIZE)) }, worker));
      return { events: events.length, batches: Math.ceil(events.length / STREAM_BATCH_SIZE), sessionRenewals: renewals - before };
    },
  };
}

/** A usage event as Stripe's stream takes it; refuses what Stripe would drop for its form, naming the event. */
function streamEvent(event: UsageEvent, i: number): StreamEvent {
  const field = (name: string) => `events[${i}].${name}`;
  const refuse = (name: string, summary: string, detail: string) => new ValidationError({ summary: `${field(name)}: ${summary}`, detail, field: field(name) });
  if (typeof event.eventName !== 'string' || event.eventName === '' || event.eventName.length > MAX_USAGE_NAME_LENGTH) {
    throw refuse('eventName', `"${String(event.eventName).slice(0, 40)}" is not a meter event name`, `give the meter's event name (1 to ${MAX_USAGE_NAME_LENGTH} characters), from minutesMeterEventName or connectMeterEventName`);
  }
  if (typeof event.customerId !== 'string' || event.customerId === '') throw refuse('customerId', 'no customer id', 'give the billing account\'s customer id, such as cus_…');
  if (typeof event.identifier !== 'string' || event.identifier === '' || event.identifier.length > MAX_USAGE_NAME_LENGTH) {
    throw refuse('identifier', `"${String(event.identifier).slice(0, 40)}" is not an identifier`, `derive one with usageIdentifier (1 to ${MAX_USAGE_NAME_LENGTH} characters), so the same usage always counts once`);
  }
  const value = valueText(event.value);
  if (value === undefined) {
    throw refuse('value', `${String(event.value)} is not a usage value`, 'give a non-negative number of at most 15 significant digits, such as 60 billable seconds');
  }
  if (!(event.timestamp instanceof Date) || Number.isNaN(event.timestamp.getTime())) throw refuse('timestamp', 'not a valid time', 'give the time of the usage as a Date');
  return {
    event_name: event.eventName,
    identifier: event.identifier,
    payload: { stripe_customer_id: event.customerId, value },
    timestamp: event.timestamp.toISOString(),
  };
}

/** A value as the decimal text Stripe takes, or undefined when it cannot be one (negative, not finite, too precise). */
function valueText(value: number): string | undefined {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) return undefined;
  const text = String(value);
  // Exponent forms (1e21, 1e-7) are not decimal text; Stripe takes at most 15 significant digits.
  if (!/^\d+(\.\d+)?$/.test(text) || text.replace('.', '').replace(/^0+/, '').length > 15) return undefined;
  return text;
}

/** The port's names of a stream event's fields, and of its payload's keys. */
const EVENT_FIELDS: Readonly<Record<string, string>> = { event_name: 'eventName', identifier: 'identifier', timestamp: 'timestamp' };
const PAYLOAD_FIELDS: Readonly<Record<string, string>> = { stripe_customer_id: 'customerId', value: 'value' };

/** The caller's field for a stream parameter (`events[3].payload.value` of the batch at 200 → `events[203].value`). */
function fieldOfStreamParam(param: string, offset: number): string | undefined {
  const match = /^events\[(\d+)\](?:\.(\w+)(?:\.(\w+))?)?$/.exec(param.replace(/\[(\w*[a-z_]\w*)\]/g, '.$1'));
  if (!match) return undefined;
  const event = `events[${offset + Number(match[1])}]`;
  if (match[2] === undefined) return event;
  const field = match[2] === 'payload' ? PAYLOAD_FIELDS[match[3] ?? ''] : EVENT_FIELDS[match[2]];
  return field === undefined ? event : `${event}.${field}`;
}
