/**
 * Billing meters (`billing.meter`), kept in the shared document store under that type, where the foundation's
 * `findMeter` (services/meter-lookup.ts) finds the meter a metered price's `recurring[meter]` names. An active meter holds its
 * `event_name` as the store's lookup key, which makes the name unique among active meters (the store's unique index)
 * and gives meter events an indexed lookup from name to meter; a deactivated meter releases the name.
 */
import { newStripeId } from '../ids';
import { invalidParam, invalidRequest } from '../http/stripe-error';
import type { StripeObject, StripeObjectsRepository } from '../store/stripe-objects-repository';
import type { MeterFormula } from '../billing/meter-aggregation';

/** The store type of meters. */
export const METER_TYPE = 'billing.meter';

/** A meter as stored and served (Billing.Meter of API 2026-10-28). */
export interface Meter extends StripeObject {
  object: 'billing.meter';
  customer_mapping: { event_payload_key: string; type: 'by_id' };
  default_aggregation: { formula: MeterFormula };
  display_name: string;
  event_name: string;
  event_time_window: 'day' | 'hour' | null;
  livemode: false;
  status: 'active' | 'inactive';
  status_transitions: { deactivated_at: number | null };
  updated: number;
  value_settings: { event_payload_key: string };
}

/** What creating a meter takes. */
export interface MeterDraft {
  display_name: string;
  event_name: string;
  formula: MeterFormula;
  customerKey?: string;
  valueKey?: string;
  eventTimeWindow?: 'day' | 'hour';
}

/** The active meter whose `event_name` is `eventName`, or undefined. */
export function activeMeterFor(store: StripeObjectsRepository, eventName: string): Meter | undefined {
  return store.findByLookupKey<Meter>(METER_TYPE, eventName);
}

/** Whether a deactivated meter has `eventName` (Stripe reports its events as `archived_meter`, not `no_meter`). */
export function hasArchivedMeterNamed(store: StripeObjectsRepository, eventName: string): boolean {
  for (const _ of store.scan<Meter>({ type: METER_TYPE, where: (m) => m.event_name === eventName && m.status === 'inactive' })) return true;
  return false;
}

/** Creates an active meter at `now`; an active meter with the same event name is a 400 on `event_name`. */
export function createMeter(store: StripeObjectsRepository, draft: MeterDraft, now: number): Meter {
  refuseTakenEventName(store, draft.event_name);
  const meter: Meter = {
    id: newStripeId('mtr'),
    object: 'billing.meter',
    created: now,
    customer_mapping: { event_payload_key: draft.customerKey ?? 'stripe_customer_id', type: 'by_id' },
    default_aggregation: { formula: draft.formula },
    display_name: draft.display_name,
    event_name: draft.event_name,
    event_time_window: draft.eventTimeWindow ?? null,
    livemode: false,
    status: 'active',
    status_transitions: { deactivated_at: null },
    updated: now,
    value_settings: { event_payload_key: draft.valueKey ?? 'value' },
  };
  return store.insert(meter, { lookupKey: meter.event_name });
}

/** Renames a meter (its display name is all Stripe lets change). */
export function renameMeter(store: StripeObjectsRepository, meter: Meter, displayName: string, now: number): Meter {
  return store.update({ ...meter, display_name: displayName, updated: now });
}

/** Deactivates a meter: it takes no more events and frees its event name. */
export function deactivateMeter(store: StripeObjectsRepository, meter: Meter, now: number): Meter {
  if (meter.status === 'inactive') throw invalidRequest(`The meter ${meter.id} is already inactive.`);
  return store.update({ ...meter, status: 'inactive', status_transitions: { deactivated_at: now }, updated: now }, { lookupKey: null });
}

/** Reactivates a meter, if no other active meter took its event name meanwhile. */
export function reactivateMeter(store: StripeObjectsRepository, meter: Meter, now: number): Meter {
  if (meter.status === 'active') throw invalidRequest(`The meter ${meter.id} is already active.`);
  refuseTakenEventName(store, meter.event_name);
  return store.update({ ...meter, status: 'active', status_transitions: { deactivated_at: null }, updated: now }, { lookupKey: meter.event_name });
}

function refuseTakenEventName(store: StripeObjectsRepository, eventName: string): void {
  const holder = activeMeterFor(store, eventName);
  if (holder) {
    throw invalidParam('event_name', `An active meter with event_name '${eventName}' already exists (${holder.id}). Deactivate it first, or choose another event_name.`);
  }
}
