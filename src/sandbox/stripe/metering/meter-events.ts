/**
 * Meter events and their adjustments, as Stripe validates them when they arrive:
 * - the event name must be an active meter's (a deactivated meter takes no events);
 * - the payload names an existing customer under the meter's customer key (default `stripe_customer_id`) and carries
 *   a numeric value under its value key (default `value`): non-negative decimal text of at most 15 significant
 *   digits; a `count` meter's event may leave it out;
 * - `timestamp` (default: the customer's time) lies at most 35 days before the customer's time and at most 5 minutes
 *   after it (the customer's time is its test clock's frozen time when it has one);
 * - `identifier` (default: a fresh `mev_…` one) has not been seen before: Stripe answers a duplicate with a 400
 *   "An event already exists with identifier …" (Stripe documents no error code for it; none is sent).
 * The accepted event is one INSERT (meter-events-repository.ts): this path is meant to take ≥ 10,000 events a second.
 */
import { randomBytes } from 'node:crypto';
import { invalidParam, invalidRequest, resourceMissing } from '../http/stripe-error';
import type { MeterEventsRepository } from '../store/meter-events-repository';
import type { StripeObjectsRepository } from '../store/stripe-objects-repository';
import { activeMeterFor } from './meters';

/** Oldest a meter event may be, in seconds (35 days). */
export const METER_EVENT_MAX_AGE_SECONDS = 35 * 86_400;
/** How far ahead of the customer's time a meter event may be, in seconds (5 minutes). */
export const METER_EVENT_MAX_AHEAD_SECONDS = 300;

const VALUE_PATTERN = /^\d+(\.\d+)?$/;

/** A meter event as sent. */
export interface MeterEventInput {
  event_name: string;
  payload: Record<string, string>;
  identifier?: string;
  timestamp?: number;
}

/** A meter event as answered (Billing.MeterEvent: it has no id). */
export interface MeterEventAnswer {
  object: 'billing.meter_event';
  created: number;
  event_name: string;
  identifier: string;
  livemode: false;
  payload: Record<string, string>;
  timestamp: number;
}

/** What recording meter events needs. */
export interface MeterEventDeps {
  store: StripeObjectsRepository;
  meterEvents: MeterEventsRepository;
  /** The Stripe time of a customer (its clock's frozen time, or the sandbox's time); undefined for no such customer. */
  timeOf: (customerId: string) => number | undefined;
}

/** Validates and stores one meter event; throws Stripe's 400 naming the parameter at fault. */
export function recordMeterEvent(deps: MeterEventDeps, input: MeterEventInput): MeterEventAnswer {
  const meter = activeMeterFor(deps.store, input.event_name);
  if (!meter) throw invalidParam('event_name', `No active meter was found for event_name '${input.event_name}'. Create a meter with this event_name, or reactivate its meter.`);
  const customerKey = meter.customer_mapping.event_payload_key;
  const customerId = input.payload[customerKey];
  if (customerId === undefined || customerId === '') {
    throw invalidParam(`payload[${customerKey}]`, `The payload is missing the customer key '${customerKey}' that meter ${meter.id} maps customers by.`);
  }
  const now = deps.timeOf(customerId);
  if (now === undefined) throw resourceMissing('customer', customerId, `payload[${customerKey}]`);
  const valueKey = meter.value_settings.event_payload_key;
  const value = input.payload[valueKey];
  if (value === undefined && meter.default_aggregation.formula !== 'count') {
    throw invalidParam(`payload[${valueKey}]`, `The payload is missing the value key '${valueKey}' of meter ${meter.id}.`);
  }
  if (value !== undefined) checkValue(value, valueKey);
  const timestamp = input.timestamp ?? now;
  if (timestamp < now - METER_EVENT_MAX_AGE_SECONDS) {
    throw invalidParam('timestamp', `The timestamp ${timestamp} is more than 35 days before the current time (${now}); meter events must be reported within 35 days.`, 'timestamp_too_far_in_past');
  }
  if (timestamp > now + METER_EVENT_MAX_AHEAD_SECONDS) {
    throw invalidParam('timestamp', `The timestamp ${timestamp} is more than 5 minutes after the current time (${now}).`, 'timestamp_in_future');
  }
  const identifier = input.identifier ?? `mev_${randomBytes(12).toString('hex')}`;
  const outcome = deps.meterEvents.insert({
    meter: meter.id, event_name: input.event_name, identifier, customer: customerId, timestamp, value: value ?? null, payload: input.payload, created: now,
  });
  if (outcome === 'duplicate') throw invalidParam('identifier', `An event already exists with identifier ${identifier}.`);
  return { object: 'billing.meter_event', created: now, event_name: input.event_name, identifier, livemode: false, payload: input.payload, timestamp };
}

/** A meter event adjustment as answered. */
export interface MeterEventAdjustmentAnswer {
  object: 'billing.meter_event_adjustment';
  cancel: { identifier: string };
  event_name: string;
  livemode: false;
  status: 'complete';
  type: 'cancel';
}

/**
 * Cancels the event of `eventName` with `identifier`, so no summary or invoice counts it. Unlike Stripe (which
 * processes adjustments later and reports nothing), an identifier no live event of that name has is a 400 at once:
 * a sandbox user learns of the typo now.
 */
export function cancelMeterEvent(deps: Pick<MeterEventDeps, 'meterEvents'>, eventName: string, identifier: string): MeterEventAdjustmentAnswer {
  if (!deps.meterEvents.cancel(eventName, identifier)) {
    throw invalidRequest(`No meter event with identifier '${identifier}' and event_name '${eventName}' is left to cancel.`, 'cancel[identifier]', 'resource_missing');
  }
  return { object: 'billing.meter_event_adjustment', cancel: { identifier }, event_name: eventName, livemode: false, status: 'complete', type: 'cancel' };
}

function checkValue(value: string, valueKey: string): void {
  const digits = value.replace('.', '').replace(/^0+/, '');
  if (!VALUE_PATTERN.test(value)) {
    throw invalidParam(`payload[${valueKey}]`, `Invalid ${valueKey} '${value.slice(0, 40)}': a meter event value is a non-negative number such as 12 or 0.5.`, 'meter_event_invalid_value');
  }
  if (digits.length > 15) {
    throw invalidParam(`payload[${valueKey}]`, `The value in the event payload can have at most 15 digits. Received ${value.slice(0, 40)}.`, 'meter_event_value_too_many_digits');
  }
}
