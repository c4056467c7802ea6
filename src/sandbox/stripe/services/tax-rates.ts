/**
 * Tax rates: a percentage, inclusive or exclusive, for a jurisdiction. The percentage and inclusiveness never change
 * (Stripe's rule: create a new rate and archive the old one); the rest can.
 */
import type { SandboxContext } from '../../context';
import { previousAttributes } from '../events/previous-attributes';
import { newStripeId } from '../ids';
import { applyMetadata, type StripeParams } from '../http/params';
import { invalidParam } from '../http/stripe-error';
import type { StripeObject } from '../store/stripe-objects-repository';

/** A tax rate as served. */
export interface StripeTaxRate extends StripeObject {
  object: 'tax_rate';
  active: boolean;
  country: string | null;
  description: string | null;
  display_name: string;
  effective_percentage: number;
  inclusive: boolean;
  jurisdiction: string | null;
  metadata: Record<string, string>;
  percentage: number;
  state: string | null;
  tax_type: string | null;
}

const TAX_TYPES = ['amusement_tax', 'communications_tax', 'gst', 'hst', 'igst', 'jct', 'lease_tax', 'pst', 'qst', 'retail_delivery_fee', 'rst', 'sales_tax', 'service_tax', 'vat'] as const;
const SHARED = ['active', 'country', 'description', 'display_name', 'jurisdiction', 'metadata', 'state', 'tax_type'] as const;

function applyShared(params: StripeParams, rate: StripeTaxRate): void {
  rate.active = params.boolean('active') ?? rate.active;
  const name = params.string('display_name', { maxLength: 50 });
  if (name !== undefined) rate.display_name = name;
  for (const [field, max] of [['description', 5000], ['jurisdiction', 50], ['state', 2]] as const) {
    const value = params.nullableString(field, { maxLength: max });
    if (value !== undefined) rate[field] = value;
  }
  const country = params.nullableString('country', { maxLength: 2 });
  if (country !== undefined) {
    if (country !== null && !/^[A-Za-z]{2}$/.test(country)) throw invalidParam('country', `Country '${country}' is unknown. Try using a 2-character alphanumeric country code instead, such as 'US', 'EG', or 'GB'.`, 'country_code_invalid');
    rate.country = country?.toUpperCase() ?? null;
  }
  if (rate.state !== null) rate.state = rate.state.toUpperCase();
  const taxType = params.oneOf('tax_type', TAX_TYPES);
  if (taxType !== undefined) rate.tax_type = taxType;
  rate.metadata = applyMetadata(rate.metadata, params.metadata());
}

/** `POST /v1/tax_rates`. */
export function createTaxRate(ctx: SandboxContext, params: StripeParams): StripeTaxRate {
  params.allowOnly([...SHARED, 'inclusive', 'percentage']);
  const rate: StripeTaxRate = {
    id: newStripeId('txr'),
    object: 'tax_rate',
    active: true,
    country: null,
    created: ctx.stripe.timeOf(),
    description: null,
    display_name: params.requiredString('display_name', { maxLength: 50 }),
    effective_percentage: 0,
    flat_amount: null,
    inclusive: params.boolean('inclusive', { required: true })!,
    jurisdiction: null,
    jurisdiction_level: null,
    livemode: false,
    metadata: {},
    percentage: params.number('percentage', { required: true, min: 0, max: 100 })!,
    rate_type: 'percentage',
    state: null,
    tax_type: null,
  };
  rate.effective_percentage = rate.percentage;
  applyShared(params, rate);
  ctx.stripe.store.insert(rate);
  ctx.stripe.events.publish('tax_rate.created', rate);
  return rate;
}

/** `POST /v1/tax_rates/{id}`: percentage and inclusive are refused, naming the parameter. */
export function updateTaxRate(ctx: SandboxContext, rate: StripeTaxRate, params: StripeParams): StripeTaxRate {
  for (const fixed of ['percentage', 'inclusive']) {
    if (params.has(fixed)) throw invalidParam(fixed, `A tax rate's ${fixed} cannot be changed. Create a new tax rate and archive this one (active=false).`);
  }
  params.allowOnly(SHARED);
  const next: StripeTaxRate = { ...rate };
  applyShared(params, next);
  const changed = previousAttributes(rate, next);
  if (!changed) return rate;
  ctx.stripe.store.update(next);
  ctx.stripe.events.publish('tax_rate.updated', next, { previousAttributes: changed });
  return next;
}
