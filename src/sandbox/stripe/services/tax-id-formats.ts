/**
 * How the sandbox checks a tax id as Stripe does when one is added: the value must have its type's format (a 400
 * `tax_id_invalid` on `value` otherwise). The formats are didops' one table (src/billing/tax/tax-id-formats.ts),
 * which the BillingAccount check also reads; Stripe checks the format when the id is added and the registration
 * later (VIES and HMRC), so the sandbox applies the patterns and not the check digits, which didops' own check adds
 * at plan time. Types the table does not describe are accepted as written, as didops' check accepts them.
 */
import { compactTaxId, EU_VAT_FORMATS, STRIPE_TAX_ID_TYPES, TAX_ID_FORMATS } from '../../../billing/tax';

/** The tax id types the sandbox knows: every type Stripe accepts. */
export const TAX_ID_TYPES: readonly string[] = STRIPE_TAX_ID_TYPES;

/** A checked tax id: its value as Stripe stores it and its country. */
export interface CheckedTaxId {
  value: string;
  country: string;
}

/** The type's country when the type names it (`us_ein` → US), for types the format table does not describe. */
function countryOfType(type: string): string {
  return type.slice(0, 2).toUpperCase();
}

/** The normalised value and country of a valid tax id, or undefined when the value does not match its type. */
export function checkTaxId(type: string, raw: string): CheckedTaxId | undefined {
  const compact = compactTaxId(raw);
  if (type === 'eu_vat') {
    const prefix = compact.slice(0, 2);
    const format = EU_VAT_FORMATS[prefix];
    if (!format || !format.pattern.test(compact.slice(2))) return undefined;
    return { value: compact, country: format.country };
  }
  const format = TAX_ID_FORMATS[type];
  if (!format) return { value: raw.trim(), country: countryOfType(type) };
  if (!format.pattern.test(compact)) return undefined;
  // Stripe keeps what the customer wrote (dashes in an EIN), except that VAT numbers are stored compact.
  return { value: type.endsWith('_vat') ? compact : raw.trim(), country: format.country };
}

/**
 * How Stripe's test mode verifies a VAT number: values containing 111111111 verify, 000000000 fail, others stay
 * pending; types Stripe does not verify are `unavailable`.
 */
export function verificationStatusOf(type: string, value: string): 'pending' | 'verified' | 'unverified' | 'unavailable' {
  if (type !== 'eu_vat' && type !== 'gb_vat') return 'unavailable';
  if (value.includes('111111111')) return 'verified';
  if (value.includes('000000000')) return 'unverified';
  return 'pending';
}
