/**
 * What makes an address usable, whichever API stores it: a real ISO country, and for emergency services a street
 * with a house number and a region and postal code that exist in the country.
 */
import { isSupportedCountry } from 'libphonenumber-js';
import type { AddressData } from '../store/addresses-repository';

const US_REGIONS = new Set(
  ('AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY ' +
    'PR VI GU AS MP').split(' '),
);
const CA_REGIONS = new Set('AB BC MB NB NL NS NT NU ON PE QC SK YT'.split(' '));

/** One problem of an address: the API field it is about and what is wrong. */
export interface AddressProblem {
  field: 'Street' | 'Region' | 'PostalCode';
  message: string;
}

/** True for an ISO 3166-1 alpha-2 code of a country with a telephone numbering plan. */
export function isIsoCountry(code: string): boolean {
  return /^[A-Z]{2}$/.test(code) && isSupportedCountry(code);
}

/**
 * Checks an address the way an emergency-services registration would: a street that starts with a house number,
 * a region and postal code that exist in the country. Returns the problems (empty when valid).
 */
export function addressProblems(a: AddressData): AddressProblem[] {
  const problems: AddressProblem[] = [];
  if (!/^\d+[A-Za-z]?(-\d+)?\s+\S/.test(a.street)) {
    problems.push({ field: 'Street', message: `"${a.street}" has no house number; write it as "123 Main St"` });
  }
  if (a.iso_country === 'US') {
    if (!US_REGIONS.has(a.region)) problems.push({ field: 'Region', message: `"${a.region}" is not a US state code (e.g. CA, NY)` });
    if (!/^\d{5}(-\d{4})?$/.test(a.postal_code)) problems.push({ field: 'PostalCode', message: `"${a.postal_code}" is not a US ZIP code (12345 or 12345-6789)` });
  } else if (a.iso_country === 'CA') {
    if (!CA_REGIONS.has(a.region)) problems.push({ field: 'Region', message: `"${a.region}" is not a Canadian province code (e.g. ON, QC)` });
    if (!/^[A-Z]\d[A-Z] ?\d[A-Z]\d$/.test(a.postal_code)) problems.push({ field: 'PostalCode', message: `"${a.postal_code}" is not a Canadian postal code (A1A 1A1)` });
  } else if (!/^[A-Za-z0-9 -]{2,10}$/.test(a.postal_code)) {
    problems.push({ field: 'PostalCode', message: `"${a.postal_code}" is not a postal code` });
  }
  return problems;
}

/** Tidies what people type: spaces, case of US/Canadian regions and postal codes, the space in a Canadian code. */
export function autoCorrectAddress(a: AddressData): AddressData {
  const region = a.iso_country === 'US' || a.iso_country === 'CA' ? a.region.trim().toUpperCase() : a.region.trim();
  let postal = a.postal_code.trim().toUpperCase();
  if (a.iso_country === 'CA' && /^[A-Z]\d[A-Z]\d[A-Z]\d$/.test(postal)) postal = `${postal.slice(0, 3)} ${postal.slice(3)}`;
  return { ...a, street: a.street.trim().replace(/\s+/g, ' '), city: a.city.trim(), region, postal_code: postal };
}
