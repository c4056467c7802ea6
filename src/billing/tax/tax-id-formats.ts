/**
 * The format table of tax ids: per Stripe tax id type (and, for `eu_vat`, per member state) what the id looks like
 * and, where one is published, its check-digit rule. It is plain data plus pure functions so that the BillingAccount
 * check and the Stripe sandbox's own tax id validation read the same table.
 *
 * Patterns apply to the compact form ({@link compactTaxId}: upper case, separators removed). Formats follow the
 * European Commission's VIES documentation for member states and Stripe's customer tax id table
 * (docs.stripe.com/billing/customer/tax-ids) for the rest. Types Stripe accepts that are not in the table are
 * accepted as written.
 */
import * as checks from './tax-id-checksums';

/** What one Stripe tax id type looks like. */
export interface TaxIdFormat {
  /** Country that issues the id (ISO 3166-1), or `EU` for the Union-wide schemes. */
  readonly country: string;
  /** What the id is called, e.g. "UK VAT number". */
  readonly name: string;
  /** The expected format in words with an example, shown as the fix. */
  readonly format: string;
  /** The compact id must match this. */
  readonly pattern: RegExp;
  /** The published check-digit rule, on the compact id, when there is one. */
  readonly checksum?: (compact: string) => boolean;
}

/** What one member state's VAT numbers look like after their prefix. */
export interface EuVatFormat {
  /** The member state (ISO 3166-1; Greece's "EL" numbers belong to "GR", Northern Ireland's "XI" to "GB"). */
  readonly country: string;
  /** The expected format in words with an example, prefix included. */
  readonly format: string;
  /** The part after the prefix must match this. */
  readonly pattern: RegExp;
  /** The check-digit rule, on the part after the prefix. */
  readonly checksum?: (afterPrefix: string) => boolean;
}

/** Upper case without spaces, dots, dashes, slashes, commas or colons: "CHE-107.787.577 MWST" → "CHE107787577MWST". */
export function compactTaxId(value: string): string {
  return value.toUpperCase().replace(/[\s.\-/,:()]/g, '');
}

/** EU VAT number formats by prefix (ISO code, "EL" for Greece, "XI" for Northern Ireland). */
export const EU_VAT_FORMATS: Readonly<Record<string, EuVatFormat>> = Object.freeze({
  AT: { country: 'AT', format: 'ATU and 8 digits, e.g. ATU12345678', pattern: /^U\d{8}$/, checksum: (s: string) => checks.atVatValid(s.slice(1)) },
  BE: { country: 'BE', format: 'BE and 10 digits starting 0 or 1, e.g. BE0123456789', pattern: /^([01]\d{9}|\d{9})$/, checksum: (s: string) => checks.beVatValid(s.padStart(10, '0')) },
  BG: { country: 'BG', format: 'BG and 9 or 10 digits, e.g. BG123456789', pattern: /^\d{9,10}$/, checksum: checks.bgVatValid },
  CY: { country: 'CY', format: 'CY, 8 digits and a letter, e.g. CY12345678Z', pattern: /^\d{8}[A-Z]$/, checksum: checks.cyVatValid },
  CZ: { country: 'CZ', format: 'CZ and 8 to 10 digits, e.g. CZ12345678', pattern: /^\d{8,10}$/, checksum: checks.czVatValid },
  DE: { country: 'DE', format: 'DE and 9 digits, e.g. DE123456789', pattern: /^[1-9]\d{8}$/, checksum: checks.iso7064Mod11x10Valid },
  DK: { country: 'DK', format: 'DK and 8 digits, e.g. DK12345678', pattern: /^[1-9]\d{7}$/, checksum: checks.dkVatValid },
  EE: { country: 'EE', format: 'EE and 9 digits starting 10, e.g. EE101234567', pattern: /^10\d{7}$/, checksum: checks.eeVatValid },
  EL: { country: 'GR', format: 'EL (not GR) and 9 digits, e.g. EL123456789', pattern: /^\d{8,9}$/, checksum: (s: string) => checks.elVatValid(s.padStart(9, '0')) },
  ES: { country: 'ES', format: 'ES and 9 characters, the first and last a letter or digit, e.g. ESA1234567Z', pattern: /^[0-9A-Z]\d{7}[0-9A-Z]$/ },
  FI: { country: 'FI', format: 'FI and 8 digits, e.g. FI12345678', pattern: /^\d{8}$/, checksum: checks.fiVatValid },
  FR: { country: 'FR', format: 'FR, a 2-character key and the 9-digit SIREN, e.g. FR12345678901', pattern: /^[0-9A-HJ-NP-Z]{2}\d{9}$/, checksum: checks.frVatValid },
  HR: { country: 'HR', format: 'HR and 11 digits, e.g. HR12345678901', pattern: /^\d{11}$/, checksum: checks.iso7064Mod11x10Valid },
  HU: { country: 'HU', format: 'HU and 8 digits, e.g. HU12345678', pattern: /^\d{8}$/, checksum: checks.huVatValid },
  IE: { country: 'IE', format: 'IE, 7 digits and 1 or 2 letters, e.g. IE1234567T or IE1234567TW', pattern: /^(\d{7}[A-W][A-IW]?|\d[A-Z+*]\d{5}[A-W])$/, checksum: checks.ieVatValid },
  IT: { country: 'IT', format: 'IT and 11 digits, e.g. IT12345678901', pattern: /^\d{11}$/, checksum: checks.luhnValid },
  LT: { country: 'LT', format: 'LT and 9 or 12 digits, e.g. LT123456789', pattern: /^(\d{9}|\d{12})$/, checksum: checks.ltVatValid },
  LU: { country: 'LU', format: 'LU and 8 digits, e.g. LU12345678', pattern: /^\d{8}$/, checksum: checks.luVatValid },
  LV: { country: 'LV', format: 'LV and 11 digits, e.g. LV12345678901', pattern: /^\d{11}$/ },
  MT: { country: 'MT', format: 'MT and 8 digits, e.g. MT12345678', pattern: /^[1-9]\d{7}$/, checksum: checks.mtVatValid },
  NL: { country: 'NL', format: 'NL, 9 digits, B and 2 digits, e.g. NL123456789B01', pattern: /^\d{9}B\d{2}$/, checksum: checks.nlVatValid },
  PL: { country: 'PL', format: 'PL and 10 digits, e.g. PL1234567890', pattern: /^\d{10}$/, checksum: checks.plVatValid },
  PT: { country: 'PT', format: 'PT and 9 digits, e.g. PT123456789', pattern: /^\d{9}$/, checksum: checks.ptVatValid },
  RO: { country: 'RO', format: 'RO and 2 to 10 digits, e.g. RO1234567', pattern: /^([1-9]\d{1,9}|\d{13})$/, checksum: checks.roVatValid },
  SE: { country: 'SE', format: 'SE and 12 digits ending 01, e.g. SE123456789001', pattern: /^\d{10}01$/, checksum: checks.seVatValid },
  SI: { country: 'SI', format: 'SI and 8 digits, e.g. SI12345678', pattern: /^[1-9]\d{7}$/, checksum: checks.siVatValid },
  SK: { country: 'SK', format: 'SK and 10 digits, e.g. SK1234567890', pattern: /^[1-9]\d[2-47-9]\d{7}$/, checksum: checks.skVatValid },
  XI: { country: 'GB', format: 'XI and 9 digits (Northern Ireland), e.g. XI123456789', pattern: /^(\d{9}|\d{12}|GD\d{3}|HA\d{3})$/, checksum: checks.gbVatValid },
});

/** Formats of the Stripe tax id types other than `eu_vat` that didops checks. */
export const TAX_ID_FORMATS: Readonly<Record<string, TaxIdFormat>> = Object.freeze({
  gb_vat: { country: 'GB', name: 'UK VAT number', format: 'GB and 9 digits (12 for a branch), e.g. GB123456789', pattern: /^(GB)?(\d{9}|\d{12}|GD\d{3}|HA\d{3})$/, checksum: (s: string) => checks.gbVatValid(s.replace(/^GB/, '')) },
  eu_oss_vat: { country: 'EU', name: 'EU One-Stop-Shop VAT number', format: 'EU and 9 digits, e.g. EU123456789', pattern: /^EU\d{9}$/ },
  us_ein: { country: 'US', name: 'US Employer Identification Number', format: '9 digits written 12-3456789', pattern: /^\d{9}$/ },
  ca_bn: { country: 'CA', name: 'Canadian Business Number', format: '9 digits, e.g. 123456789', pattern: /^\d{9}$/, checksum: checks.caBnValid },
  ca_gst_hst: { country: 'CA', name: 'Canadian GST/HST number', format: 'the 9-digit BN, RT and 4 digits, e.g. 123456789RT0001', pattern: /^\d{9}RT\d{4}$/, checksum: checks.caBnValid },
  ca_qst: { country: 'CA', name: 'Québec QST number', format: '10 digits, TQ and 4 digits, e.g. 1234567890TQ1234', pattern: /^\d{10}TQ\d{4}$/ },
  ca_pst_bc: { country: 'CA', name: 'British Columbia PST number', format: 'PST-1234-5678', pattern: /^PST\d{8}$/ },
  ca_pst_mb: { country: 'CA', name: 'Manitoba RST number', format: '7 digits written 123456-7', pattern: /^\d{7}$/ },
  ca_pst_sk: { country: 'CA', name: 'Saskatchewan PST number', format: '7 digits, e.g. 1234567', pattern: /^\d{7}$/ },
  au_abn: { country: 'AU', name: 'Australian Business Number', format: '11 digits, e.g. 12345678912', pattern: /^\d{11}$/, checksum: checks.auAbnValid },
  au_arn: { country: 'AU', name: 'Australian Taxation Office Reference Number', format: '12 digits, e.g. 123456789123', pattern: /^\d{12}$/ },
  nz_gst: { country: 'NZ', name: 'New Zealand GST number', format: '8 or 9 digits, e.g. 123456789', pattern: /^\d{8,9}$/ },
  ch_vat: { country: 'CH', name: 'Swiss VAT number', format: 'CHE, 9 digits and MWST, TVA or IVA, e.g. CHE-123.456.789 MWST', pattern: /^CHE\d{9}(MWST|TVA|IVA|TPV)$/, checksum: (s: string) => checks.chUidValid(s.slice(3, 12)) },
  ch_uid: { country: 'CH', name: 'Swiss UID number', format: 'CHE and 9 digits, e.g. CHE-123.456.789', pattern: /^CHE\d{9}$/, checksum: (s: string) => checks.chUidValid(s.slice(3)) },
  li_uid: { country: 'LI', name: 'Liechtenstein UID number', format: 'CHE and 9 digits, e.g. CHE123456789', pattern: /^CHE\d{9}$/, checksum: (s: string) => checks.chUidValid(s.slice(3)) },
  no_vat: { country: 'NO', name: 'Norwegian VAT number', format: '9 digits and MVA, e.g. 123456789MVA', pattern: /^(NO)?\d{9}MVA$/, checksum: (s: string) => checks.noOrgnrValid(s.replace(/^NO/, '').slice(0, 9)) },
  in_gst: { country: 'IN', name: 'Indian GSTIN', format: '15 characters: state code, PAN, entity digit, Z and a check character, e.g. 12ABCDE3456FGZH', pattern: /^\d{2}[A-Z]{5}\d{4}[A-Z][1-9A-Z]Z[0-9A-Z]$/, checksum: checks.inGstinValid },
  jp_cn: { country: 'JP', name: 'Japanese Corporate Number', format: '13 digits, e.g. 1234567891234', pattern: /^\d{13}$/ },
  jp_trn: { country: 'JP', name: 'Japanese Tax Registration Number', format: 'T and 13 digits, e.g. T1234567891234', pattern: /^T\d{13}$/ },
  sg_uen: { country: 'SG', name: 'Singaporean UEN', format: '9 or 10 characters ending in a letter, e.g. 123456789F', pattern: /^(\d{8}[A-Z]|\d{9}[A-Z]|[RST]\d{2}[A-Z]{2}\d{4}[A-Z])$/ },
  za_vat: { country: 'ZA', name: 'South African VAT number', format: '10 digits starting 4, e.g. 4123456789', pattern: /^4\d{9}$/ },
  ae_trn: { country: 'AE', name: 'United Arab Emirates TRN', format: '15 digits, e.g. 123456789012345', pattern: /^\d{15}$/ },
  br_cnpj: { country: 'BR', name: 'Brazilian CNPJ', format: '14 digits written 01.234.456/5432-10', pattern: /^\d{14}$/, checksum: checks.brCnpjValid },
  br_cpf: { country: 'BR', name: 'Brazilian CPF', format: '11 digits written 123.456.789-87', pattern: /^\d{11}$/, checksum: checks.brCpfValid },
  mx_rfc: { country: 'MX', name: 'Mexican RFC', format: '3 or 4 letters, 6 digits and 3 characters, e.g. ABC010203AB9', pattern: /^[A-ZÑ&]{3,4}\d{6}[A-Z0-9]{3}$/ },
});
