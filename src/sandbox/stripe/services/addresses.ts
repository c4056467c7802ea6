/** Postal addresses and shipping details as Stripe takes and serves them (customers, payment method billing details). */
import type { StripeParams } from '../http/params';
import { invalidParam } from '../http/stripe-error';

/** Stripe's address: every line nullable. */
export interface StripeAddress {
  city: string | null;
  country: string | null;
  line1: string | null;
  line2: string | null;
  postal_code: string | null;
  state: string | null;
}

const ADDRESS_FIELDS = ['city', 'country', 'line1', 'line2', 'postal_code', 'state'] as const;

/** An address with every line empty. */
export function emptyAddress(): StripeAddress {
  return { city: null, country: null, line1: null, line2: null, postal_code: null, state: null };
}

/**
 * Reads `key` as an address, merged onto `current`: a line sent empty clears it, `key=""` clears the whole address
 * (null). A country is a two-letter ISO code, served in capitals.
 */
export function readAddress(params: StripeParams, key: string, current: StripeAddress | null): StripeAddress | null | undefined {
  const nested = params.nullableObject(key, { allowed: ADDRESS_FIELDS });
  if (nested === undefined) return undefined;
  if (nested === null) return null;
  const next: StripeAddress = { ...(current ?? emptyAddress()) };
  for (const field of ADDRESS_FIELDS) {
    const value = nested.nullableString(field, { maxLength: 200 });
    if (value !== undefined) next[field] = value;
  }
  if (next.country !== null) {
    if (!/^[A-Za-z]{2}$/.test(next.country)) throw invalidParam(nested.name('country'), `Country '${next.country.slice(0, 20)}' is unknown. Try using a 2-character alphanumeric country code instead, such as 'US', 'EG', or 'GB'.`, 'country_code_invalid');
    next.country = next.country.toUpperCase();
  }
  return next;
}

/** Stripe's shipping details: an address, a name and a phone. */
export interface StripeShipping {
  address: StripeAddress;
  name: string;
  phone: string | null;
}

/** Reads `shipping` (address and name required), or null when sent empty. */
export function readShipping(params: StripeParams, key = 'shipping'): StripeShipping | null | undefined {
  const nested = params.nullableObject(key, { allowed: ['address', 'name', 'phone'] });
  if (nested === undefined) return undefined;
  if (nested === null) return null;
  const address = readAddress(nested, 'address', null);
  if (!address) nested.object('address', { required: true });
  return { address: address!, name: nested.requiredString('name', { maxLength: 5000 }), phone: nested.nullableString('phone', { maxLength: 20 }) ?? null };
}
