/**
 * Billing meters on Stripe, for the catalogue part of the billing port. Stripe's meter list has no filter by event
 * name, so finding one reads the account's meters (a handful per rate card) and picks by name.
 */
import type Stripe from 'stripe';
import type { CatalogueMeter, IdempotentWrite, MeterSpec } from '../catalogue-port';
import type { StripeClient } from './client';
import { stripeCall } from './errors';
import { collect, wasReplayed } from './requests';

/** Every meter of the account, active or not. */
export function listMeters(stripe: StripeClient): Promise<CatalogueMeter[]> {
  return stripeCall({ operation: 'list meters' }, async () => (await collect(stripe.billing.meters.list({ limit: 100 }))).map(meterOf));
}

/**
 * Creates a meter: `sum` meters add the `value` of their events (billable seconds), `count` meters count events
 * (answered calls). Both map the customer by `stripe_customer_id`, Stripe's default, which the reconciler sends.
 */
export function createMeter(stripe: StripeClient, spec: MeterSpec, write: IdempotentWrite): Promise<CatalogueMeter> {
  return stripeCall({ operation: `create meter ${spec.eventName}` }, async () => {
    const created = await stripe.billing.meters.create(
      {
        event_name: spec.eventName,
        display_name: spec.displayName,
        default_aggregation: { formula: spec.aggregation },
        customer_mapping: { type: 'by_id', event_payload_key: 'stripe_customer_id' },
        ...(spec.aggregation === 'sum' ? { value_settings: { event_payload_key: 'value' } } : {}),
      },
      { idempotencyKey: write.idempotencyKey },
    );
    return meterOf(wasReplayed(created) ? await stripe.billing.meters.retrieve(created.id) : created);
  });
}

/** Deactivates or reactivates a meter; asking for the state it is already in changes nothing. */
export function setMeterActive(stripe: StripeClient, id: string, active: boolean): Promise<CatalogueMeter> {
  return stripeCall({ operation: `${active ? 'reactivate' : 'deactivate'} meter ${id}` }, async () => {
    const meter = await stripe.billing.meters.retrieve(id);
    if ((meter.status === 'active') === active) return meterOf(meter);
    return meterOf(active ? await stripe.billing.meters.reactivate(id) : await stripe.billing.meters.deactivate(id));
  });
}

/** Renames a meter in the dashboard. */
export function renameMeter(stripe: StripeClient, id: string, displayName: string): Promise<CatalogueMeter> {
  return stripeCall({ operation: `rename meter ${id}` }, async () => meterOf(await stripe.billing.meters.update(id, { display_name: displayName })));
}

function meterOf(meter: Stripe.Billing.Meter): CatalogueMeter {
  return {
    id: meter.id,
    eventName: meter.event_name,
    displayName: meter.display_name,
    aggregation: meter.default_aggregation.formula === 'count' ? 'count' : 'sum',
    active: meter.status === 'active',
  };
}
