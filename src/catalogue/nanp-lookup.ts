/**
 * Look-ups over the North American area codes of north-america.ts: by area code, by state or
 * province, and by number. Routing (caller geography), search (area code against region) and
 * phone numbers (the state of a bought number) all ask these questions; answering them from one
 * set of maps, built once when the module loads, keeps them from drifting apart.
 */
import { CA_AREA_CODES, US_AREA_CODES, type NanpAreaCode } from './north-america';

/** Every geographic NANP area code didops knows, US first then Canada. */
export const NANP_AREA_CODES: readonly NanpAreaCode[] = [...US_AREA_CODES, ...CA_AREA_CODES];

const BY_AREA_CODE: ReadonlyMap<string, NanpAreaCode> = new Map(NANP_AREA_CODES.map((a) => [a.areaCode, a]));

const REGION_COUNTRY: ReadonlyMap<string, 'US' | 'CA'> = new Map(NANP_AREA_CODES.map((a) => [a.region, a.isoCountry]));

const REGION_AREA_CODES: ReadonlyMap<string, readonly string[]> = (() => {
  const out = new Map<string, string[]>();
  for (const a of NANP_AREA_CODES) out.set(a.region, [...(out.get(a.region) ?? []), a.areaCode]);
  return out;
})();

/** The catalogue's entry for a three-digit area code ("415"), or undefined for one it does not know. */
export function nanpAreaCode(areaCode: string): NanpAreaCode | undefined {
  return BY_AREA_CODE.get(areaCode);
}

/** The country of a US state or Canadian province code ("ON" → "CA"), for regions the catalogue has area codes in. */
export function nanpRegionCountry(region: string): 'US' | 'CA' | undefined {
  return REGION_COUNTRY.get(region);
}

/** The area codes the catalogue places in a state or province, in catalogue order; empty for an unknown region. */
export function nanpRegionAreaCodes(region: string): readonly string[] {
  return REGION_AREA_CODES.get(region) ?? [];
}

/**
 * The catalogue's entry for the area code of a `+1` number in E.164 ("+14155550100" → 415, San
 * Francisco); undefined for other countries and unknown area codes. Reads the digits only, so it
 * also answers for numbers libphonenumber would call invalid, as carriers do.
 */
export function nanpPlaceOf(e164: string): NanpAreaCode | undefined {
  return e164.startsWith('+1') ? BY_AREA_CODE.get(e164.slice(2, 5)) : undefined;
}
