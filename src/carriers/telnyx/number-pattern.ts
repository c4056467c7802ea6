/**
 * The search pattern pushdown for Telnyx. The port hands over Twilio's `Contains` syntax (digits and keypad letters,
 * `*`/`%` wildcards at either end, a leading `+` anchoring at the start of the E.164 number, a trailing `$` at its
 * end); Telnyx's search has three plain filters, `filter[phone_number][starts_with|ends_with|contains]`, that apply
 * to the national number (after the country code), and after the national destination code when
 * `filter[national_destination_code]` is given too.
 *
 * A pushdown may only narrow the candidates to a superset of the matches, since didops checks every candidate against
 * the whole pattern afterwards and cannot recover a number Telnyx never returned. So each translation below is one
 * that no matching number fails, and where none exists (a run that may straddle the country code or the area code)
 * nothing is sent:
 *
 * - `+1415555…` (anchored): `starts_with` the national digits after the country code (and after the area code, which
 *   then must agree with it);
 * - `…0100$` (end-anchored): `ends_with` the digits; at most the last 4 with an area code (Telnyx's documented limit
 *   there) and 7 without (shorter than any national number, so the run never reaches into the country code);
 * - `2255`, `**CALL%` (floating): `contains` the literal run, unless the run could begin inside the country code or
 *   area code that precedes the part Telnyx searches.
 */
import { getCountries, getCountryCallingCode, type CountryCode } from 'libphonenumber-js';
import { lettersToKeypad } from '../../search/contains-pattern';

/** Telnyx's `filter[phone_number]` object. */
export interface TelnyxNumberFilter {
  starts_with?: string;
  ends_with?: string;
  contains?: string;
}

/** What the search knows besides the pattern: the country's calling code and the area code filter, if any. */
export interface PatternScope {
  /** Calling code of the country searched (`1`, `44`); absent: read from an anchored pattern itself. */
  callingCode?: string;
  /** The `filter[national_destination_code]` sent with the pattern. */
  areaCode?: string;
}

/** ITU calling codes are prefix-free, so the first 1-3 digits of an E.164 number name exactly one. */
const CALLING_CODES: ReadonlySet<string> = new Set(getCountries().map((c) => getCountryCallingCode(c as CountryCode) as string));

/** Longest `ends_with` sent: 4 after an area code (Telnyx's limit), 7 otherwise (within any national number). */
const ENDS_WITH_MAX = { withAreaCode: 4, without: 7 } as const;

const SHAPE = /^(\+?)([*%]*)([0-9A-Za-z]*)([*%]*)(\$?)$/;

/** The calling code an E.164 digit string starts with. */
export function callingCodeOf(digits: string): string | undefined {
  for (let n = 1; n <= 3; n++) if (CALLING_CODES.has(digits.slice(0, n))) return digits.slice(0, n);
  return undefined;
}

/** True when a run of `digits` placed anywhere after `head` could begin inside it (or lies inside it entirely). */
function mayStraddle(head: string, digits: string): boolean {
  if (head.includes(digits)) return true;
  for (let k = 1; k <= Math.min(head.length, digits.length - 1); k++) {
    if (head.endsWith(digits.slice(0, k))) return true;
  }
  return false;
}

/**
 * The Telnyx filter for a `Contains` pattern, or undefined when nothing can be pushed down without losing matches.
 * Patterns the syntax does not allow also give undefined: the search library refuses them before any carrier call.
 */
export function telnyxNumberFilter(contains: string | undefined, scope: PatternScope = {}): TelnyxNumberFilter | undefined {
  if (!contains) return undefined;
  const shape = SHAPE.exec(contains);
  if (!shape) return undefined;
  const [, plus, lead, core, trail, dollar] = shape;
  const digits = lettersToKeypad(core);
  if (digits.length < 2) return undefined;
  const areaCode = scope.areaCode ?? '';

  if (plus) {
    if (lead) return undefined;
    const callingCode = callingCodeOf(digits);
    if (!callingCode || (scope.callingCode !== undefined && scope.callingCode !== callingCode)) return undefined;
    let national = digits.slice(callingCode.length);
    if (areaCode) {
      // Telnyx reads starts_with after the area code; a prefix that disagrees with it matches nothing either way.
      if (national.startsWith(areaCode)) national = national.slice(areaCode.length);
      else return undefined;
    }
    return national ? { starts_with: national } : undefined;
  }

  if (dollar) {
    if (trail) return undefined;
    const max = areaCode ? ENDS_WITH_MAX.withAreaCode : ENDS_WITH_MAX.without;
    return { ends_with: digits.slice(-max) };
  }

  // A floating run: Telnyx searches the national number (after the area code when one is given), so a run that may
  // begin in the country code or area code would be missed there. Without a scope (pushdownOf) the head is unknown
  // and the run is reported as it would be sent for a country whose code it cannot overlap.
  const head = `${scope.callingCode ?? ''}${areaCode}`;
  return mayStraddle(head, digits) ? undefined : { contains: digits };
}

/** How a filter is reported by `pushdownOf`: `starts_with=415555`, `ends_with=0100`, `contains=2255`. */
export function describeNumberFilter(filter: TelnyxNumberFilter | undefined): string | undefined {
  if (!filter) return undefined;
  return Object.entries(filter)
    .map(([key, value]) => `${key}=${value}`)
    .join('&');
}
