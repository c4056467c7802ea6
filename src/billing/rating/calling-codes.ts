/**
 * Country calling codes, for two questions about a rate's prefix: can any E.164 number start with it, and which
 * country code does a number start with. Calling codes are prefix-free (no code is the start of another), so a
 * number starts with exactly one of them.
 */
import { getCountries, getCountryCallingCode } from 'libphonenumber-js';

/** ITU's non-geographic codes (freephone 800, satellite 881, ...), which libphonenumber keeps apart from countries. */
const NON_GEOGRAPHIC_CODES = ['800', '808', '870', '878', '881', '882', '883', '888', '979'];

const CALLING_CODES: readonly string[] = [...new Set([...getCountries().map((c) => getCountryCallingCode(c) as string), ...NON_GEOGRAPHIC_CODES])];
const CALLING_CODE_SET: ReadonlySet<string> = new Set(CALLING_CODES);

/** The country calling code `digits` (an E.164 number or prefix without "+") starts with, if any. */
export function callingCodeOf(digits: string): string | undefined {
  for (let length = 1; length <= 3 && length <= digits.length; length++) {
    const candidate = digits.slice(0, length);
    if (CALLING_CODE_SET.has(candidate)) return candidate;
  }
  return undefined;
}

/** True when some assigned calling code fits `prefix`: the prefix starts with one ("447") or is the start of one ("2"). */
export function prefixCanMatchANumber(prefix: string): boolean {
  return callingCodeOf(prefix) !== undefined || CALLING_CODES.some((code) => code.startsWith(prefix));
}
