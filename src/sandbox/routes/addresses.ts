/** Addresses (including emergency addresses): create, fetch, update, delete, list, with validation. */
import { isSupportedCountry } from 'libphonenumber-js';
import { suggestIsoCountry } from '../../core/e164';
import type { SandboxContext } from '../context';
import type { SandboxApp } from '../http/hono-env';
import { canonicalPath } from '../http/formatting';
import { rfc2822 } from '../http/dates';
import { numericAfterKey, readPageRequest, splitPage, v2010Page } from '../http/pagination';
import type { Params } from '../http/params';
import { newSid } from '../http/sids';
import { TwilioApiError, TwilioErrorCode, invalidParameter, notFound } from '../http/twilio-error';
import { numbersUsingAddress } from './incoming-phone-numbers';

/** An address as stored (and as Twilio returns it, less dates and uri). */
export interface AddressData {
  sid: string;
  account_sid: string;
  customer_name: string;
  friendly_name: string | null;
  street: string;
  street_secondary: string | null;
  city: string;
  region: string;
  postal_code: string;
  iso_country: string;
  emergency_enabled: boolean;
  validated: boolean;
  verified: boolean;
}

interface AddressRow {
  sid: string;
  account_sid: string;
  data: string;
  date_created: number;
  date_updated: number;
  seq: number;
}

const US_REGIONS = new Set(
  ('AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY ' +
    'PR VI GU AS MP').split(' '),
);
const CA_REGIONS = new Set('AB BC MB NB NL NS NT NU ON PE QC SK YT'.split(' '));
/** True for an ISO 3166-1 alpha-2 code of a country with a telephone numbering plan. */
export function isIsoCountry(code: string): boolean {
  return /^[A-Z]{2}$/.test(code) && isSupportedCountry(code);
}

/** Loads an address of the sandbox account. */
export function findAddress(ctx: SandboxContext, sid: string): AddressData | undefined {
  const row = ctx.db.prepare('SELECT data FROM addresses WHERE sid = ? AND account_sid = ?').get(sid, ctx.accountSid) as
    | { data: string }
    | undefined;
  return row ? (JSON.parse(row.data) as AddressData) : undefined;
}

function addressError(field: string, message: string): TwilioApiError {
  return new TwilioApiError(400, TwilioErrorCode.addressInvalid, `${field}: ${message}`, { parameter: field });
}

/**
 * Checks an address the way an emergency-services registration would: a street that starts with a house number,
 * a region and postal code that exist in the country. Returns the problems (empty when valid).
 */
export function addressProblems(a: AddressData): { field: string; message: string }[] {
  const problems: { field: string; message: string }[] = [];
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

function autoCorrect(a: AddressData): AddressData {
  const region = a.iso_country === 'US' || a.iso_country === 'CA' ? a.region.trim().toUpperCase() : a.region.trim();
  let postal = a.postal_code.trim().toUpperCase();
  if (a.iso_country === 'CA' && /^[A-Z]\d[A-Z]\d[A-Z]\d$/.test(postal)) postal = `${postal.slice(0, 3)} ${postal.slice(3)}`;
  return { ...a, street: a.street.trim().replace(/\s+/g, ' '), city: a.city.trim(), region, postal_code: postal };
}

function applyFields(params: Params, current: AddressData, creating: boolean): AddressData {
  const read = (name: string, maxLength = 255) =>
    creating ? params.required(name, { maxLength }) : params.string(name, { maxLength });
  const next = { ...current };
  const set = <K extends keyof AddressData>(key: K, value: AddressData[K] | undefined) => {
    if (value !== undefined) next[key] = value;
  };
  set('customer_name', read('CustomerName'));
  set('street', read('Street'));
  set('city', read('City', 128));
  set('region', read('Region', 128));
  set('postal_code', read('PostalCode', 32));
  const friendly = params.string('FriendlyName', { maxLength: 64 });
  if (friendly !== undefined) next.friendly_name = friendly;
  const secondary = params.string('StreetSecondary', { maxLength: 255 });
  if (secondary !== undefined) next.street_secondary = secondary === '' ? null : secondary;
  if (creating) {
    const iso = params.required('IsoCountry', { maxLength: 2 }).toUpperCase();
    if (!isIsoCountry(iso)) {
      const hint = suggestIsoCountry(iso);
      throw invalidParameter('IsoCountry', `"${iso}" is not an ISO 3166-1 alpha-2 country code; ${hint ? `did you mean "${hint}"?` : 'use e.g. US, GB, DE'}`);
    }
    next.iso_country = iso;
  } else if (params.has('IsoCountry')) {
    throw invalidParameter('IsoCountry', 'cannot be changed; create a new address instead');
  }
  const emergency = params.boolean('EmergencyEnabled');
  if (emergency !== undefined) next.emergency_enabled = emergency;
  const corrected = params.boolean('AutoCorrectAddress') ?? true ? autoCorrect(next) : next;
  const problems = addressProblems(corrected);
  if (problems.length > 0 && corrected.emergency_enabled) {
    // An emergency address must be dispatchable; any other address is stored and flagged as not validated.
    const first = problems[0];
    throw addressError(first.field, `${first.message}. Emergency addresses must be valid and complete.`);
  }
  corrected.validated = problems.length === 0;
  corrected.verified = corrected.validated && corrected.emergency_enabled;
  return corrected;
}

function resource(ctx: SandboxContext, row: AddressRow) {
  const a = JSON.parse(row.data) as AddressData;
  return {
    account_sid: a.account_sid,
    city: a.city,
    customer_name: a.customer_name,
    date_created: rfc2822(row.date_created),
    date_updated: rfc2822(row.date_updated),
    friendly_name: a.friendly_name,
    iso_country: a.iso_country,
    postal_code: a.postal_code,
    region: a.region,
    sid: a.sid,
    street: a.street,
    street_secondary: a.street_secondary,
    uri: `/2010-04-01/Accounts/${ctx.accountSid}/Addresses/${a.sid}.json`,
    emergency_enabled: a.emergency_enabled,
    validated: a.validated,
    verified: a.verified,
  };
}

/** Registers the Addresses routes. */
export function registerAddressRoutes(app: SandboxApp, ctx: SandboxContext): void {
  const base = '/api/2010-04-01/Accounts/:AccountSid/Addresses';
  const bySid = ctx.db.prepare('SELECT * FROM addresses WHERE sid = ? AND account_sid = ?');
  const load = (sid: string, path: string) => {
    const row = bySid.get(sid, ctx.accountSid) as AddressRow | undefined;
    if (!row) throw notFound(path);
    return row;
  };

  app.post(base, (c) => {
    const sid = newSid('AD');
    const blank: AddressData = {
      sid, account_sid: ctx.accountSid, customer_name: '', friendly_name: null, street: '', street_secondary: null, city: '',
      region: '', postal_code: '', iso_country: '', emergency_enabled: false, validated: false, verified: false,
    };
    const data = applyFields(c.get('params'), blank, true);
    const now = ctx.now();
    const row: AddressRow = { sid, account_sid: ctx.accountSid, data: JSON.stringify(data), date_created: now, date_updated: now, seq: ctx.nextSeq('addresses') };
    ctx.db.prepare('INSERT INTO addresses (sid, account_sid, data, date_created, date_updated, seq) VALUES (@sid, @account_sid, @data, @date_created, @date_updated, @seq)').run(row);
    return c.json(resource(ctx, row), 201);
  });

  app.get(base, (c) => {
    const params = c.get('params');
    const page = readPageRequest(params);
    const where = ['account_sid = @account'];
    const args: Record<string, string | number> = { account: ctx.accountSid, limit: page.pageSize + 1, offset: page.offset };
    const filter = (param: string, jsonField: string) => {
      const v = params.string(param, { maxLength: 255 });
      if (v !== undefined) { where.push(`json_extract(data, '$.${jsonField}') = @${jsonField}`); args[jsonField] = v; }
    };
    filter('CustomerName', 'customer_name');
    filter('FriendlyName', 'friendly_name');
    const iso = params.string('IsoCountry', { maxLength: 2 });
    if (iso !== undefined) { where.push("json_extract(data, '$.iso_country') = @iso"); args.iso = iso.toUpperCase(); }
    const emergency = params.boolean('EmergencyEnabled');
    if (emergency !== undefined) { where.push("json_extract(data, '$.emergency_enabled') = @em"); args.em = emergency ? 1 : 0; }
    const after = numericAfterKey(page);
    if (after !== undefined) { where.push('seq > @after'); args.after = after; }
    const rows = ctx.db.prepare(`SELECT * FROM addresses WHERE ${where.join(' AND ')} ORDER BY seq LIMIT @limit OFFSET @offset`).all(args) as AddressRow[];
    const { rows: pageRows, nextKey } = splitPage(rows, page.pageSize, (r) => r.seq);
    return c.json(v2010Page('addresses', canonicalPath(c), c.get('query'), page, { rows: pageRows.map((r) => resource(ctx, r)), nextKey }));
  });

  app.get(`${base}/:Sid{AD[0-9a-fA-F]{32}}`, (c) => c.json(resource(ctx, load(c.req.param('Sid'), canonicalPath(c)))));

  app.post(`${base}/:Sid{AD[0-9a-fA-F]{32}}`, (c) => {
    const row = load(c.req.param('Sid'), canonicalPath(c));
    const current = JSON.parse(row.data) as AddressData;
    const data = applyFields(c.get('params'), current, false);
    if (current.emergency_enabled && !data.emergency_enabled) {
      const users = numbersUsingAddress(ctx, row.sid);
      if (users.length > 0) {
        throw invalidParameter('EmergencyEnabled', `address ${row.sid} is the emergency address of ${users.join(', ')}; detach it from those numbers first`);
      }
    }
    const now = ctx.now();
    ctx.db.prepare('UPDATE addresses SET data = ?, date_updated = ? WHERE sid = ?').run(JSON.stringify(data), now, row.sid);
    return c.json(resource(ctx, { ...row, data: JSON.stringify(data), date_updated: now }));
  });

  app.delete(`${base}/:Sid{AD[0-9a-fA-F]{32}}`, (c) => {
    const row = load(c.req.param('Sid'), canonicalPath(c));
    const users = numbersUsingAddress(ctx, row.sid);
    if (users.length > 0) {
      throw new TwilioApiError(400, TwilioErrorCode.addressInUse,
        `Address ${row.sid} cannot be deleted: it is used by ${users.join(', ')}. Remove it from those numbers first.`,
        { phone_numbers: users });
    }
    ctx.db.prepare('DELETE FROM addresses WHERE sid = ?').run(row.sid);
    return c.body(null, 204);
  });
}
