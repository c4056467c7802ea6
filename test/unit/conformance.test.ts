import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildTwilioFixtures, DEFAULT_SPECS_DIR, TWILIO_FIXTURES_DIR } from '../../scripts/extract-twilio-schemas';
import {
  conformanceErrors,
  expectConforms,
  expectResponseConforms,
  findOperation,
  isIsoDate,
  isIsoDateTime,
  isRfc2822DateTime,
  responseConformanceErrors,
  TWILIO_FORMATS,
  TWILIO_SPEC_NAMES,
  type HttpMethod,
  type TwilioSpecName,
} from '../support/conformance';

const ACCOUNT = `AC${'a'.repeat(32)}`;
const NUMBER_SID = `PN${'b'.repeat(32)}`;
const FLOW_SID = `FW${'c'.repeat(32)}`;
const V2010 = `/2010-04-01/Accounts/${ACCOUNT}`;
const INCOMING_INSTANCE = '/2010-04-01/Accounts/{AccountSid}/IncomingPhoneNumbers/{Sid}.json';

/** An IncomingPhoneNumber as the sandbox should send it: RFC 2822 dates, null for unset SIDs. */
function incomingPhoneNumber(): Record<string, unknown> {
  return {
    account_sid: ACCOUNT,
    address_requirements: 'none',
    address_sid: null,
    api_version: '2010-04-01',
    beta: false,
    capabilities: { voice: true, sms: true, mms: false, fax: false },
    date_created: 'Tue, 14 Apr 2026 09:26:42 +0000',
    date_updated: 'Tue, 14 Apr 2026 09:26:42 +0000',
    emergency_status: 'Inactive',
    emergency_address_sid: null,
    emergency_address_status: 'unregistered',
    friendly_name: '(415) 555-0100',
    identity_sid: null,
    origin: 'twilio',
    phone_number: '+14155550100',
    sid: NUMBER_SID,
    sms_application_sid: null,
    sms_fallback_method: 'POST',
    sms_fallback_url: '',
    sms_method: 'POST',
    sms_url: 'https://example.com/sms',
    status_callback: '',
    status_callback_method: 'POST',
    trunk_sid: null,
    uri: `${V2010}/IncomingPhoneNumbers/${NUMBER_SID}.json`,
    voice_application_sid: null,
    voice_caller_id_lookup: false,
    voice_fallback_method: 'POST',
    voice_fallback_url: null,
    voice_method: 'POST',
    voice_url: 'https://example.com/voice',
    voice_receive_mode: 'voice',
    status: 'in-use',
    bundle_sid: null,
    type: 'local',
  };
}

/** One page of AvailablePhoneNumbers/US/Local.json. */
function availableLocalPage(): Record<string, unknown> {
  return {
    available_phone_numbers: [
      {
        friendly_name: '(415) 555-0101',
        phone_number: '+14155550101',
        lata: '722',
        locality: 'San Francisco',
        rate_center: 'SNFC CA 01',
        latitude: 37.7749,
        longitude: -122.4194,
        region: 'CA',
        postal_code: '94105',
        iso_country: 'US',
        address_requirements: 'none',
        beta: false,
        capabilities: { voice: true, sms: true, mms: true },
      },
    ],
    uri: `${V2010}/AvailablePhoneNumbers/US/Local.json?AreaCode=415`,
  };
}

/** A Studio v2 Flow with ISO 8601 dates. */
function studioFlow(): Record<string, unknown> {
  return {
    sid: FLOW_SID,
    account_sid: ACCOUNT,
    friendly_name: 'Support line',
    definition: { description: 'main', states: [{ name: 'Trigger', type: 'trigger', transitions: [], properties: {} }], initial_state: 'Trigger', flags: {} },
    status: 'published',
    revision: 2,
    commit_message: null,
    valid: true,
    errors: [],
    warnings: [],
    date_created: '2026-04-14T09:26:42Z',
    date_updated: null,
    webhook_url: `https://webhooks.twilio.com/v1/Accounts/${ACCOUNT}/Flows/${FLOW_SID}`,
    url: `https://studio.twilio.com/v2/Flows/${FLOW_SID}`,
    links: { revisions: `https://studio.twilio.com/v2/Flows/${FLOW_SID}/Revisions` },
  };
}

describe('Twilio OpenAPI conformance of response bodies', () => {
  it('accepts a well-formed IncomingPhoneNumber from fetch, update and the create that answers 201', () => {
    expectConforms('api_v2010', 'get', INCOMING_INSTANCE, 200, incomingPhoneNumber());
    expectResponseConforms('POST', `${V2010}/IncomingPhoneNumbers/${NUMBER_SID}.json`, 200, incomingPhoneNumber());
    expectResponseConforms('post', `${V2010}/IncomingPhoneNumbers.json`, 201, incomingPhoneNumber());
  });

  it('accepts a page of available local numbers and an IncomingPhoneNumbers list page', () => {
    expectResponseConforms('get', `${V2010}/AvailablePhoneNumbers/US/Local.json?AreaCode=415`, 200, availableLocalPage());
    expectResponseConforms('get', `${V2010}/IncomingPhoneNumbers.json?PageSize=50`, 200, {
      incoming_phone_numbers: [incomingPhoneNumber()],
      end: 0,
      first_page_uri: `${V2010}/IncomingPhoneNumbers.json?PageSize=50&Page=0`,
      next_page_uri: null,
      page: 0,
      page_size: 50,
      previous_page_uri: null,
      start: 0,
      uri: `${V2010}/IncomingPhoneNumbers.json?PageSize=50&Page=0`,
    });
  });

  it('accepts a Studio flow, a flow list page and a usage record page', () => {
    expectResponseConforms('get', `/v2/Flows/${FLOW_SID}`, 200, studioFlow());
    expectResponseConforms('get', 'https://studio.twilio.com/v2/Flows?PageSize=20', 200, {
      flows: [studioFlow()],
      meta: {
        page: 0,
        page_size: 20,
        first_page_url: 'https://studio.twilio.com/v2/Flows?PageSize=20&Page=0',
        previous_page_url: null,
        url: 'https://studio.twilio.com/v2/Flows?PageSize=20&Page=0',
        next_page_url: null,
        key: 'flows',
      },
    });
    expectResponseConforms('get', `${V2010}/Usage/Records/Daily.json?Category=calls`, 200, {
      usage_records: [
        {
          account_sid: ACCOUNT,
          api_version: '2010-04-01',
          as_of: '2026-04-14T09:26:42+00:00',
          category: 'calls',
          count: '12',
          count_unit: 'calls',
          description: 'Voice Minutes',
          end_date: '2026-04-14',
          price: 1.25,
          price_unit: 'usd',
          start_date: '2026-04-14',
          subresource_uris: {},
          uri: `${V2010}/Usage/Records/Daily.json?Category=calls&StartDate=2026-04-14&EndDate=2026-04-14`,
          usage: '30',
          usage_unit: 'minutes',
        },
      ],
      end: 0,
      first_page_uri: `${V2010}/Usage/Records/Daily.json?Category=calls&Page=0&PageSize=50`,
      next_page_uri: null,
      page: 0,
      page_size: 50,
      previous_page_uri: null,
      start: 0,
      uri: `${V2010}/Usage/Records/Daily.json?Category=calls&Page=0&PageSize=50`,
    });
  });

  it('checks Twilio error bodies for statuses the spec does not declare, including that status matches', () => {
    const body = { code: 20404, message: 'The requested resource was not found', more_info: 'https://www.twilio.com/docs/errors/20404', status: 404 };
    expectResponseConforms('get', `${V2010}/IncomingPhoneNumbers/${NUMBER_SID}.json`, 404, body);
    expect(responseConformanceErrors('get', `/v2/Flows/${FLOW_SID}`, 400, body)).toEqual([
      'status: must be equal to constant, got 404',
    ]);
    expect(responseConformanceErrors('get', `/v2/Flows/${FLOW_SID}`, 404, { message: 'nope' })).toEqual(
      expect.arrayContaining(['code: is required by the spec but missing']),
    );
  });

  it('expects no body on 204 and flags statuses the spec does not declare', () => {
    expectResponseConforms('delete', `${V2010}/IncomingPhoneNumbers/${NUMBER_SID}.json`, 204, undefined);
    expect(responseConformanceErrors('delete', `${V2010}/IncomingPhoneNumbers/${NUMBER_SID}.json`, 204, { ok: true })).toEqual([
      '(body): the spec declares no body for 204, got {"ok":true}',
    ]);
    expect(responseConformanceErrors('post', `${V2010}/IncomingPhoneNumbers.json`, 200, incomingPhoneNumber())).toEqual([
      '(status): the spec declares no 200 for POST /2010-04-01/Accounts/{AccountSid}/IncomingPhoneNumbers.json; declared: 201',
    ]);
  });

  it('rejects a number where the spec wants a string, naming the field and the value', () => {
    const body = { ...incomingPhoneNumber(), phone_number: 14155550100 };
    expect(conformanceErrors('api_v2010', 'get', INCOMING_INSTANCE, 200, body)).toEqual([
      'phone_number: must be string, got 14155550100',
    ]);
    expect(() => expectConforms('api_v2010', 'get', INCOMING_INSTANCE, 200, body)).toThrow(/phone_number: must be string/);
  });

  it('names nested fields and reports every problem at once', () => {
    const page = availableLocalPage();
    const [first] = page.available_phone_numbers as Record<string, unknown>[];
    Object.assign(first as Record<string, unknown>, { capabilities: { voice: 'yes' }, beta: 'false', latitude: null });
    expect(responseConformanceErrors('get', `${V2010}/AvailablePhoneNumbers/US/Local.json`, 200, page).sort()).toEqual([
      'available_phone_numbers[0].beta: must be boolean, got "false"',
      'available_phone_numbers[0].capabilities.voice: must be boolean, got "yes"',
    ]);
    const body = { ...incomingPhoneNumber(), address_requirements: 'sometimes' };
    expect(conformanceErrors('api_v2010', 'get', INCOMING_INSTANCE, 200, body)).toEqual([
      'address_requirements: must be equal to one of the allowed values ["none","any","local","foreign"], got "sometimes"',
    ]);
  });

  it('rejects dates in the wrong dialect for each API', () => {
    const v2010 = { ...incomingPhoneNumber(), date_created: '2026-04-14T09:26:42Z', date_updated: 'Mon, 14 Apr 2026 09:26:42 +0000' };
    expect(conformanceErrors('api_v2010', 'get', INCOMING_INSTANCE, 200, v2010)).toEqual([
      'date_created: must match format "date-time-rfc-2822", got "2026-04-14T09:26:42Z"',
      'date_updated: must match format "date-time-rfc-2822", got "Mon, 14 Apr 2026 09:26:42 +0000"',
    ]);
    const flow = { ...studioFlow(), date_created: 'Tue, 14 Apr 2026 09:26:42 +0000' };
    expect(responseConformanceErrors('get', `/v2/Flows/${FLOW_SID}`, 200, flow)).toEqual([
      'date_created: must match format "date-time", got "Tue, 14 Apr 2026 09:26:42 +0000"',
    ]);
  });

  it('checks the values of uri-map link objects, which the spec types only by format', () => {
    const flow = { ...studioFlow(), links: { revisions: 42 } };
    expect(responseConformanceErrors('get', `/v2/Flows/${FLOW_SID}`, 200, flow)).toEqual([
      'links.revisions: must be string, got 42',
    ]);
  });

  it('reports undeclared fields only when asked, to catch typos in the sandbox', () => {
    const body = { ...incomingPhoneNumber(), voice_urll: 'https://example.com/typo' };
    expect(conformanceErrors('api_v2010', 'get', INCOMING_INSTANCE, 200, body)).toEqual([]);
    expect(conformanceErrors('api_v2010', 'get', INCOMING_INSTANCE, 200, body, { noExtraFields: true })).toEqual([
      'voice_urll: is not declared in the spec schema (typo?), got "https://example.com/typo"',
    ]);
    // The spec's IncomingPhoneNumber has no subresource_uris, though live Twilio sends one.
    const withSubresources = { ...incomingPhoneNumber(), subresource_uris: { assigned_add_ons: `${V2010}/IncomingPhoneNumbers/${NUMBER_SID}/AssignedAddOns.json` } };
    expect(conformanceErrors('api_v2010', 'get', INCOMING_INSTANCE, 200, withSubresources, { noExtraFields: true })).toHaveLength(1);
    // Open maps (uri-map links, flow definitions) stay open even in this mode.
    expectConforms('api_v2010', 'get', INCOMING_INSTANCE, 200, incomingPhoneNumber(), { noExtraFields: true });
    expectResponseConforms('get', `/v2/Flows/${FLOW_SID}`, 200, studioFlow(), { noExtraFields: true });
  });

  it('accepts Twilio wire quirks only when asked', () => {
    const page = availableLocalPage();
    const [first] = page.available_phone_numbers as Record<string, unknown>[];
    Object.assign(first as Record<string, unknown>, { latitude: '37.774900', longitude: '-122.419400' });
    const url = `${V2010}/AvailablePhoneNumbers/US/Local.json`;
    expect(responseConformanceErrors('get', url, 200, page)).toHaveLength(2);
    expect(responseConformanceErrors('get', url, 200, page, { allowWireQuirks: true })).toEqual([]);
    const unsetApp = { ...incomingPhoneNumber(), voice_application_sid: '' };
    expect(conformanceErrors('api_v2010', 'get', INCOMING_INSTANCE, 200, unsetApp, { allowWireQuirks: true })).toEqual([]);
    // The quirks widen strings to decimals and SIDs to "", never to arbitrary values.
    Object.assign(first as Record<string, unknown>, { latitude: 'north' });
    expect(responseConformanceErrors('get', url, 200, page, { allowWireQuirks: true })).toEqual([
      'available_phone_numbers[0].latitude: must match pattern "^-?[0-9]+(\\.[0-9]+)?$", got "north"',
    ]);
    const badSid = { ...incomingPhoneNumber(), voice_application_sid: 'AP123' };
    expect(conformanceErrors('api_v2010', 'get', INCOMING_INSTANCE, 200, badSid, { allowWireQuirks: true })).toHaveLength(1);
  });
});

describe('finding the spec path template for a concrete URL', () => {
  it.each([
    [`${V2010}/IncomingPhoneNumbers/${NUMBER_SID}.json`, 'api_v2010', INCOMING_INSTANCE],
    [`${V2010}/IncomingPhoneNumbers/Local.json`, 'api_v2010', '/2010-04-01/Accounts/{AccountSid}/IncomingPhoneNumbers/Local.json'],
    [`${V2010}/IncomingPhoneNumbers.json?PhoneNumber=%2B1415`, 'api_v2010', '/2010-04-01/Accounts/{AccountSid}/IncomingPhoneNumbers.json'],
    [`${V2010}/AvailablePhoneNumbers.json`, 'api_v2010', '/2010-04-01/Accounts/{AccountSid}/AvailablePhoneNumbers.json'],
    [`${V2010}/AvailablePhoneNumbers/GB.json`, 'api_v2010', '/2010-04-01/Accounts/{AccountSid}/AvailablePhoneNumbers/{CountryCode}.json'],
    [`${V2010}/AvailablePhoneNumbers/US/TollFree.json`, 'api_v2010', '/2010-04-01/Accounts/{AccountSid}/AvailablePhoneNumbers/{CountryCode}/TollFree.json'],
    [`${V2010}/Usage/Records.json`, 'api_v2010', '/2010-04-01/Accounts/{AccountSid}/Usage/Records.json'],
    [`${V2010}/Usage/Records/LastMonth.json`, 'api_v2010', '/2010-04-01/Accounts/{AccountSid}/Usage/Records/LastMonth.json'],
    [`${V2010}/Usage/Records/AllTime.json?Category=calls`, 'api_v2010', '/2010-04-01/Accounts/{AccountSid}/Usage/Records/AllTime.json'],
    [`${V2010}/Usage/Triggers/UT${'d'.repeat(32)}.json`, 'api_v2010', '/2010-04-01/Accounts/{AccountSid}/Usage/Triggers/{Sid}.json'],
    ['/v2/Flows/Validate', 'studio_v2', '/v2/Flows/Validate'],
    [`/v2/Flows/${FLOW_SID}/`, 'studio_v2', '/v2/Flows/{Sid}'],
    [`/v2/Flows/${FLOW_SID}/Revisions/3`, 'studio_v2', '/v2/Flows/{Sid}/Revisions/{Revision}'],
    [`/v2/Flows/${FLOW_SID}/Executions/FN1/Steps/FT1/Context`, 'studio_v2', '/v2/Flows/{FlowSid}/Executions/{ExecutionSid}/Steps/{StepSid}/Context'],
    ['/v1/Voice/Numbers/%2B14155550100', 'pricing_v1', '/v1/Voice/Numbers/{Number}'],
    ['https://pricing.twilio.com/v1/PhoneNumbers/Countries/US', 'pricing_v1', '/v1/PhoneNumbers/Countries/{IsoCountry}'],
    ['/v2/RegulatoryCompliance/Bundles/BU1/ItemAssignments', 'numbers_v2', '/v2/RegulatoryCompliance/Bundles/{BundleSid}/ItemAssignments'],
    ['/v1/Trunks/TK1/PhoneNumbers', 'trunking_v1', '/v1/Trunks/{TrunkSid}/PhoneNumbers'],
  ] as const)('%s is %s %s', (url, spec, template) => {
    expect(findOperation(url)).toMatchObject({ spec, pathTemplate: template });
  });

  it('decodes path parameters and ignores the sandbox host and query', () => {
    expect(findOperation('http://127.0.0.1:4010/v1/Voice/Numbers/%2B14155550100?x=1')).toEqual({
      spec: 'pricing_v1',
      pathTemplate: '/v1/Voice/Numbers/{Number}',
      params: { Number: '+14155550100' },
    });
  });

  it('finds nothing for paths outside the extracted specs, and says so when asked to check them', () => {
    expect(findOperation(`${V2010}/Messages.json`)).toBeUndefined();
    expect(findOperation('https://studio.twilio.com/v1/Trunks')).toBeUndefined();
    expect(() => responseConformanceErrors('get', `${V2010}/Messages.json`, 200, {})).toThrow(/matches no path/);
  });
});

describe('format validators', () => {
  it('accepts RFC 2822 dates only with a matching weekday and a real date', () => {
    expect(isRfc2822DateTime('Tue, 14 Apr 2026 09:26:42 +0000')).toBe(true);
    expect(isRfc2822DateTime('Wed, 01 Jul 2015 00:00:00 -0500')).toBe(true);
    expect(isRfc2822DateTime('Mon, 14 Apr 2026 09:26:42 +0000')).toBe(false);
    expect(isRfc2822DateTime('Tue, 31 Feb 2026 09:26:42 +0000')).toBe(false);
    expect(isRfc2822DateTime('14 Apr 2026 09:26:42 +0000')).toBe(false);
    expect(isRfc2822DateTime('Tue, 14 Apr 2026 09:26:42 GMT')).toBe(false);
  });

  it('accepts ISO 8601 date-times with a zone and real calendar dates', () => {
    expect(isIsoDateTime('2026-04-14T09:26:42Z')).toBe(true);
    expect(isIsoDateTime('2026-04-14T09:26:42.123+02:00')).toBe(true);
    expect(isIsoDateTime('2026-04-14 09:26:42Z')).toBe(false);
    expect(isIsoDateTime('2026-04-14T09:26:42')).toBe(false);
    expect(isIsoDateTime('2026-02-30T09:26:42Z')).toBe(false);
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2026-02-29')).toBe(false);
  });

  it('registers a check for every format the extracted schemas use', () => {
    const used = new Set<string>();
    for (const spec of TWILIO_SPEC_NAMES) {
      const text = readFileSync(join(TWILIO_FIXTURES_DIR, `twilio_${spec}.json`), 'utf8');
      for (const m of text.matchAll(/"format": "([^"]+)"/g)) used.add(m[1] as string);
    }
    expect([...used].filter((f) => !(f in TWILIO_FORMATS))).toEqual([]);
  });
});

/** Every response the fixtures declare, with the official examples Twilio ships for it. */
function declaredResponses(): { spec: TwilioSpecName; method: HttpMethod; template: string; status: number; examples: [string, unknown][] }[] {
  type Media = { examples?: Record<string, { value: unknown }> };
  type Operation = { responses: Record<string, { content?: Record<string, Media> }> };
  const out: ReturnType<typeof declaredResponses> = [];
  for (const spec of TWILIO_SPEC_NAMES) {
    const doc = JSON.parse(readFileSync(join(TWILIO_FIXTURES_DIR, `twilio_${spec}.json`), 'utf8')) as {
      paths: Record<string, Partial<Record<HttpMethod, Operation>>>;
    };
    for (const [template, item] of Object.entries(doc.paths)) {
      for (const method of ['get', 'post', 'delete'] as const) {
        for (const [status, response] of Object.entries(item[method]?.responses ?? {})) {
          const examples = response.content?.['application/json']?.examples ?? {};
          const values = Object.entries(examples).map(([name, e]) => [name, e.value] as [string, unknown]);
          out.push({ spec, method, template, status: Number(status), examples: values });
        }
      }
    }
  }
  return out;
}

describe("Twilio's own response examples", () => {
  const responses = declaredResponses();

  it('every declared response schema compiles', () => {
    expect(responses.length).toBeGreaterThan(50);
    for (const r of responses) expect(() => conformanceErrors(r.spec, r.method, r.template, r.status, {})).not.toThrow();
  });

  it('conform once the documented wire quirks are allowed', () => {
    const failures = responses.flatMap((r) =>
      r.examples.flatMap(([name, value]) =>
        conformanceErrors(r.spec, r.method, r.template, r.status, value, { allowWireQuirks: true }).map(
          (e) => `${r.method} ${r.template} ${r.status} ${name}: ${e}`,
        ),
      ),
    );
    expect(failures).toEqual([]);
  });

  it('deviate from the strict schemas only in the documented wire quirks', () => {
    const quirk = [
      /_sid: must NOT have fewer than 34 characters, got ""$/,
      /_sid: must match pattern "\^[A-Z]{2}\[0-9a-fA-F\]\{32\}\$", got ""$/,
      /\.(latitude|longitude|price): must be number, got "-?[0-9.]+"$/,
      /^inbound_call_price\.\w+: must be string, got null$/,
    ];
    const unexpected = responses.flatMap((r) =>
      r.examples.flatMap(([name, value]) =>
        conformanceErrors(r.spec, r.method, r.template, r.status, value)
          .filter((e) => !quirk.some((q) => q.test(e)))
          .map((e) => `${r.method} ${r.template} ${r.status} ${name}: ${e}`),
      ),
    );
    expect(unexpected).toEqual([]);
  });
});

describe('extracted fixtures', () => {
  const specsPresent = existsSync(join(DEFAULT_SPECS_DIR, 'twilio_api_v2010.json'));
  const title = specsPresent
    ? 'are byte-identical to a fresh extraction from ../shared/specs'
    : 'are up to date with ../shared/specs (SKIPPED: ../shared/specs is not present in this checkout)';

  (specsPresent ? it : it.skip)(title, () => {
    const fresh = buildTwilioFixtures(DEFAULT_SPECS_DIR);
    for (const [name, contents] of fresh) {
      const onDisk = readFileSync(join(TWILIO_FIXTURES_DIR, name), 'utf8');
      // A boolean keeps the failure readable; the fix is to re-run the script, not to read a 300 kB diff.
      expect({ name, upToDate: onDisk === contents, fix: 'npx tsx scripts/extract-twilio-schemas.ts' }).toEqual({
        name,
        upToDate: true,
        fix: 'npx tsx scripts/extract-twilio-schemas.ts',
      });
    }
  });
});
