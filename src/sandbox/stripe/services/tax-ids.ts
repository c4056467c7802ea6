/** A customer's tax ids (`txi_…`): created with Stripe's per-type format check, listed, deleted. */
import type { SandboxContext } from '../../context';
import { newStripeId } from '../ids';
import { invalidParam } from '../http/stripe-error';
import type { StripeObject } from '../store/stripe-objects-repository';
import { checkTaxId, TAX_ID_TYPES, verificationStatusOf } from './tax-id-formats';

/** A tax id as served. */
export interface StripeTaxId extends StripeObject {
  object: 'tax_id';
  country: string;
  customer: string;
  type: string;
  value: string;
}

/** A type and value, checked, before anything is stored: the params they came from are named in the error. */
export interface TaxIdInput {
  type: string;
  value: string;
  country: string;
}

/** Checks a tax id's type and value, naming `typeParam` or `valueParam` when one is wrong. */
export function checkTaxIdInput(type: string, value: string, typeParam: string, valueParam: string): TaxIdInput {
  if (!TAX_ID_TYPES.includes(type)) throw invalidParam(typeParam, `Invalid ${typeParam}: must be one of ${TAX_ID_TYPES.join(', ')}`);
  const checked = checkTaxId(type, value);
  if (!checked) throw invalidParam(valueParam, `Invalid value for ${type}.`, 'tax_id_invalid');
  return { type, value: checked.value, country: checked.country };
}

/** Stores a checked tax id for a customer and publishes `customer.tax_id.created`. */
export function addTaxId(ctx: SandboxContext, customerId: string, input: TaxIdInput): StripeTaxId {
  const taxId: StripeTaxId = {
    id: newStripeId('txi'),
    object: 'tax_id',
    country: input.country,
    created: ctx.stripe.timeOf(customerId),
    customer: customerId,
    livemode: false,
    owner: { customer: customerId, type: 'customer' },
    type: input.type,
    value: input.value,
    verification: { status: verificationStatusOf(input.type, input.value), verified_address: null, verified_name: null },
  };
  ctx.stripe.store.insert(taxId, { customer: customerId, parent: customerId });
  ctx.stripe.events.publish('customer.tax_id.created', taxId);
  return taxId;
}
