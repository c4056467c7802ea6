/**
 * The formats Stripe checks tax ids against, per type, and the country each type (or, for `eu_vat`, each prefix)
 * belongs to. A value that does not match is Stripe's 400 `tax_id_invalid` on `value` ("Invalid value for eu_vat.").
 * Patterns follow the national formats Stripe documents (https://docs.stripe.com/billing/customer/tax-ids), checked
 * after removing spaces and, for VAT numbers, dots and dashes.
 */

/** One type's rule: its pattern and country (`null` where the value's prefix says it). */
interface TaxIdFormat {
  pattern: RegExp;
  country: string | null;
}

/** EU VAT numbers by prefix (EL is Greece, XI is Northern Ireland under the Windsor Framework). */
const EU_VAT: Readonly<Record<string, RegExp>> = {
  AT: /^ATU\d{8}$/, BE: /^BE[01]\d{9}$/, BG: /^BG\d{9,10}$/, CY: /^CY\d{8}[A-Z]$/, CZ: /^CZ\d{8,10}$/, DE: /^DE\d{9}$/,
  DK: /^DK\d{8}$/, EE: /^EE\d{9}$/, EL: /^EL\d{9}$/, ES: /^ES[A-Z0-9]\d{7}[A-Z0-9]$/, FI: /^FI\d{8}$/,
  FR: /^FR[A-HJ-NP-Z0-9]{2}\d{9}$/, HR: /^HR\d{11}$/, HU: /^HU\d{8}$/, IE: /^IE(\d{7}[A-W][A-I]?|\d[A-Z+*]\d{5}[A-W])$/,
  IT: /^IT\d{11}$/, LT: /^LT(\d{9}|\d{12})$/, LU: /^LU\d{8}$/, LV: /^LV\d{11}$/, MT: /^MT\d{8}$/, NL: /^NL\d{9}B\d{2}$/,
  PL: /^PL\d{10}$/, PT: /^PT\d{9}$/, RO: /^RO\d{2,10}$/, SE: /^SE\d{12}$/, SI: /^SI\d{8}$/, SK: /^SK\d{10}$/, XI: /^XI(\d{9}|\d{12})$/,
};

const FORMATS: Readonly<Record<string, TaxIdFormat>> = {
  eu_vat: { pattern: /^(AT|BE|BG|CY|CZ|DE|DK|EE|EL|ES|FI|FR|HR|HU|IE|IT|LT|LU|LV|MT|NL|PL|PT|RO|SE|SI|SK|XI)/, country: null },
  eu_oss_vat: { pattern: /^EU\d{9}$/, country: null },
  gb_vat: { pattern: /^GB(\d{9}|\d{12}|GD\d{3}|HA\d{3})$/, country: 'GB' },
  us_ein: { pattern: /^\d{2}-\d{7}$/, country: 'US' },
  ca_bn: { pattern: /^\d{9}$/, country: 'CA' },
  ca_gst_hst: { pattern: /^\d{9}RT\d{4}$/, country: 'CA' },
  ca_qst: { pattern: /^\d{10}TQ\d{4}$/, country: 'CA' },
  ca_pst_bc: { pattern: /^PST-\d{4}-\d{4}$/, country: 'CA' },
  ca_pst_mb: { pattern: /^\d{6}-\d$/, country: 'CA' },
  ca_pst_sk: { pattern: /^\d{7}$/, country: 'CA' },
  au_abn: { pattern: /^\d{11}$/, country: 'AU' },
  au_arn: { pattern: /^\d{12}$/, country: 'AU' },
  nz_gst: { pattern: /^\d{8,9}$/, country: 'NZ' },
  ch_vat: { pattern: /^CHE-\d{3}\.\d{3}\.\d{3} (MWST|TVA|IVA)$/, country: 'CH' },
  ch_uid: { pattern: /^CHE-\d{3}\.\d{3}\.\d{3}$/, country: 'CH' },
  no_vat: { pattern: /^\d{9}MVA$/, country: 'NO' },
  is_vat: { pattern: /^\d{6}$/, country: 'IS' },
  li_uid: { pattern: /^CHE\d{9}$/, country: 'LI' },
  in_gst: { pattern: /^\d{2}[A-Z]{5}\d{4}[A-Z]\d[A-Z]\d$|^\d{2}[A-Z]{5}\d{4}[A-Z]\dZ[A-Z\d]$/, country: 'IN' },
  jp_cn: { pattern: /^\d{13}$/, country: 'JP' },
  jp_rn: { pattern: /^\d{5}$/, country: 'JP' },
  sg_gst: { pattern: /^M\d{8}[A-Z]$/, country: 'SG' },
  sg_uen: { pattern: /^\d{9}[A-Z]$/, country: 'SG' },
  za_vat: { pattern: /^4\d{9}$/, country: 'ZA' },
  br_cnpj: { pattern: /^\d{2}\.\d{3}\.\d{3}\/\d{4}-\d{2}$/, country: 'BR' },
  br_cpf: { pattern: /^\d{3}\.\d{3}\.\d{3}-\d{2}$/, country: 'BR' },
  mx_rfc: { pattern: /^[A-Z&Ñ]{3,4}\d{6}[A-Z\d]{3}$/, country: 'MX' },
  kr_brn: { pattern: /^\d{3}-\d{2}-\d{5}$/, country: 'KR' },
  hk_br: { pattern: /^\d{8}$/, country: 'HK' },
  ae_trn: { pattern: /^\d{15}$/, country: 'AE' },
  sa_vat: { pattern: /^\d{15}$/, country: 'SA' },
  il_vat: { pattern: /^\d{9}$/, country: 'IL' },
  tr_tin: { pattern: /^\d{10}$/, country: 'TR' },
};

/** The tax id types the sandbox knows. */
export const TAX_ID_TYPES = Object.keys(FORMATS);

/** A checked tax id: its value as Stripe stores it and its country. */
export interface CheckedTaxId {
  value: string;
  country: string;
}

/** The normalised value and country of a valid tax id, or undefined when the value does not match its type. */
export function checkTaxId(type: string, raw: string): CheckedTaxId | undefined {
  const format = FORMATS[type];
  if (!format) return undefined;
  const vat = type === 'eu_vat' || type === 'gb_vat' || type === 'eu_oss_vat';
  const value = vat ? raw.replace(/[\s.-]/g, '').toUpperCase() : raw.trim();
  if (!format.pattern.test(value)) return undefined;
  if (type === 'eu_vat') {
    const prefix = value.slice(0, 2);
    if (!EU_VAT[prefix].test(value)) return undefined;
    return { value, country: prefix === 'EL' ? 'GR' : prefix === 'XI' ? 'GB' : prefix };
  }
  return { value, country: format.country ?? 'EU' };
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
