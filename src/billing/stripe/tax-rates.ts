/**
 * Tax rates on Stripe, for the customers part of the billing port. Stripe's tax rate list has no metadata filter and
 * no search, so a find reads the account's rates (one per jurisdiction in use) and picks by metadata.
 */
import type Stripe from 'stripe';
import type { BillingMetadata, IdempotentWrite } from '../catalogue-port';
import type { BillingTaxRate, TaxRateSpec } from '../customers-port';
import type { StripeClient } from './client';
import { stripeCall } from './errors';
import { collect, holdsMetadata, wasReplayed } from './requests';

/** Tax rates whose metadata holds every given pair, archived ones included. */
export function findTaxRates(stripe: StripeClient, metadata: BillingMetadata): Promise<BillingTaxRate[]> {
  return stripeCall({ operation: 'find tax rates' }, async () =>
    (await collect(stripe.taxRates.list({ limit: 100 }))).filter((rate) => holdsMetadata(rate.metadata, metadata)).map(taxRateOf),
  );
}

/** Creates a tax rate (Stripe takes the percentage as a number with at most four decimals). */
export function createTaxRate(stripe: StripeClient, spec: TaxRateSpec, write: IdempotentWrite): Promise<BillingTaxRate> {
  return stripeCall({ operation: `create tax rate "${spec.displayName}"` }, async () => {
    const created = await stripe.taxRates.create(
      {
        display_name: spec.displayName,
        percentage: Number(spec.percentage),
        inclusive: spec.inclusive,
        metadata: { ...spec.metadata },
        ...(spec.country !== undefined ? { country: spec.country } : {}),
        ...(spec.state !== undefined ? { state: spec.state } : {}),
        ...(spec.jurisdiction !== undefined ? { jurisdiction: spec.jurisdiction } : {}),
        ...(spec.taxType !== undefined ? { tax_type: spec.taxType as Stripe.TaxRateCreateParams.TaxType } : {}),
        ...(spec.description !== undefined ? { description: spec.description } : {}),
      },
      { idempotencyKey: write.idempotencyKey },
    );
    return taxRateOf(wasReplayed(created) ? await stripe.taxRates.retrieve(created.id) : created);
  });
}

/** Archives or restores a tax rate. */
export function setTaxRateActive(stripe: StripeClient, id: string, active: boolean): Promise<BillingTaxRate> {
  return stripeCall({ operation: `${active ? 'restore' : 'archive'} tax rate ${id}` }, async () => taxRateOf(await stripe.taxRates.update(id, { active })));
}

function taxRateOf(rate: Stripe.TaxRate): BillingTaxRate {
  return {
    id: rate.id,
    displayName: rate.display_name,
    percentage: String(rate.percentage),
    inclusive: rate.inclusive,
    country: rate.country ?? null,
    state: rate.state ?? null,
    active: rate.active,
    metadata: { ...(rate.metadata ?? {}) },
  };
}
