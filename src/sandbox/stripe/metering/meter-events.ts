/**
 * Meter events and their adjustments, as Stripe validates them, for every endpoint that takes them (v1
 * `/v1/billing/meter_events`, v2 `/v2/billing/meter_events` and the v2 stream `/v2/billing/meter_event_stream`):
 * - the event name must be an active meter's (a deactivated meter takes no events);
 * - the payload names an existing customer under the meter's customer key (default `stripe_customer_id`) and carries
 *   a numeric value under its value key (default `value`): non-negative decimal text of at most 15 significant
 *   digits; a `count` meter's event may leave it out;
 * - `timestamp` (default: the customer's time) lies at most 35 days before the customer's time and at most 5 minutes
 *   after it (the customer's time is its test clock's frozen time when it has one);
 * - `identifier` (default: a fresh `mev_…` one) has not been seen before, whichever endpoint brought it.
 *
 * The synchronous endpoints answer a broken rule with Stripe's 400 naming the parameter, and a duplicate identifier
 * with a 400 "An event already exists with identifier …" (Stripe documents no error code for it; none is sent). The
 * stream cannot: Stripe answers it before validating, then reports invalid events in meter error reports and counts
 * a repeated identifier once. So {@link MeterEventIntake.recordStream} keeps the valid events, ignores duplicates and
 * files each invalid event as an error report with Stripe's code (meter-error-reports.ts), and its request succeeds.
 *
 * The hot path reads no document: the active meter of an event name and a customer's time come from caches that a
 * change of meters, customers or test clocks empties (store/document-cache.ts), and an accepted event is one row
 * written with the others of its event-loop turn (store/meter-events-repository.ts).
 */
import { newStripeId } from '../ids';
import { invalidParam, invalidRequest, resourceMissing, type StripeApiError } from '../http/stripe-error';
import { DocumentCache } from '../store/document-cache';
import type { MeterEventsRepository, NewMeterEvent } from '../store/meter-events-repository';
import type { StripeObjectsRepository } from '../store/stripe-objects-repository';
import { MeterErrorReports, type MeterErrorCode } from './meter-error-reports';
import { activeMeterFor, hasArchivedMeterNamed, METER_TYPE, type Meter } from './meters';

/** Oldest a meter event may be, in seconds (35 days). */
export const METER_EVENT_MAX_AGE_SECONDS = 35 * 86_400;
/** How far ahead of the customer's time a meter event may be, in seconds (5 minutes). */
export const METER_EVENT_MAX_AHEAD_SECONDS = 300;

const VALUE_PATTERN = /^\d+(\.\d+)?$/;

/** A meter event as sent (any endpoint; v2's RFC 3339 timestamp already read as unix seconds). */
export interface MeterEventInput {
  event_name: string;
  payload: Record<string, string>;
  identifier?: string;
  timestamp?: number;
}

/** Why an event is not counted: Stripe's error-report code, and the 400 the synchronous endpoints answer. */
export interface MeterEventRejection {
  reportCode: MeterErrorCode;
  /** The active meter the event name named, if any. */
  meter: string | null;
  /** Builds the synchronous endpoints' answer (only when one is needed: the stream never throws it). */
  error(): StripeApiError;
}

/** A stream request's outcome. */
export interface StreamOutcome {
  /** Events counted. */
  accepted: number;
  /** Events whose identifier was seen before: counted once, as on Stripe. */
  duplicates: number;
  /** Events filed as error reports. */
  rejected: number;
}

/** What recording meter events needs. */
export interface MeterEventDeps {
  store: StripeObjectsRepository;
  meterEvents: MeterEventsRepository;
  /** The Stripe time of a customer (its clock's frozen time, or the sandbox's time); undefined for no such customer. */
  timeOf: (customerId: string) => number | undefined;
  /** The sandbox's clock, in milliseconds (error reports are dated by it). */
  nowMs: () => number;
}

/** An event name's meter, as the cache keeps it. */
interface MeterOfName {
  active: Meter | undefined;
  /** No active meter, but a deactivated one has the name. */
  archived: boolean;
}

/** Meter events of one sandbox: validation, recording from every endpoint, cancellation, stream error reports. */
export class MeterEventIntake {
  /** Stream events that could not be counted. */
  readonly errorReports = new MeterErrorReports();
  private readonly meters: DocumentCache<MeterOfName>;

  constructor(private readonly deps: MeterEventDeps) {
    this.meters = new DocumentCache(deps.store, [METER_TYPE]);
  }

  /** Validates one event: the row to store, or why it is not counted. */
  check(input: MeterEventInput): NewMeterEvent | MeterEventRejection {
    const eventName = input.event_name;
    const { active: meter, archived } = this.meters.get(eventName, () => {
      const active = activeMeterFor(this.deps.store, eventName);
      return { active, archived: active === undefined && hasArchivedMeterNamed(this.deps.store, eventName) };
    });
    if (!meter) {
      return rejection(archived ? 'archived_meter' : 'no_meter', null, () =>
        invalidParam('event_name', `No active meter was found for event_name '${eventName}'. Create a meter with this event_name, or reactivate its meter.`));
    }
    const payload = input.payload;
    const customerKey = meter.customer_mapping.event_payload_key;
    const customerId = payload[customerKey];
    if (customerId === undefined || customerId === '') {
      return rejection('meter_event_no_customer_defined', meter.id, () =>
        invalidParam(`payload[${customerKey}]`, `The payload is missing the customer key '${customerKey}' that meter ${meter.id} maps customers by.`));
    }
    const now = this.deps.timeOf(customerId);
    if (now === undefined) return rejection('meter_event_customer_not_found', meter.id, () => resourceMissing('customer', customerId, `payload[${customerKey}]`));
    const valueKey = meter.value_settings.event_payload_key;
    const value = payload[valueKey];
    if (value === undefined) {
      if (meter.default_aggregation.formula !== 'count') {
        return rejection('meter_event_invalid_value', meter.id, () =>
          invalidParam(`payload[${valueKey}]`, `The payload is missing the value key '${valueKey}' of meter ${meter.id}.`));
      }
    } else {
      const problem = valueProblem(value, valueKey);
      if (problem) return rejection(problem.code, meter.id, () => invalidParam(`payload[${valueKey}]`, problem.message, problem.code));
    }
    const timestamp = input.timestamp ?? now;
    if (timestamp < now - METER_EVENT_MAX_AGE_SECONDS) {
      return rejection('timestamp_too_far_in_past', meter.id, () =>
        invalidParam('timestamp', `The timestamp ${timestamp} is more than 35 days before the current time (${now}); meter events must be reported within 35 days.`, 'timestamp_too_far_in_past'));
    }
    if (timestamp > now + METER_EVENT_MAX_AHEAD_SECONDS) {
      return rejection('timestamp_in_future', meter.id, () =>
        invalidParam('timestamp', `The timestamp ${timestamp} is more than 5 minutes after the current time (${now}).`, 'timestamp_in_future'));
    }
    return {
      meter: meter.id, event_name: eventName, identifier: input.identifier ?? newStripeId('mev'), customer: customerId, timestamp,
      value: value ?? null, payload, created: now,
    };
  }

  /** Validates and stores one event (the synchronous endpoints); throws Stripe's 400 naming the parameter at fault. */
  record(input: MeterEventInput): NewMeterEvent {
    const checked = this.check(input);
    if (isRejection(checked)) throw checked.error();
    if (this.deps.meterEvents.insert(checked) === 'duplicate') throw invalidParam('identifier', `An event already exists with identifier ${checked.identifier}.`);
    return checked;
  }

  /** Stores a stream request's valid events; duplicates count once, invalid events become error reports. */
  recordStream(inputs: readonly MeterEventInput[]): StreamOutcome {
    const valid: NewMeterEvent[] = [];
    let rejected = 0;
    for (const input of inputs) {
      const checked = this.check(input);
      if (!isRejection(checked)) {
        valid.push(checked);
        continue;
      }
      rejected++;
      this.errorReports.add({
        code: checked.reportCode, error_message: checked.error().message, meter: checked.meter, event_name: input.event_name,
        identifier: input.identifier ?? newStripeId('mev'), reported_at: new Date(this.deps.nowMs()).toISOString(),
      });
    }
    const accepted = this.deps.meterEvents.insertMany(valid);
    return { accepted, duplicates: valid.length - accepted, rejected };
  }

  /**
   * Cancels the event of `eventName` with `identifier`, so no summary or invoice counts it. Unlike Stripe (which
   * processes adjustments later and reports nothing), an identifier no live event of that name has is a 400 at once:
   * a sandbox user learns of the typo now.
   */
  cancel(eventName: string, identifier: string): void {
    if (!this.deps.meterEvents.cancel(eventName, identifier)) {
      throw invalidRequest(`No meter event with identifier '${identifier}' and event_name '${eventName}' is left to cancel.`, 'cancel[identifier]', 'resource_missing');
    }
  }
}

/** True for a rejection (a stored row has an `identifier`, a rejection never does). */
function isRejection(checked: NewMeterEvent | MeterEventRejection): checked is MeterEventRejection {
  return (checked as MeterEventRejection).reportCode !== undefined;
}

function rejection(reportCode: MeterErrorCode, meter: string | null, error: () => StripeApiError): MeterEventRejection {
  return { reportCode, meter, error };
}

/** What is wrong with a payload value, if anything. */
function valueProblem(value: string, valueKey: string): { code: 'meter_event_invalid_value' | 'meter_event_value_too_many_digits'; message: string } | undefined {
  if (!VALUE_PATTERN.test(value)) {
    return { code: 'meter_event_invalid_value', message: `Invalid ${valueKey} '${value.slice(0, 40)}': a meter event value is a non-negative number such as 12 or 0.5.` };
  }
  // Leading zeros are not significant ("0.5" has one digit); the fast path skips the work for short values.
  if (value.length > 15 && value.replace('.', '').replace(/^0+/, '').length > 15) {
    return { code: 'meter_event_value_too_many_digits', message: `The value in the event payload can have at most 15 digits. Received ${value.slice(0, 40)}.` };
  }
  return undefined;
}
