/**
 * Where a number is: its country (libphonenumber-js) and region — the state or province of a NANP area code, or the
 * region of the catalogue's locality whose area code starts the national number elsewhere. The catalogue
 * (src/catalogue) is the one place didops keeps numbering geography; the sandbox draws its numbers from it too.
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { countryEntry, nanpPlaceOf } from '../../catalogue';

/** A number's country and region; null where they cannot be told. */
export interface NumberGeography {
  /** ISO 3166-1 alpha-2 code. */
  readonly country: string | null;
  /** State, province or the country's own region name. */
  readonly region: string | null;
}

const UNKNOWN: NumberGeography = { country: null, region: null };
/** Area code → region, per country, longest area codes first; built on first use of each country. */
const AREA_REGIONS = new Map<string, readonly { areaCode: string; region: string }[]>();

/** The country and region of an E.164 number (anything else, such as `anonymous`, has neither). */
export function numberGeography(e164: string): NumberGeography {
  if (!/^\+[1-9]\d{1,14}$/.test(e164)) return UNKNOWN;
  const nanp = nanpPlaceOf(e164);
  if (nanp) return { country: nanp.isoCountry, region: nanp.region };
  const parsed = parsePhoneNumberFromString(e164);
  const country = parsed?.country ?? null;
  if (!country || !parsed) return { country, region: null };
  const national = parsed.nationalNumber;
  const match = areaRegions(country).find((a) => national.startsWith(a.areaCode));
  return { country, region: match?.region ?? null };
}

function areaRegions(country: string): readonly { areaCode: string; region: string }[] {
  let list = AREA_REGIONS.get(country);
  if (!list) {
    const entry = countryEntry(country);
    list = (entry?.regions ?? [])
      .flatMap((region) => region.localities.map((l) => ({ areaCode: l.areaCode, region: region.name })))
      .sort((a, b) => b.areaCode.length - a.areaCode.length);
    AREA_REGIONS.set(country, list);
  }
  return list;
}

/** Memoises {@link numberGeography} over one batch, where the same numbers recur. */
export function geographyCache(): (e164: string) => NumberGeography {
  const seen = new Map<string, NumberGeography>();
  return (e164) => {
    let found = seen.get(e164);
    if (!found) seen.set(e164, (found = numberGeography(e164)));
    return found;
  };
}
