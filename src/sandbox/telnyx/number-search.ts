/**
 * `GET /available_phone_numbers`: Telnyx's search filters read into inventory queries over the same generated numbers
 * the Twilio app sells, and each match rendered as Telnyx's `available_phone_number`. Every number returned is
 * remembered as searched, which is what makes it orderable.
 *
 * Telnyx-only attributes are derived from the inventory, deterministically: `quickship` is false for a quarter of
 * NANP toll-free numbers (Telnyx documents the filter for +1 toll-free only); `reservable` is true for US/CA local
 * numbers; features beyond the inventory's capabilities follow from them (`emergency` and `local_calling` for
 * voice-capable local numbers, `hd_voice` for voice, `international_sms` for SMS).
 */
import type { SandboxContext } from '../context';
import { countryInfo, type NumberType } from '../inventory';
import { monthlyPriceMicros } from '../rates';
import type { AvailableNumberQuery, NumberRow } from '../store/numbers-repository';
import { invalidQuery } from './http/telnyx-error';
import type { TelnyxQuery } from './http/query';

/** The features Telnyx search filters on. */
export const TELNYX_FEATURES = ['sms', 'mms', 'voice', 'fax', 'emergency', 'hd_voice', 'international_sms', 'local_calling'] as const;
type Feature = (typeof TELNYX_FEATURES)[number];

const TELNYX_TYPES = ['local', 'toll_free', 'mobile', 'national', 'shared_cost'] as const;
const INVENTORY_TYPE: Record<(typeof TELNYX_TYPES)[number], NumberType | null> = {
  local: 'local', toll_free: 'tollFree', mobile: 'mobile', national: null, shared_cost: null,
};
/** Telnyx's default and largest `filter[limit]` in the sandbox. */
export const DEFAULT_SEARCH_LIMIT = 50;
export const MAX_SEARCH_LIMIT = 100;
const KEYPAD: Record<string, string> = Object.fromEntries(
  ['abc', 'def', 'ghi', 'jkl', 'mno', 'pqrs', 'tuv', 'wxyz'].flatMap((letters, i) => [...letters].map((l) => [l, String(i + 2)])),
);

/** A validated search. */
export interface NumberSearch {
  isoCountry: string;
  types: NumberType[];
  ndc?: string;
  locality?: string;
  administrativeArea?: string;
  rateCenter?: string;
  pattern?: { glob: string; longestLiteral: number };
  features: Feature[];
  limit: number;
  bestEffort: boolean;
  quickship?: boolean;
  reservable?: boolean;
}

function digitsOf(name: string, raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  const trimmed = raw.trim();
  if (!/^[0-9A-Za-z]{1,15}$/.test(trimmed)) throw invalidQuery(name, `"${raw.slice(0, 30)}" must be 1-15 digits (or keypad letters)`);
  return [...trimmed.toLowerCase()].map((ch) => KEYPAD[ch] ?? ch).join('');
}

/** Reads and validates the `filter[...]` parameters. */
export function readNumberSearch(query: TelnyxQuery): NumberSearch {
  const rawCountry = query.string('filter[country_code]') ?? 'US';
  if (!/^[A-Za-z]{2}$/.test(rawCountry)) throw invalidQuery('filter[country_code]', `"${rawCountry.slice(0, 20)}" is not an ISO 3166-1 alpha-2 country code (e.g. US)`);
  const isoCountry = rawCountry.toUpperCase();
  // The SDK sends filter[phone_number_type]; filter[number_type] is the older spelling, accepted too.
  const type = query.oneOf('filter[phone_number_type]', TELNYX_TYPES) ?? query.oneOf('filter[number_type]', TELNYX_TYPES);
  const offered = countryInfo(isoCountry)?.numberTypes ?? [];
  const types = type === undefined ? [...offered] : offered.filter((t) => t === INVENTORY_TYPE[type]);
  const ndc = query.string('filter[national_destination_code]');
  if (ndc !== undefined && !/^\d{1,6}$/.test(ndc)) throw invalidQuery('filter[national_destination_code]', `"${ndc.slice(0, 20)}" must be 1-6 digits (e.g. 415)`);
  const starts = digitsOf('filter[phone_number][starts_with]', query.string('filter[phone_number][starts_with]'));
  const ends = digitsOf('filter[phone_number][ends_with]', query.string('filter[phone_number][ends_with]'));
  const contains = digitsOf('filter[phone_number][contains]', query.string('filter[phone_number][contains]'));
  let pattern: NumberSearch['pattern'];
  if (starts || ends || contains) {
    // Patterns apply to the national number, after the NDC when one is given (as Telnyx documents), so
    // starts_with anchors right after it. The three combine into one GLOB, in that order.
    const head = starts || ndc ? `+${countryInfo(isoCountry)?.callingCode ?? ''}${ndc ?? ''}${starts ?? ''}` : '';
    const glob = `${head}*${contains ? `${contains}*` : ''}${ends ?? ''}`;
    pattern = { glob, longestLiteral: Math.max(...[head.replace('+', ''), contains ?? '', ends ?? ''].map((s) => s.length)) };
  }
  return {
    isoCountry, types, ndc, pattern,
    locality: query.string('filter[locality]', { maxLength: 100 }),
    administrativeArea: query.string('filter[administrative_area]', { maxLength: 100 }),
    rateCenter: query.string('filter[rate_center]', { maxLength: 100 }),
    features: query.list('filter[features]', TELNYX_FEATURES) ?? [],
    limit: query.integer('filter[limit]', { min: 1, max: MAX_SEARCH_LIMIT }) ?? DEFAULT_SEARCH_LIMIT,
    bestEffort: query.boolean('filter[best_effort]') ?? false,
    quickship: query.boolean('filter[quickship]'),
    reservable: query.boolean('filter[reservable]'),
  };
  // filter[exclude_held_numbers] is accepted and has no effect: the sandbox holds no numbers for anyone.
}

const isNanp = (row: NumberRow) => row.iso_country === 'US' || row.iso_country === 'CA';

/** Whether a number can take calls at once after purchase. */
function quickshipOf(row: NumberRow): boolean {
  return !(isNanp(row) && row.type === 'tollFree' && row.id % 4 === 0);
}

/** Features Telnyx would list for an inventory number. */
export function featuresOf(row: NumberRow): Feature[] {
  const features: Feature[] = [];
  if (row.voice) features.push('voice', 'hd_voice');
  if (row.sms) features.push('sms', 'international_sms');
  if (row.mms) features.push('mms');
  if (row.fax) features.push('fax');
  if (row.voice && row.type === 'local') features.push('emergency', 'local_calling');
  return features;
}

function matches(search: NumberSearch, row: NumberRow): boolean {
  if (search.quickship === true && !quickshipOf(row)) return false;
  if (search.reservable !== undefined && (isNanp(row) && row.type === 'local') !== search.reservable) return false;
  const features = featuresOf(row);
  return search.features.every((f) => features.includes(f));
}

const decimal = (micros: number) => (micros / 1_000_000).toFixed(micros % 10_000 === 0 ? 2 : 4);

/** One match as Telnyx renders it. */
export function availableNumberResource(row: NumberRow, bestEffort: boolean) {
  const monthly = monthlyPriceMicros(row.iso_country, row.type);
  const region_information: { region_type: 'country_code' | 'rate_center' | 'state' | 'location'; region_name: string }[] = [
    { region_type: 'country_code', region_name: row.iso_country },
  ];
  if (row.rate_center) region_information.push({ region_type: 'rate_center', region_name: row.rate_center });
  if (row.region) region_information.push({ region_type: 'state', region_name: row.region });
  if (row.locality) region_information.push({ region_type: 'location', region_name: row.locality });
  return {
    record_type: 'available_phone_number' as const,
    phone_number: row.phone_number,
    vanity_format: '',
    best_effort: bestEffort,
    quickship: quickshipOf(row),
    reservable: isNanp(row) && row.type === 'local',
    region_information,
    // Telnyx bills the first month up front; the sandbox charges no setup fee on top.
    cost_information: { upfront_cost: decimal(monthly), monthly_cost: decimal(monthly), currency: 'USD' },
    features: featuresOf(row).map((name) => ({ name })),
  };
}

/** Up to `limit` matching rows for a query, paging through the inventory while post-filters drop rows. */
function collect(ctx: SandboxContext, search: NumberSearch, base: Omit<AvailableNumberQuery, 'type' | 'offset' | 'limit' | 'afterId'>, limit: number, skip: Set<number>): NumberRow[] {
  const found: NumberRow[] = [];
  for (const type of search.types) {
    let afterId: number | undefined;
    // A bounded number of pages: a filter no number passes must not scan a whole country.
    for (let pages = 0; pages < 20 && found.length < limit; pages++) {
      const batch = ctx.numbers.searchAvailable({ ...base, type, offset: 0, limit: 200, afterId });
      for (const row of batch.slice(0, 200)) {
        if (found.length >= limit) break;
        if (!skip.has(row.id) && matches(search, row)) found.push(row);
      }
      if (batch.length <= 200) break;
      afterId = batch[199].id;
    }
  }
  return found;
}

/** Runs a search, remembers what it offered, and answers Telnyx's body. */
export function searchAvailableNumbers(ctx: SandboxContext, search: NumberSearch) {
  ctx.numbers.thaw(ctx.now());
  const capabilities: AvailableNumberQuery['capabilities'] = {};
  for (const f of search.features) if (f === 'voice' || f === 'sms' || f === 'mms' || f === 'fax') capabilities[f] = true;
  const base = {
    isoCountry: search.isoCountry, areaCode: search.ndc, region: search.administrativeArea, includeBeta: true, capabilities,
  };
  const exact = collect(ctx, search, { ...base, locality: search.locality, rateCenter: search.rateCenter, contains: search.pattern }, search.limit, new Set());
  let nearby: NumberRow[] = [];
  // Best effort (Telnyx: US and Canada only) fills the page with numbers of the same area when the exact
  // pattern, city or rate center has too few.
  if (search.bestEffort && exact.length < search.limit && (search.isoCountry === 'US' || search.isoCountry === 'CA') && (search.pattern || search.locality || search.rateCenter)) {
    nearby = collect(ctx, search, base, search.limit - exact.length, new Set(exact.map((r) => r.id)));
  }
  ctx.telnyx.phoneNumbers.recordSearchHits([...exact, ...nearby].map((r) => r.id), ctx.now());
  return {
    data: [...exact.map((r) => availableNumberResource(r, false)), ...nearby.map((r) => availableNumberResource(r, true))],
    meta: { total_results: exact.length + nearby.length, best_effort_results: nearby.length },
  };
}
