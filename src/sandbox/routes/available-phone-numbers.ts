/** AvailablePhoneNumbers: the countries list and the Local / TollFree / Mobile searches. */
import type { SandboxContext } from '../context';
import type { SandboxApp } from '../http/hono-env';
import { canonicalPath, friendlyNumber } from '../http/formatting';
import { knownCountry, NUMBER_TYPE_SEGMENTS } from '../http/inventory-paths';
import { numericAfterKey, pageOfArray, readPageRequest, splitPage, v2010Page } from '../http/pagination';
import type { Params } from '../http/params';
import { invalidParameter, notFound } from '../http/twilio-error';
import { ContainsPatternError, parseContainsPattern } from '../../search/contains-pattern';
import { countryInfo, listCountries, type AddressRequirement, type NumberType } from '../inventory';
import { capabilitiesOf, type AvailableNumberQuery, type NumberRow } from '../store/numbers-repository';

/** Segments the spec defines but the sandbox stocks no numbers of: they answer an empty page, not a 404. */
const EMPTY_SEGMENTS = new Set(['National', 'Voip', 'SharedCost', 'MachineToMachine']);
const SUBRESOURCE_KEYS: Record<NumberType, { key: string; segment: string }> = {
  local: { key: 'local', segment: 'Local' },
  tollFree: { key: 'toll_free', segment: 'TollFree' },
  mobile: { key: 'mobile', segment: 'Mobile' },
};

function countryResource(accountSid: string, iso: string) {
  const info = countryInfo(iso)!;
  const base = `/2010-04-01/Accounts/${accountSid}/AvailablePhoneNumbers/${iso}`;
  const subresource_uris: Record<string, string> = {};
  for (const type of info.numberTypes) subresource_uris[SUBRESOURCE_KEYS[type].key] = `${base}/${SUBRESOURCE_KEYS[type].segment}.json`;
  return { country_code: iso, country: info.name, uri: `${base}.json`, beta: info.beta, subresource_uris };
}

/** The JSON Twilio returns for one available number. */
function availableNumberResource(row: NumberRow) {
  return {
    friendly_name: friendlyNumber(row.phone_number),
    phone_number: row.phone_number,
    lata: row.lata,
    locality: row.locality,
    rate_center: row.rate_center,
    latitude: row.latitude,
    longitude: row.longitude,
    region: row.region,
    postal_code: row.postal_code,
    iso_country: row.iso_country,
    address_requirements: row.address_requirements,
    beta: row.beta === 1,
    // The spec spells these keys in lower case; live Twilio has been seen writing SMS/MMS in capitals on this resource,
    // so didops' own readers accept either spelling.
    capabilities: capabilitiesOf(row),
  };
}

function parseLatLong(raw: string): { latitude: number; longitude: number } {
  const m = raw.match(/^\s*(-?\d{1,2}(?:\.\d+)?)\s*,\s*(-?\d{1,3}(?:\.\d+)?)\s*$/);
  const lat = m ? Number(m[1]) : NaN;
  const lon = m ? Number(m[2]) : NaN;
  if (!m || Math.abs(lat) > 90 || Math.abs(lon) > 180) {
    throw invalidParameter('NearLatLong', `"${raw}" is not "latitude,longitude" (e.g. "37.7749,-122.4194")`);
  }
  return { latitude: lat, longitude: lon };
}

/** InRegion / InLocality / InPostalCode accept a place or a phone number meaning "the same place as this number". */
function placeOf(ctx: SandboxContext, param: string, value: string | undefined, column: 'region' | 'locality' | 'postal_code' | 'lata' | 'rate_center') {
  if (value === undefined) return undefined;
  if (value.trim() === '') throw invalidParameter(param, 'is empty; leave it out or give a value');
  if (!/^\+\d{6,15}$/.test(value)) return value;
  const row = ctx.numbers.locate(value);
  if (!row || row[column] === null) throw invalidParameter(param, `the sandbox knows no ${column.replace('_', ' ')} for ${value}`);
  return row[column] as string;
}

/** Validates every query parameter of a search into a store query. */
function readAvailableQuery(ctx: SandboxContext, params: Params, iso: string, type: NumberType): AvailableNumberQuery {
  const page = readPageRequest(params);
  const areaCodeNum = params.integer('AreaCode', { min: 0, max: 99999 });
  const areaCode = areaCodeNum === undefined ? undefined : params.string('AreaCode')!.trim();
  let contains: AvailableNumberQuery['contains'];
  const rawContains = params.string('Contains');
  if (rawContains !== undefined) {
    try {
      const p = parseContainsPattern(rawContains);
      contains = { glob: p.glob, longestLiteral: p.longestLiteral };
    } catch (e) {
      if (e instanceof ContainsPatternError) throw invalidParameter('Contains', e.message);
      throw e;
    }
  }
  const exclude: AddressRequirement[] = [];
  if (params.boolean('ExcludeAllAddressRequired')) exclude.push('any', 'local', 'foreign');
  if (params.boolean('ExcludeLocalAddressRequired')) exclude.push('local');
  if (params.boolean('ExcludeForeignAddressRequired')) exclude.push('foreign');
  const lata = placeOf(ctx, 'InLata', params.string('InLata', { maxLength: 16 }), 'lata');
  const rateCenter = placeOf(ctx, 'InRateCenter', params.string('InRateCenter', { maxLength: 64 }), 'rate_center');
  if (rateCenter !== undefined && lata === undefined) throw invalidParameter('InRateCenter', 'requires InLata; send both');
  const distance = params.integer('Distance', { min: 0, max: 500 });
  const nearNumber = params.string('NearNumber', { maxLength: 32 });
  const nearLatLong = params.string('NearLatLong', { maxLength: 64 });
  let near: AvailableNumberQuery['near'];
  if (nearNumber !== undefined && nearLatLong !== undefined) throw invalidParameter('NearNumber', 'send NearNumber or NearLatLong, not both');
  if (nearNumber !== undefined) {
    const row = /^\+\d{6,15}$/.test(nearNumber) ? ctx.numbers.locate(nearNumber) : undefined;
    if (!row || row.latitude === null || row.longitude === null) {
      throw invalidParameter('NearNumber', `the sandbox has no location for "${nearNumber}"; send an E.164 number from its inventory or use NearLatLong`);
    }
    near = { latitude: row.latitude, longitude: row.longitude!, miles: distance ?? 25 };
  } else if (nearLatLong !== undefined) {
    near = { ...parseLatLong(nearLatLong), miles: distance ?? 25 };
  } else if (distance !== undefined) {
    throw invalidParameter('Distance', 'only applies with NearNumber or NearLatLong');
  }
  return {
    isoCountry: iso,
    type,
    areaCode,
    contains,
    region: placeOf(ctx, 'InRegion', params.string('InRegion', { maxLength: 64 }), 'region'),
    locality: placeOf(ctx, 'InLocality', params.string('InLocality', { maxLength: 64 }), 'locality'),
    postalCode: placeOf(ctx, 'InPostalCode', params.string('InPostalCode', { maxLength: 16 }), 'postal_code'),
    lata,
    rateCenter,
    capabilities: {
      voice: params.boolean('VoiceEnabled'),
      sms: params.boolean('SmsEnabled'),
      mms: params.boolean('MmsEnabled'),
      fax: params.boolean('FaxEnabled'),
    },
    excludeAddressRequirements: exclude,
    includeBeta: params.boolean('Beta') ?? true,
    near,
    afterId: numericAfterKey(page),
    offset: page.offset,
    limit: page.pageSize,
  };
}


/** Registers the AvailablePhoneNumbers routes. */
export function registerAvailablePhoneNumberRoutes(app: SandboxApp, ctx: SandboxContext): void {
  const base = '/api/2010-04-01/Accounts/:AccountSid/AvailablePhoneNumbers';

  app.get(base, (c) => {
    const params = c.get('params');
    const page = readPageRequest(params);
    const all = listCountries().map((info) => countryResource(ctx.accountSid, info.isoCountry));
    return c.json(v2010Page('countries', canonicalPath(c), c.get('query'), page, pageOfArray(all, page, (x) => x.country_code)));
  });

  app.get(`${base}/:CountryCode`, (c) => {
    const iso = knownCountry(c.req.param('CountryCode'), canonicalPath(c));
    return c.json(countryResource(ctx.accountSid, iso));
  });

  app.get(`${base}/:CountryCode/:Type`, (c) => {
    const path = canonicalPath(c);
    const iso = knownCountry(c.req.param('CountryCode'), path);
    const segment = c.req.param('Type');
    const params = c.get('params');
    const page = readPageRequest(params);
    if (EMPTY_SEGMENTS.has(segment)) {
      return c.json(v2010Page('available_phone_numbers', path, c.get('query'), page, { rows: [] }));
    }
    const type = NUMBER_TYPE_SEGMENTS[segment];
    if (!type || !countryInfo(iso)!.numberTypes.includes(type)) throw notFound(path);
    const query = readAvailableQuery(ctx, params, iso, type);
    ctx.numbers.thaw(ctx.now());
    const found = ctx.numbers.searchAvailable(query);
    const { rows, nextKey } = splitPage(found, query.limit, (r) => r.id);
    return c.json(v2010Page('available_phone_numbers', path, c.get('query'), page, { rows: rows.map(availableNumberResource), nextKey }));
  });
}
