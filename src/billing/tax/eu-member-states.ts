/**
 * The European Union's member states (ISO 3166-1), as of 2025, and their VAT number prefixes, which are the ISO code
 * except for Greece ("EL"). Northern Ireland traders have "XI" numbers, valid in the EU's VIES for goods, under
 * the United Kingdom (GB).
 */

/** The 27 member states' ISO 3166-1 codes. */
export const EU_MEMBER_STATES: ReadonlySet<string> = new Set([
  'AT', 'BE', 'BG', 'CY', 'CZ', 'DE', 'DK', 'EE', 'ES', 'FI', 'FR', 'GR', 'HR', 'HU', 'IE', 'IT', 'LT', 'LU', 'LV', 'MT', 'NL', 'PL', 'PT', 'RO', 'SE', 'SI', 'SK',
]);

/** The country (ISO 3166-1) a VAT number prefix belongs to: "EL" → "GR", "XI" → "GB", otherwise the prefix itself. */
export function countryOfVatPrefix(prefix: string): string {
  if (prefix === 'EL') return 'GR';
  if (prefix === 'XI') return 'GB';
  return prefix;
}

/** The VAT number prefix of a member state: "GR" → "EL", otherwise the ISO code. */
export function vatPrefixOf(country: string): string {
  return country === 'GR' ? 'EL' : country;
}
