/**
 * Checks the "where" of a search against what didops knows about each country's numbering (the same catalogue the
 * sandbox is generated from), so a wrong country, region or area code is refused before any carrier call.
 */
import { suggestIsoCountry } from '../core/e164';
import { ValidationError } from '../core/errors';
import { CA_AREA_CODES, countryEntry, listCountries, US_AREA_CODES, type CountryEntry, type NumberType } from '../sandbox/inventory';
import type { SearchCriteria } from './criteria';

/** The resolved place of a search, spelled as the carrier expects it. */
export interface ResolvedGeography {
  isoCountry: string;
  /** Country calling code without `+` (`1`, `44`). */
  callingCode: string;
  /** Longest national number of the chosen type, for "pattern longer than a number" checks. */
  nationalLength: number;
  /** The region as the carrier names it (US state code, `Bayern`), when given. */
  region?: string;
}

const NANP = [...US_AREA_CODES, ...CA_AREA_CODES];

/** Lower case without accents, so `bayern`, `Bayern` and `BAYERN` (or `Île`/`ile`) compare equal. */
function fold(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().trim();
}

function nationalLength(entry: CountryEntry, type: NumberType): number {
  const blocks =
    type === 'local' ? entry.regions.flatMap((r) => r.localities.flatMap((l) => l.blocks))
    : type === 'mobile' ? entry.mobileBlocks
    : entry.tollFreeBlocks;
  // NANP keeps its blocks in north-america.ts: every number there has ten digits.
  return blocks.length > 0 ? Math.max(...blocks.map((b) => b.length)) : 10;
}

/** Validates country, type, region and area code together; throws a ValidationError naming the field and the fix. */
export function resolveGeography(c: SearchCriteria): ResolvedGeography {
  const iso = c.country.trim().toUpperCase();
  const entry = countryEntry(iso);
  if (!entry) {
    const hint = suggestIsoCountry(iso);
    throw new ValidationError({
      field: 'country',
      summary: `"${c.country}" is not a country didops can search`,
      detail: hint ? `did you mean "${hint}"?` : `use an ISO 3166-1 code of one of: ${listCountries().map((x) => x.isoCountry).join(', ')}`,
    });
  }
  if (!entry.offers[c.type]) {
    const offered = Object.keys(entry.offers).join(', ');
    throw new ValidationError({ field: 'type', summary: `${entry.name} has no ${c.type} numbers`, detail: `choose one of: ${offered}` });
  }
  const geographic = (['region', 'locality', 'postalCode', 'areaCode', 'near'] as const).filter((f) => c[f] !== undefined);
  if (c.type === 'tollFree' && geographic.length > 0) {
    throw new ValidationError({
      field: geographic[0],
      summary: 'toll-free numbers have no geography',
      detail: `remove ${geographic.join(', ')}, or search type "local"`,
    });
  }
  if (c.tollFreePrefix !== undefined && (c.type !== 'tollFree' || entry.callingCode !== '1')) {
    throw new ValidationError({ field: 'tollFreePrefix', summary: 'a toll-free prefix only applies to US and Canadian toll-free searches', detail: 'set type "tollFree" and country US or CA, or remove tollFreePrefix' });
  }

  let region: string | undefined;
  if (c.region !== undefined) {
    const known = entry.callingCode === '1' ? [...new Set(NANP.filter((a) => a.isoCountry === iso).map((a) => a.region))] : entry.regions.map((r) => r.name);
    region = known.find((name) => fold(name) === fold(c.region!));
    if (!region) {
      throw new ValidationError({ field: 'region', summary: `"${c.region}" is not a region of ${entry.name}`, detail: `use one of: ${known.join(', ')}` });
    }
  }
  if (c.areaCode !== undefined && entry.callingCode === '1') {
    const area = NANP.find((a) => a.areaCode === c.areaCode);
    if (!area || area.isoCountry !== iso) {
      throw new ValidationError({ field: 'areaCode', summary: `${c.areaCode} is not an area code of ${entry.name}`, detail: area ? `it belongs to ${area.isoCountry}` : 'use a three-digit NANP area code such as 415' });
    }
    if (region && area.region !== region) {
      throw new ValidationError({ field: 'areaCode', summary: `area code ${c.areaCode} is in ${area.region}, not ${region}`, detail: 'remove one of region and areaCode, or make them agree' });
    }
  }
  return { isoCountry: iso, callingCode: entry.callingCode, nationalLength: nationalLength(entry, c.type), region };
}
