/**
 * `checkTaxId`: is a customer's tax id one Stripe will take, in the right format for its type and, where a check
 * digit is published, with the right check digit? An EU VAT number must also carry the prefix of the customer's
 * country ("EL" for Greece), because reverse charge depends on where the customer is registered. The answer is one
 * diagnostic with the expected format as the fix, or nothing when the id is well formed. Whether it is registered
 * is a network question (VIES, national registries) left to Stripe's asynchronous verification.
 */
import { errorDiagnostic, type Diagnostic } from '../../core/diagnostics';
import { NameSuggester } from '../../core/suggest';
import { countryOfVatPrefix, EU_MEMBER_STATES, vatPrefixOf } from './eu-member-states';
import { STRIPE_TAX_ID_TYPES } from './stripe-tax-id-types';
import { compactTaxId, EU_VAT_FORMATS, TAX_ID_FORMATS } from './tax-id-formats';

/** A customer tax id as Stripe takes it: `{ type: 'eu_vat', value: 'DE123456789' }`. */
export interface TaxIdInput {
  /** Stripe's tax id type, e.g. `eu_vat`, `gb_vat`, `us_ein`. */
  readonly type: string;
  /** The id as the customer wrote it; spaces, dots and dashes are ignored. */
  readonly value: string;
}

/** Options for {@link checkTaxId}. */
export interface CheckTaxIdOptions {
  /** Field path of the tax id in the input, e.g. `taxIds[0]`; diagnostics point at its `.type` or `.value`. */
  readonly field?: string;
}

const at = (base: string | undefined, key: 'type' | 'value'): string => (base ? `${base}.${key}` : key);

const regionNames = new Intl.DisplayNames(['en'], { type: 'region' });
const countryName = (code: string): string => regionNames.of(code) ?? code;

/** A diagnostic when `taxId` is not a well-formed id of its type for a customer in `country`; undefined when it is. */
export function checkTaxId(taxId: TaxIdInput, country: string | undefined, options: CheckTaxIdOptions = {}): Diagnostic | undefined {
  const type = taxId.type.trim().toLowerCase();
  if (!STRIPE_TAX_ID_TYPES.includes(type)) {
    const near = new NameSuggester().nearest(type, STRIPE_TAX_ID_TYPES);
    return errorDiagnostic(`"${taxId.type}" is not a Stripe tax id type`, {
      field: at(options.field, 'type'),
      detail: near ? `did you mean "${near}"?` : 'use a type from docs.stripe.com/billing/customer/tax-ids, e.g. "eu_vat", "gb_vat" or "us_ein"',
    });
  }
  const compact = compactTaxId(taxId.value);
  const field = at(options.field, 'value');
  if (compact === '') return errorDiagnostic('the tax id is empty', { field, detail: 'give the number, or remove the tax id' });
  const customerCountry = country?.trim().toUpperCase();
  if (type === 'eu_vat') return checkEuVat(taxId.value, compact, customerCountry, field);
  const format = TAX_ID_FORMATS[type];
  if (!format) return undefined;
  if (!format.pattern.test(compact)) return errorDiagnostic(`"${taxId.value}" is not a ${format.name}`, { field, detail: `expected ${format.format}` });
  if (format.checksum && !format.checksum(compact)) return badCheckDigit(taxId.value, format.name, format.format, field);
  return undefined;
}

function checkEuVat(value: string, compact: string, country: string | undefined, field: string): Diagnostic | undefined {
  const prefix = compact.slice(0, 2);
  const own = country && (EU_MEMBER_STATES.has(country) || country === 'GB') ? EU_VAT_FORMATS[country === 'GB' ? 'XI' : vatPrefixOf(country)] : undefined;
  const format = EU_VAT_FORMATS[prefix];
  if (!format) {
    const hint = own ? `for a customer in ${countryName(country as string)}: ${own.format}` : 'e.g. DE123456789 or FRAB123456789';
    const why = prefix === 'GR' ? 'Greek VAT numbers start with "EL", not "GR"' : 'an EU VAT number starts with its member state’s prefix';
    return errorDiagnostic(`"${value}" does not start with an EU VAT prefix`, { field, detail: `${why}; ${hint}` });
  }
  if (country && countryOfVatPrefix(prefix) !== country) {
    const expected = own ? `; expected ${own.format}` : '';
    return errorDiagnostic(`"${value}" is a VAT number of ${countryName(format.country)}, but the customer is in ${countryName(country)}`, {
      field,
      detail: `give the VAT number the customer is registered with in ${countryName(country)}, or correct the address country${expected}`,
    });
  }
  const rest = compact.slice(2);
  if (!format.pattern.test(rest)) return errorDiagnostic(`"${value}" is not a VAT number of ${countryName(format.country)}`, { field, detail: `expected ${format.format}` });
  if (format.checksum && !format.checksum(rest)) return badCheckDigit(value, `VAT number of ${countryName(format.country)}`, format.format, field);
  return undefined;
}

function badCheckDigit(value: string, name: string, format: string, field: string): Diagnostic {
  return errorDiagnostic(`"${value}" is not a valid ${name}: its check digit does not match`, { field, detail: `check it for a mistyped digit; expected ${format}` });
}
