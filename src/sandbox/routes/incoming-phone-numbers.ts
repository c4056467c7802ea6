/** IncomingPhoneNumbers: buy, fetch, update, release and list the account's numbers. */
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import type { SandboxContext } from '../context';
import type { SandboxApp, SandboxCtx } from '../http/hono-env';
import { canonicalPath, friendlyNumber } from '../http/formatting';
import { NUMBER_TYPE_SEGMENTS } from '../http/inventory-paths';
import { rfc2822 } from '../http/dates';
import { numericAfterKey, readPageRequest, splitPage, v2010Page } from '../http/pagination';
import type { Params } from '../http/params';
import { newSid } from '../http/sids';
import { TwilioApiError, TwilioErrorCode, invalidParameter, missingParameter, notFound } from '../http/twilio-error';
import type { NumberType } from '../inventory';
import { evaluateUsageTriggers } from '../services/usage-triggers';
import type { IncomingRow, IncomingSettings } from '../store/incoming-numbers-repository';
import { capabilitiesOf, NumberState, type NumberRow } from '../store/numbers-repository';

const TYPE_LABEL: Record<NumberType, string> = { local: 'local', tollFree: 'toll-free', mobile: 'mobile' };
const METHODS = ['GET', 'POST'] as const;

function defaults(friendlyName: string): IncomingSettings {
  return {
    friendly_name: friendlyName,
    voice_url: null, voice_method: 'POST', voice_fallback_url: null, voice_fallback_method: 'POST',
    voice_caller_id_lookup: false, voice_application_sid: null, voice_receive_mode: 'voice',
    sms_url: null, sms_method: 'POST', sms_fallback_url: null, sms_fallback_method: 'POST', sms_application_sid: null,
    status_callback: null, status_callback_method: 'POST',
    trunk_sid: null, emergency_status: 'Inactive', emergency_address_sid: null,
    address_sid: null, identity_sid: null, bundle_sid: null, api_version: '2010-04-01',
  };
}

/** Applies the settable parameters of a create or update request, validating each and its references. */
function applySettings(ctx: SandboxContext, params: Params, current: IncomingSettings, row: NumberRow): IncomingSettings {
  const next = { ...current };
  const str = (param: string, field: keyof IncomingSettings, maxLength = 64) => {
    const v = params.string(param, { maxLength });
    if (v !== undefined) (next as Record<string, unknown>)[field] = v;
  };
  const url = (param: string, field: keyof IncomingSettings) => {
    const v = params.url(param);
    if (v !== undefined) (next as Record<string, unknown>)[field] = v === '' ? null : v;
  };
  const method = (param: string, field: keyof IncomingSettings) => {
    const v = params.oneOf(param, METHODS);
    if (v !== undefined) (next as Record<string, unknown>)[field] = v;
  };
  const sid = (param: string, field: keyof IncomingSettings, prefix: string) => {
    const v = params.sid(param, prefix);
    if (v !== undefined) (next as Record<string, unknown>)[field] = v === '' ? null : v;
  };
  str('FriendlyName', 'friendly_name');
  str('ApiVersion', 'api_version', 16);
  url('VoiceUrl', 'voice_url');
  method('VoiceMethod', 'voice_method');
  url('VoiceFallbackUrl', 'voice_fallback_url');
  method('VoiceFallbackMethod', 'voice_fallback_method');
  url('SmsUrl', 'sms_url');
  method('SmsMethod', 'sms_method');
  url('SmsFallbackUrl', 'sms_fallback_url');
  method('SmsFallbackMethod', 'sms_fallback_method');
  url('StatusCallback', 'status_callback');
  method('StatusCallbackMethod', 'status_callback_method');
  const lookup = params.boolean('VoiceCallerIdLookup');
  if (lookup !== undefined) next.voice_caller_id_lookup = lookup;
  const receive = params.oneOf('VoiceReceiveMode', ['voice', 'fax'] as const);
  if (receive !== undefined) next.voice_receive_mode = receive;
  sid('VoiceApplicationSid', 'voice_application_sid', 'AP');
  sid('SmsApplicationSid', 'sms_application_sid', 'AP');
  sid('TrunkSid', 'trunk_sid', 'TK');
  sid('IdentitySid', 'identity_sid', 'RI');
  sid('BundleSid', 'bundle_sid', 'BU');
  sid('AddressSid', 'address_sid', 'AD');
  sid('EmergencyAddressSid', 'emergency_address_sid', 'AD');
  const emergencyStatus = params.oneOf('EmergencyStatus', ['Active', 'Inactive'] as const);

  if (params.has('AddressSid') && next.address_sid) {
    const address = ctx.addresses.find(ctx.accountSid, next.address_sid);
    if (!address) throw invalidParameter('AddressSid', `${next.address_sid} is not an address of this account`);
    if (row.address_requirements === 'local' && address.iso_country !== row.iso_country) {
      throw new TwilioApiError(400, TwilioErrorCode.addressRequired,
        `${row.phone_number} requires a local address in ${row.iso_country}; address ${address.sid} is in ${address.iso_country}`);
    }
    if (row.address_requirements === 'foreign' && address.iso_country === row.iso_country) {
      throw new TwilioApiError(400, TwilioErrorCode.addressRequired,
        `${row.phone_number} requires an address outside ${row.iso_country}; address ${address.sid} is in ${address.iso_country}`);
    }
  }
  if (params.has('AddressSid') && !next.address_sid && !next.bundle_sid && row.address_requirements !== 'none') {
    throw new TwilioApiError(400, TwilioErrorCode.addressRequired,
      `${row.phone_number} requires ${row.address_requirements === 'any' ? 'an' : `a ${row.address_requirements}`} address; it cannot be removed (set another AddressSid instead)`);
  }
  if (params.has('EmergencyAddressSid')) {
    if (next.emergency_address_sid) {
      const address = ctx.addresses.find(ctx.accountSid, next.emergency_address_sid);
      if (!address) throw invalidParameter('EmergencyAddressSid', `${next.emergency_address_sid} is not an address of this account`);
      if (!address.emergency_enabled) {
        throw invalidParameter('EmergencyAddressSid', `address ${address.sid} is not emergency-enabled; update it with EmergencyEnabled=true first`);
      }
      if (address.iso_country !== row.iso_country) {
        throw invalidParameter('EmergencyAddressSid', `address ${address.sid} is in ${address.iso_country}, the number is in ${row.iso_country}`);
      }
      next.emergency_status = 'Active';
    } else {
      next.emergency_status = 'Inactive';
    }
  }
  if (emergencyStatus !== undefined) {
    if (emergencyStatus === 'Active' && !next.emergency_address_sid) {
      throw invalidParameter('EmergencyStatus', 'Active needs an emergency address; send EmergencyAddressSid too');
    }
    next.emergency_status = emergencyStatus;
  }
  return next;
}

function resource(ctx: SandboxContext, row: IncomingRow, number: NumberRow) {
  const s = JSON.parse(row.data) as IncomingSettings;
  return {
    account_sid: row.account_sid,
    address_sid: s.address_sid,
    address_requirements: number.address_requirements,
    api_version: s.api_version,
    beta: number.beta === 1,
    capabilities: capabilitiesOf(number),
    date_created: rfc2822(row.date_created),
    date_updated: rfc2822(row.date_updated),
    friendly_name: s.friendly_name,
    identity_sid: s.identity_sid,
    phone_number: row.phone_number,
    origin: 'twilio',
    sid: row.sid,
    sms_application_sid: s.sms_application_sid,
    sms_fallback_method: s.sms_fallback_method,
    sms_fallback_url: s.sms_fallback_url,
    sms_method: s.sms_method,
    sms_url: s.sms_url,
    status_callback: s.status_callback,
    status_callback_method: s.status_callback_method,
    trunk_sid: s.trunk_sid,
    uri: `/2010-04-01/Accounts/${ctx.accountSid}/IncomingPhoneNumbers/${row.sid}.json`,
    voice_receive_mode: s.voice_receive_mode,
    voice_application_sid: s.voice_application_sid,
    voice_caller_id_lookup: s.voice_caller_id_lookup,
    voice_fallback_method: s.voice_fallback_method,
    voice_fallback_url: s.voice_fallback_url,
    voice_method: s.voice_method,
    voice_url: s.voice_url,
    emergency_status: s.emergency_status,
    emergency_address_sid: s.emergency_address_sid,
    emergency_address_status: s.emergency_address_sid ? 'registered' : 'unregistered',
    bundle_sid: s.bundle_sid,
    status: 'in-use',
    type: TYPE_LABEL[number.type],
    subresource_uris: {
      assigned_add_ons: `/2010-04-01/Accounts/${ctx.accountSid}/IncomingPhoneNumbers/${row.sid}/AssignedAddOns.json`,
    },
  };
}

/** Registers the IncomingPhoneNumbers routes. */
export function registerIncomingPhoneNumberRoutes(app: SandboxApp, ctx: SandboxContext): void {
  const base = '/api/2010-04-01/Accounts/:AccountSid/IncomingPhoneNumbers';
  const load = (sid: string, path: string) => {
    const row = ctx.incomingNumbers.findRow(ctx.accountSid, sid);
    if (!row) throw notFound(path);
    return { row, number: ctx.numbers.findById(row.number_id)! };
  };

  const buy = (params: Params, onlyType?: NumberType) => {
    ctx.numbers.thaw(ctx.now());
    const phone = params.string('PhoneNumber', { maxLength: 32 });
    const areaCode = params.string('AreaCode', { maxLength: 8 });
    let row: NumberRow | undefined;
    if (phone !== undefined) {
      const parsed = /^\+[1-9]\d{5,14}$/.test(phone) ? parsePhoneNumberFromString(phone) : undefined;
      if (!parsed || !parsed.isValid()) {
        throw new TwilioApiError(400, TwilioErrorCode.phoneNumberInvalid, `The requested phone number ${phone} is invalid; send it in E.164 form, e.g. +14155550123`);
      }
      row = ctx.numbers.findByPhoneNumber(parsed.number);
      if (!row || row.state !== NumberState.available || (onlyType && row.type !== onlyType)) {
        const why = onlyType && row && row.type !== onlyType ? ` (it is a ${TYPE_LABEL[row.type]} number)` : '';
        throw new TwilioApiError(400, TwilioErrorCode.phoneNumberNotAvailable, `The requested phone number ${phone} is not available${why}; search AvailablePhoneNumbers for one that is`);
      }
    } else if (areaCode !== undefined && !onlyType) {
      if (!/^\d{3}$/.test(areaCode)) throw invalidParameter('AreaCode', `"${areaCode}" is not a three-digit US or Canadian area code`);
      row = ctx.numbers.firstAvailableInAreaCode(['US', 'CA'], areaCode);
      if (!row) throw new TwilioApiError(400, TwilioErrorCode.noNumbersInAreaCode, `No phone numbers found in area code ${areaCode}`);
    } else {
      throw missingParameter(onlyType ? 'PhoneNumber' : 'PhoneNumber or AreaCode');
    }
    const number = row;
    const settings = applySettings(ctx, params, defaults(params.string('FriendlyName', { maxLength: 64 }) ?? friendlyNumber(number.phone_number)), number);
    if (number.address_requirements !== 'none' && !settings.address_sid && !settings.bundle_sid) {
      throw new TwilioApiError(400, TwilioErrorCode.addressRequired,
        `Phone number ${number.phone_number} requires ${number.address_requirements === 'any' ? 'an' : `a ${number.address_requirements}`} address; send AddressSid (or BundleSid)`);
    }
    const now = ctx.now();
    const record: IncomingRow = {
      sid: newSid('PN'), account_sid: ctx.accountSid, number_id: number.id, phone_number: number.phone_number,
      friendly_name: settings.friendly_name, data: JSON.stringify(settings), date_created: now, date_updated: now,
      seq: ctx.nextSeq('incoming_numbers'),
    };
    ctx.incomingNumbers.insertPurchase(record, number);
    ctx.numbers.markOwned(number.id);
    return resource(ctx, record, number);
  };

  const list = (c: SandboxCtx, onlyType?: NumberType) => {
    const params = c.get('params');
    const page = readPageRequest(params);
    const friendlyName = params.string('FriendlyName', { maxLength: 64 });
    const phone = params.string('PhoneNumber', { maxLength: 32 });
    // Twilio matches partial numbers with * as a one-digit wildcard.
    const digits = phone?.replace(/[^0-9*]/g, '');
    if (phone !== undefined && digits === '') throw invalidParameter('PhoneNumber', `"${phone}" has no digits to match`);
    const rows = ctx.incomingNumbers.list(ctx.accountSid, {
      friendlyName,
      digits,
      excludeBeta: params.boolean('Beta') === false,
      // Every sandbox number was bought here; numbers ported or hosted from elsewhere do not exist.
      hostedOnly: params.oneOf('Origin', ['twilio', 'hosted'] as const) === 'hosted',
      type: onlyType,
      afterSeq: numericAfterKey(page),
      offset: page.offset,
      limit: page.pageSize,
    });
    const { rows: pageRows, nextKey } = splitPage(rows, page.pageSize, (r) => r.seq);
    const items = pageRows.map((r) => resource(ctx, r, ctx.numbers.findById(r.nid)!));
    return c.json(v2010Page('incoming_phone_numbers', canonicalPath(c), c.get('query'), page, { rows: items, nextKey }));
  };

  app.get(base, (c) => list(c));
  const buyAndCount = (params: Params, onlyType?: NumberType) => {
    const bought = ctx.db.transaction(() => buy(params, onlyType))();
    // Number rental is usage too: a trigger on phonenumbers may fire on this purchase.
    evaluateUsageTriggers(ctx);
    return bought;
  };
  app.post(base, (c) => c.json(buyAndCount(c.get('params')), 201));
  for (const [segment, type] of Object.entries(NUMBER_TYPE_SEGMENTS)) {
    app.get(`${base}/${segment}`, (c) => list(c, type));
    app.post(`${base}/${segment}`, (c) => c.json(buyAndCount(c.get('params'), type), 201));
  }

  app.get(`${base}/:Sid{PN[0-9a-fA-F]{32}}`, (c) => {
    const { row, number } = load(c.req.param('Sid'), canonicalPath(c));
    return c.json(resource(ctx, row, number));
  });

  app.post(`${base}/:Sid{PN[0-9a-fA-F]{32}}`, (c) => {
    const result = ctx.db.transaction(() => {
      const { row, number } = load(c.req.param('Sid'), canonicalPath(c));
      const settings = applySettings(ctx, c.get('params'), JSON.parse(row.data) as IncomingSettings, number);
      const now = ctx.now();
      ctx.incomingNumbers.updateSettings(row.sid, settings, now);
      return resource(ctx, { ...row, data: JSON.stringify(settings), friendly_name: settings.friendly_name, date_updated: now }, number);
    })();
    return c.json(result);
  });

  app.delete(`${base}/:Sid{PN[0-9a-fA-F]{32}}`, (c) => {
    ctx.db.transaction(() => {
      const { row, number } = load(c.req.param('Sid'), canonicalPath(c));
      const settings = JSON.parse(row.data) as IncomingSettings;
      if (settings.emergency_address_sid) {
        // Live Twilio refuses to release a number that still has a registered emergency address.
        throw new TwilioApiError(400, TwilioErrorCode.emergencyAddressAttached,
          `Phone number ${row.phone_number} has emergency address ${settings.emergency_address_sid}; remove it (EmergencyAddressSid='') before releasing the number`);
      }
      ctx.incomingNumbers.release(row.sid, ctx.now());
      ctx.numbers.markReleased(number.id, ctx.now() + ctx.releaseCooldownMs);
    })();
    return c.body(null, 204);
  });
}

