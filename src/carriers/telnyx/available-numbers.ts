/**
 * Telnyx's number search (`GET /v2/available_phone_numbers`) as the port's search. Country, type, area code
 * (`national_destination_code`), region (`administrative_area`), locality and capabilities (`features`) go as
 * filters; the pattern goes as Telnyx's starts_with/ends_with/contains where that loses no match (number-pattern.ts).
 * Postal code, distance and address requirements have no Telnyx filter, and its answers do not say them, so they are
 * refused before a search (traits.ts `unsearchable`) rather than ignored.
 *
 * Pages: Telnyx search has none. It answers up to `filter[limit]` numbers (at most 100) and no cursor, so `next` is
 * modelled as asking again with a larger limit and keeping only numbers not seen yet; it is offered while a page
 * came back full and the limit can still grow. Telnyx's inventory answers are not guaranteed stable between calls,
 * which is why "not seen yet" is decided by number rather than by position.
 */
import { getCountryCallingCode, isSupportedCountry, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import type { AvailablePhoneNumberListParams, AvailablePhoneNumberListResponse } from 'telnyx/resources/available-phone-numbers';
import { e164Info, type E164 } from '../../core/e164';
import type { Money } from '../../core/money';
import type { AvailableNumber, AvailableNumbers, AvailablePage, AvailableQuery, NumberCapabilities, NumberKind } from '../carrier';
import type { TelnyxClient } from './client';
import { fromTelnyxError } from './errors';
import { exactMoney } from './money';
import { describeNumberFilter, telnyxNumberFilter } from './number-pattern';

/** The largest `filter[limit]` Telnyx serves. */
export const MAX_SEARCH_LIMIT = 100;

/** The port's number kinds in Telnyx's words. */
export const TELNYX_NUMBER_TYPE: Readonly<Record<NumberKind, 'local' | 'mobile' | 'toll_free'>> = { local: 'local', mobile: 'mobile', tollFree: 'toll_free' };

type Candidate = AvailablePhoneNumberListResponse.Data;

/** What a number can do, from Telnyx's `features` list (which also names hd_voice, emergency...). */
export function capabilitiesOf(features: readonly { name?: string }[] | undefined): NumberCapabilities {
  const names = new Set((features ?? []).map((f) => f.name));
  return { voice: names.has('voice'), sms: names.has('sms'), mms: names.has('mms'), fax: names.has('fax') };
}

/**
 * Telnyx's `cost_information` as the port's prices. Telnyx's upfront cost is what ordering charges, the first month
 * included, so the setup price (one-time, on top of the rental) is what the upfront cost exceeds the monthly by.
 */
export function costOf(info: Candidate['cost_information']): { monthly: Money; setup: Money } | undefined {
  if (!info?.currency || info.monthly_cost === undefined) return undefined;
  const monthly = exactMoney(info.monthly_cost, info.currency);
  const upfront = info.upfront_cost !== undefined ? exactMoney(info.upfront_cost, info.currency) : monthly;
  if (!monthly || !upfront) return undefined;
  return { monthly, setup: { ...monthly, amountMinor: Math.max(0, upfront.amountMinor - monthly.amountMinor) } };
}

function regionOf(n: Candidate, type: 'state' | 'location' | 'country_code'): string | null {
  return n.region_information?.find((r) => r.region_type === type)?.region_name ?? null;
}

function availableOf(n: Candidate, isoCountry: string): AvailableNumber {
  const e164 = n.phone_number ?? '';
  const cost = costOf(n.cost_information);
  return {
    e164,
    label: parsePhoneNumberFromString(e164)?.formatNational() ?? e164,
    isoCountry: regionOf(n, 'country_code') ?? isoCountry,
    region: regionOf(n, 'state'),
    locality: regionOf(n, 'location'),
    postalCode: null,
    capabilities: capabilitiesOf(n.features),
    // Telnyx's search does not say; its regulatory requirements are per country and number type, asked elsewhere.
    addressRequirements: 'unknown',
    ...(cost ? { cost } : {}),
  };
}

/** The calling code of a country, for the pattern pushdown. */
function callingCodeOfCountry(iso: string): string | undefined {
  return isSupportedCountry(iso) ? (getCountryCallingCode(iso as CountryCode) as string) : undefined;
}

/** The search filters of a query; `limit` replaces its page size when asking again for more. */
export function telnyxSearchFilter(query: AvailableQuery, limit = Math.min(query.pageSize, MAX_SEARCH_LIMIT)): AvailablePhoneNumberListParams.Filter {
  const filter: AvailablePhoneNumberListParams.Filter = {
    country_code: query.isoCountry,
    phone_number_type: TELNYX_NUMBER_TYPE[query.kind],
    limit,
  };
  if (query.areaCode !== undefined) filter.national_destination_code = query.areaCode;
  if (query.region !== undefined) filter.administrative_area = query.region;
  if (query.locality !== undefined) filter.locality = query.locality;
  if (query.capabilities.length > 0) filter.features = [...query.capabilities];
  const pattern = telnyxNumberFilter(query.contains, { callingCode: callingCodeOfCountry(query.isoCountry), areaCode: query.areaCode });
  if (pattern) filter.phone_number = pattern;
  return filter;
}

/** Telnyx's inventory, through the official SDK. */
export class TelnyxAvailableNumbers implements AvailableNumbers {
  constructor(private readonly client: TelnyxClient) {}

  async search(query: AvailableQuery): Promise<AvailablePage> {
    return this.page(query, Math.min(Math.max(query.pageSize, 1), MAX_SEARCH_LIMIT), new Set());
  }

  private async page(query: AvailableQuery, limit: number, seen: Set<string>): Promise<AvailablePage> {
    const operation = `search ${query.isoCountry} ${query.kind} numbers`;
    let found: Candidate[];
    try {
      found = (await this.client.availablePhoneNumbers.list({ filter: telnyxSearchFilter(query, limit) })).data ?? [];
    } catch (err) {
      throw fromTelnyxError(err, { operation });
    }
    const fresh = found.filter((n) => n.phone_number && !seen.has(n.phone_number));
    for (const n of fresh) seen.add(n.phone_number!);
    const full = found.length >= limit && limit < MAX_SEARCH_LIMIT && fresh.length > 0;
    return {
      numbers: fresh.map((n) => availableOf(n, query.isoCountry)),
      ...(full ? { next: () => this.page(query, Math.min(limit * 2, MAX_SEARCH_LIMIT), seen) } : {}),
    };
  }

  /** What the query's search sends for its pattern, with the country's calling code and the area code it carries. */
  pushdownOf(query: AvailableQuery): { value: string; filter: string } | undefined {
    const sent = telnyxSearchFilter(query).phone_number;
    const value = describeNumberFilter(sent);
    if (!sent || !value) return undefined;
    return { value, filter: Object.entries(sent).map(([operator, v]) => `filter[phone_number][${operator}]=${String(v)}`).join('&') };
  }

  async offers(e164: string): Promise<{ status: 'available' | 'taken' | 'invalid'; reason?: string }> {
    const info = e164Info(e164 as E164);
    if (!info.country) return { status: 'invalid', reason: `${e164} belongs to no single country (+${info.callingCode}); Telnyx sells numbers by country` };
    return (await this.find(e164)) ? { status: 'available' } : { status: 'taken', reason: 'Telnyx does not offer it now: another customer has it, it was never for sale, or Telnyx sells no such numbers there' };
  }

  /**
   * The search answer for exactly `e164`, or undefined when Telnyx does not offer it. Telnyx orders only numbers a
   * search of this account returned recently, so a purchase starts here.
   */
  async find(e164: string): Promise<AvailableNumber | undefined> {
    const info = e164Info(e164 as E164);
    const filter: AvailablePhoneNumberListParams.Filter = {
      country_code: info.country,
      phone_number: { starts_with: info.nationalNumber },
      limit: 10,
    };
    try {
      const found = (await this.client.availablePhoneNumbers.list({ filter })).data ?? [];
      const match = found.find((n) => n.phone_number === e164);
      return match ? availableOf(match, info.country ?? '') : undefined;
    } catch (err) {
      throw fromTelnyxError(err, { operation: `search for ${e164}`, fieldOf: { phone_number: 'number', starts_with: 'number' } });
    }
  }
}
