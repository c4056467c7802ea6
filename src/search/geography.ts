/**
 * Checks the "where" of a search before any carrier call: the country against didops' numbering catalogue (the same
 * one the sandbox is generated from), regions against the country's real subdivisions (country-state-city) as well as
 * the catalogue's own spellings, area codes against the NANP format and, where the catalogue knows them, their state,
 * and number lengths against libphonenumber's metadata.
 */
import { Metadata, type CountryCode } from 'libphonenumber-js';
import { suggestIsoCountry } from '../core/e164';
import { ValidationError } from '../core/errors';
import { countryEntry, listCountries, nanpAreaCode, type CountryEntry } from '../catalogue';
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

/** Lower case without accents, so `bayern`, `Bayern` and `BAYERN` (or `Île`/`ile`) compare equal. */
export function fold(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().trim();
}

/** The longest national number the country's numbering plan allows (libphonenumber metadata). */
function nationalLength(iso: string, callingCode: string): number {
  const metadata = new Metadata();
  metadata.selectNumberingPlan(iso as CountryCode);
  // Some plans list lengths that only fit outside E.164's 15 digits; those numbers cannot be bought anyway.
  return Math.min(15 - callingCode.length, Math.max(...metadata.numberingPlan!.possibleLengths()));
}

/** The country's first-level subdivisions (names and ISO codes), loaded only when a region is asked for. */
function subdivisions(iso: string): { name: string; isoCode: string }[] {
  // Required lazily: the dataset is large and most searches name no region.
  const { State } = require('country-state-city') as typeof import('country-state-city');
  return State.getStatesOfCountry(iso).map((s) => ({ name: s.name, isoCode: s.isoCode }));
}

/** The region as the carrier names it, or undefined when the country has no such region. */
function resolveRegion(iso: string, entry: CountryEntry, asked: string): string | undefined {
  const wanted = fold(asked);
  const real = subdivisions(iso);
  if (entry.callingCode === '1') {
    // Twilio names US states and Canadian provinces by their two-letter code.
    const hit = real.find((s) => fold(s.isoCode) === wanted || fold(s.name) === wanted);
    return hit?.isoCode;
  }
  const own = entry.regions.find((r) => fold(r.name) === wanted);
  if (own) return own.name;
  const hit = real.find((s) => fold(s.name) === wanted || fold(s.isoCode) === wanted);
  return hit ? asked.trim() : undefined;
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
    region = resolveRegion(iso, entry, c.region);
    if (!region) {
      const examples = entry.callingCode === '1' ? subdivisions(iso).map((s) => s.isoCode) : [...entry.regions.map((r) => r.name), ...subdivisions(iso).map((s) => s.name)];
      throw new ValidationError({ field: 'region', summary: `"${c.region}" is not a region of ${entry.name}`, detail: `use one of: ${[...new Set(examples)].slice(0, 40).join(', ')}` });
    }
  }
  if (c.areaCode !== undefined && entry.callingCode === '1') {
    if (!/^[2-9](?!11)\d{2}$/.test(c.areaCode)) {
      throw new ValidationError({ field: 'areaCode', summary: `${c.areaCode} is not a NANP area code`, detail: 'area codes have three digits, start with 2–9 and are not N11; e.g. 415' });
    }
    // The catalogue knows most area codes' states; a newer code it does not know is passed on for the carrier to judge.
    const area = nanpAreaCode(c.areaCode);
    if (area && area.isoCountry !== iso) {
      throw new ValidationError({ field: 'areaCode', summary: `${c.areaCode} is not an area code of ${entry.name}`, detail: `it belongs to ${area.isoCountry}` });
    }
    if (area && region && area.region !== region) {
      throw new ValidationError({ field: 'areaCode', summary: `area code ${c.areaCode} is in ${area.region}, not ${region}`, detail: 'remove one of region and areaCode, or make them agree' });
    }
  }
  return { isoCountry: iso, callingCode: entry.callingCode, nationalLength: nationalLength(iso, entry.callingCode), region };
}
