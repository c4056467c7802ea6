/** Addresses (including emergency addresses): create, fetch, update, delete, list, with validation. */
import { suggestIsoCountry } from '../../core/e164';
import type { SandboxContext } from '../context';
import type { SandboxApp } from '../http/hono-env';
import { canonicalPath } from '../http/formatting';
import { rfc2822 } from '../http/dates';
import { numericAfterKey, readPageRequest, splitPage, v2010Page } from '../http/pagination';
import type { Params } from '../http/params';
import { newSid } from '../http/sids';
import { TwilioApiError, TwilioErrorCode, invalidParameter, notFound } from '../http/twilio-error';
import { addressProblems, autoCorrectAddress, isIsoCountry } from '../services/address-checks';
import type { AddressData, AddressRow } from '../store/addresses-repository';

function addressError(field: string, message: string): TwilioApiError {
  return new TwilioApiError(400, TwilioErrorCode.addressInvalid, `${field}: ${message}`, { parameter: field });
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
  const corrected = params.boolean('AutoCorrectAddress') ?? true ? autoCorrectAddress(next) : next;
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
  const load = (sid: string, path: string) => {
    const row = ctx.addresses.findRow(ctx.accountSid, sid);
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
    ctx.addresses.insert(row);
    return c.json(resource(ctx, row), 201);
  });

  app.get(base, (c) => {
    const params = c.get('params');
    const page = readPageRequest(params);
    const rows = ctx.addresses.list(ctx.accountSid, {
      customerName: params.string('CustomerName', { maxLength: 255 }),
      friendlyName: params.string('FriendlyName', { maxLength: 255 }),
      isoCountry: params.string('IsoCountry', { maxLength: 2 })?.toUpperCase(),
      emergencyEnabled: params.boolean('EmergencyEnabled'),
      afterSeq: numericAfterKey(page),
      offset: page.offset,
      limit: page.pageSize,
    });
    const { rows: pageRows, nextKey } = splitPage(rows, page.pageSize, (r) => r.seq);
    return c.json(v2010Page('addresses', canonicalPath(c), c.get('query'), page, { rows: pageRows.map((r) => resource(ctx, r)), nextKey }));
  });

  app.get(`${base}/:Sid{AD[0-9a-fA-F]{32}}`, (c) => c.json(resource(ctx, load(c.req.param('Sid'), canonicalPath(c)))));

  app.post(`${base}/:Sid{AD[0-9a-fA-F]{32}}`, (c) => {
    const row = load(c.req.param('Sid'), canonicalPath(c));
    const current = JSON.parse(row.data) as AddressData;
    const data = applyFields(c.get('params'), current, false);
    if (current.emergency_enabled && !data.emergency_enabled) {
      const users = ctx.incomingNumbers.numbersUsingAddress(row.sid);
      if (users.length > 0) {
        throw invalidParameter('EmergencyEnabled', `address ${row.sid} is the emergency address of ${users.join(', ')}; detach it from those numbers first`);
      }
    }
    const now = ctx.now();
    ctx.addresses.update(row.sid, data, now);
    return c.json(resource(ctx, { ...row, data: JSON.stringify(data), date_updated: now }));
  });

  app.delete(`${base}/:Sid{AD[0-9a-fA-F]{32}}`, (c) => {
    const row = load(c.req.param('Sid'), canonicalPath(c));
    const users = ctx.incomingNumbers.numbersUsingAddress(row.sid);
    if (users.length > 0) {
      throw new TwilioApiError(400, TwilioErrorCode.addressInUse,
        `Address ${row.sid} cannot be deleted: it is used by ${users.join(', ')}. Remove it from those numbers first.`,
        { phone_numbers: users });
    }
    ctx.addresses.delete(row.sid);
    return c.body(null, 204);
  });
}
