/**
 * Bad input never crashes the sandbox or earns a 500: property tests over query strings and form bodies sent to every
 * route, checking that each answer is a success or Twilio's 400/404 error shape, and a table of known parameters with
 * bad values, each with the exact answer it gets.
 */
import fc from 'fast-check';
import { startTestSandbox, type TestSandbox } from '../support/sandbox';

let t: TestSandbox;
let auth: Record<string, string>;
/** SIDs of one existing resource of each kind, so instance routes see real objects as well as unknown ones. */
const existing: Record<'PN' | 'AD' | 'FW' | 'UT', string> = { PN: '', AD: '', FW: '', UT: '' };
beforeAll(async () => {
  t = await startTestSandbox();
  auth = { authorization: `Basic ${Buffer.from(`${t.sandbox.accountSid}:${t.sandbox.authToken}`).toString('base64')}` };
  existing.PN = (await t.client.incomingPhoneNumbers.create({ areaCode: '415' })).sid;
  existing.AD = (await t.client.addresses.create({ customerName: 'A', street: '1 Main St', city: 'SF', region: 'CA', postalCode: '94105', isoCountry: 'US' })).sid;
  const definition = { initial_state: 'Trigger', states: [{ name: 'Trigger', type: 'trigger', properties: {}, transitions: [{ event: 'incomingCall' }] }] };
  existing.FW = (await t.client.studio.v2.flows.create({ friendlyName: 'f', status: 'draft', definition })).sid;
  existing.UT = (await t.client.usage.triggers.create({ callbackUrl: 'http://127.0.0.1:9/x', triggerValue: '100', usageCategory: 'calls' })).sid;
});
afterAll(async () => {
  await t.close();
});

const ROUTES: { method: 'GET' | 'POST' | 'DELETE'; path: (ac: string) => string }[] = [
  { method: 'GET', path: (ac) => `/api/2010-04-01/Accounts/${ac}/AvailablePhoneNumbers.json` },
  { method: 'GET', path: (ac) => `/api/2010-04-01/Accounts/${ac}/AvailablePhoneNumbers/US/Local.json` },
  { method: 'GET', path: (ac) => `/api/2010-04-01/Accounts/${ac}/AvailablePhoneNumbers/GB/Mobile.json` },
  { method: 'GET', path: (ac) => `/api/2010-04-01/Accounts/${ac}/AvailablePhoneNumbers/US/TollFree.json` },
  { method: 'GET', path: (ac) => `/api/2010-04-01/Accounts/${ac}/IncomingPhoneNumbers.json` },
  { method: 'POST', path: (ac) => `/api/2010-04-01/Accounts/${ac}/IncomingPhoneNumbers.json` },
  { method: 'POST', path: (ac) => `/api/2010-04-01/Accounts/${ac}/IncomingPhoneNumbers/Local.json` },
  { method: 'GET', path: (ac) => `/api/2010-04-01/Accounts/${ac}/Addresses.json` },
  { method: 'POST', path: (ac) => `/api/2010-04-01/Accounts/${ac}/Addresses.json` },
  { method: 'GET', path: (ac) => `/api/2010-04-01/Accounts/${ac}/Calls.json` },
  { method: 'GET', path: (ac) => `/api/2010-04-01/Accounts/${ac}/Usage/Records/Daily.json` },
  { method: 'GET', path: (ac) => `/api/2010-04-01/Accounts/${ac}/Usage/Triggers.json` },
  { method: 'POST', path: (ac) => `/api/2010-04-01/Accounts/${ac}/Usage/Triggers.json` },
  { method: 'POST', path: () => '/studio/v2/Flows' },
  { method: 'POST', path: () => '/studio/v2/Flows/Validate' },
  { method: 'GET', path: () => '/studio/v2/Flows' },
  { method: 'GET', path: () => '/pricing/v1/Voice/Numbers/%2B1415' },
  { method: 'GET', path: () => '/pricing/v1/PhoneNumbers/Countries' },
  { method: 'POST', path: (ac) => `/api/2010-04-01/Accounts/${ac}/IncomingPhoneNumbers/${existing.PN}.json` },
  { method: 'POST', path: (ac) => `/api/2010-04-01/Accounts/${ac}/Addresses/${existing.AD}.json` },
  { method: 'POST', path: () => `/studio/v2/Flows/${existing.FW}` },
  { method: 'GET', path: () => `/studio/v2/Flows/${existing.FW}/Revisions` },
  { method: 'POST', path: (ac) => `/api/2010-04-01/Accounts/${ac}/Usage/Triggers/${existing.UT}.json` },
  { method: 'DELETE', path: (ac) => `/api/2010-04-01/Accounts/${ac}/IncomingPhoneNumbers/PN${'0'.repeat(32)}.json` },
  { method: 'DELETE', path: (ac) => `/api/2010-04-01/Accounts/${ac}/Addresses/AD${'0'.repeat(32)}.json` },
];

/** Parameter names the routes read, so random values hit real validation paths and not only unknown keys. */
const NAMES = [
  'AreaCode', 'Contains', 'SmsEnabled', 'VoiceEnabled', 'MmsEnabled', 'FaxEnabled', 'ExcludeAllAddressRequired', 'ExcludeLocalAddressRequired',
  'Beta', 'NearNumber', 'NearLatLong', 'Distance', 'InPostalCode', 'InRegion', 'InRateCenter', 'InLata', 'InLocality', 'PageSize', 'Page',
  'PageToken', 'PhoneNumber', 'FriendlyName', 'VoiceUrl', 'VoiceMethod', 'EmergencyAddressSid', 'AddressSid', 'TrunkSid', 'CustomerName',
  'Street', 'City', 'Region', 'PostalCode', 'IsoCountry', 'EmergencyEnabled', 'To', 'From', 'Status', 'StartTime', 'StartTime>', 'EndTime<',
  'Category', 'StartDate', 'EndDate', 'CallbackUrl', 'TriggerValue', 'UsageCategory', 'TriggerBy', 'Recurring', 'Definition', 'CommitMessage',
];

const value = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom('true', 'false', '', '0', '-1', '415', '99999999999999999999', '+14155550123', '%', '*', 'null', '{}', '[]', '1e9', 'AD123'),
  fc.integer().map(String),
  fc.string({ unit: 'grapheme', maxLength: 12 }),
  fc.jsonValue().map((v) => JSON.stringify(v)),
);
const params = fc.array(fc.tuple(fc.oneof(fc.constantFrom(...NAMES), fc.string({ maxLength: 12 })), value), { maxLength: 8 });

async function send(route: (typeof ROUTES)[number], pairs: [string, string][]) {
  const body = new URLSearchParams(pairs).toString();
  const path = route.path(t.sandbox.accountSid);
  const res = await fetch(route.method === 'POST' ? `${t.sandbox.url}${path}` : `${t.sandbox.url}${path}?${body}`, {
    method: route.method,
    headers: { ...auth, 'content-type': 'application/x-www-form-urlencoded' },
    body: route.method === 'POST' ? body : undefined,
  });
  return { status: res.status, text: await res.text() };
}

/** Asserts Twilio's error body, with the code that goes with the status (20404 for a 404, never for a 400). */
function expectTwilioError(status: number, text: string): void {
  const body = JSON.parse(text);
  expect(body).toEqual({ code: expect.any(Number), message: expect.any(String), more_info: `https://www.twilio.com/docs/errors/${body.code}`, status, ...(body.details ? { details: body.details } : {}) });
  if (status === 404) expect(body.code).toBe(20404);
  else expect(body.code).not.toBe(20404);
}

describe('the sandbox facing arbitrary input', () => {
  it('never answers 500 and always uses Twilio\'s error shape for 4xx, whatever the query or form body', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...ROUTES), params, async (route, pairs) => {
        const { status, text } = await send(route, pairs);
        expect([200, 201, 204, 400, 404]).toContain(status);
        if (status >= 400) expectTwilioError(status, text);
      }),
      { numRuns: 400, seed: 20261123 },
    );
  });

  // Twilio documents these as integers, booleans and a pattern (SURFACE.md 2.1, 2.2); the sandbox answers a bad one with
  // a 400 naming the parameter (code 20001: Twilio's code for bad parameters is unverified), and a good one with a page.
  const BAD_SEARCH_PARAMETERS: [name: string, value: string, status: number, message: string | null][] = [
    ['AreaCode', 'x', 400, 'Invalid parameter AreaCode: "x" is not an integer'],
    ['AreaCode', '-5', 400, 'Invalid parameter AreaCode: must be at least 0 (got -5)'],
    ['AreaCode', '999999', 400, 'Invalid parameter AreaCode: must be at most 99999 (got 999999)'],
    ['AreaCode', 'maybe', 400, 'Invalid parameter AreaCode: "maybe" is not an integer'],
    ['AreaCode', '1*2*3', 400, 'Invalid parameter AreaCode: "1*2*3" is not an integer'],
    ['PageSize', 'x', 400, 'Invalid parameter PageSize: "x" is not an integer'],
    ['PageSize', '-5', 400, 'Invalid parameter PageSize: must be at least 1 (got -5)'],
    ['PageSize', '999999', 400, 'Invalid parameter PageSize: must be at most 1000 (got 999999)'],
    ['PageSize', 'maybe', 400, 'Invalid parameter PageSize: "maybe" is not an integer'],
    ['PageSize', '1*2*3', 400, 'Invalid parameter PageSize: "1*2*3" is not an integer'],
    ['Distance', 'x', 400, 'Invalid parameter Distance: "x" is not an integer'],
    ['Distance', '-5', 400, 'Invalid parameter Distance: must be at least 0 (got -5)'],
    ['Distance', '999999', 400, 'Invalid parameter Distance: must be at most 500 (got 999999)'],
    ['Distance', 'maybe', 400, 'Invalid parameter Distance: "maybe" is not an integer'],
    ['Distance', '1*2*3', 400, 'Invalid parameter Distance: "1*2*3" is not an integer'],
    ['SmsEnabled', 'x', 400, 'Invalid parameter SmsEnabled: "x" is not a boolean; send true or false'],
    ['SmsEnabled', '-5', 400, 'Invalid parameter SmsEnabled: "-5" is not a boolean; send true or false'],
    ['SmsEnabled', '999999', 400, 'Invalid parameter SmsEnabled: "999999" is not a boolean; send true or false'],
    ['SmsEnabled', 'maybe', 400, 'Invalid parameter SmsEnabled: "maybe" is not a boolean; send true or false'],
    ['SmsEnabled', '1*2*3', 400, 'Invalid parameter SmsEnabled: "1*2*3" is not a boolean; send true or false'],
    ['Contains', 'x', 400, 'Invalid parameter Contains: "x" must be 2 to 16 characters long'],
    ['Contains', '-5', 400, 'Invalid parameter Contains: "-5" contains "-"; use digits, letters, *, %, a leading + or a trailing $'],
    // Six digits and five letters (the keypad's 62293) are good patterns: a page, maybe empty, not an error.
    ['Contains', '999999', 200, null],
    ['Contains', 'maybe', 200, null],
    ['Contains', '1*2*3', 400, 'Invalid parameter Contains: "1*2*3": wildcards (* and %) may only stand at the start or the end, never between digits or letters'],
  ];

  it.each(BAD_SEARCH_PARAMETERS)('answers a Local search with %s=%j with %d, and a 400 with its exact message', async (name, bad, status, message) => {
    const res = await send(ROUTES[1], [[name, bad]]);
    expect(res.status).toBe(status);
    if (message === null) {
      expect(JSON.parse(res.text)).toMatchObject({ available_phone_numbers: expect.any(Array) });
    } else {
      expect(JSON.parse(res.text)).toEqual({
        code: 20001, message, more_info: 'https://www.twilio.com/docs/errors/20001', status: 400, details: { parameter: name },
      });
    }
  });

  it('refuses a usage category that is only a name every object has (constructor, toString)', async () => {
    for (const [route, name] of [[ROUTES[10], 'Category'], [ROUTES[12], 'UsageCategory']] as const) {
      const res = await send(route, [[name, 'constructor'], ['CallbackUrl', 'http://127.0.0.1:9/x'], ['TriggerValue', '1']]);
      expect(res.status).toBe(400);
      expect(JSON.parse(res.text)).toMatchObject({ code: 20001, message: expect.stringContaining(`Invalid parameter ${name}: "constructor" is not`), details: { parameter: name } });
    }
  });

  it('answers arbitrary path segments with a Twilio 404 or 400, never a 500', async () => {
    const segment = fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom('%', '%25', '..', 'PN', `PN${'f'.repeat(32)}`, 'Local', 'US', '+1415', '%2B14155550123'));
    const shapes = [
      (ac: string, s: string) => `/api/2010-04-01/Accounts/${ac}/${s}.json`,
      (ac: string, s: string) => `/api/2010-04-01/Accounts/${ac}/AvailablePhoneNumbers/${s}/Local.json`,
      (ac: string, s: string) => `/api/2010-04-01/Accounts/${ac}/IncomingPhoneNumbers/${s}.json`,
      (ac: string, s: string) => `/api/2010-04-01/Accounts/${ac}/Usage/Records/${s}.json`,
      (_: string, s: string) => `/studio/v2/Flows/${s}`,
      (_: string, s: string) => `/studio/v2/Flows/${existing.FW}/Revisions/${s}`,
      (_: string, s: string) => `/pricing/v1/Voice/Numbers/${s}`,
      (_: string, s: string) => `/pricing/v1/PhoneNumbers/Countries/${s}`,
    ];
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: shapes.length - 1 }), segment, fc.constantFrom('GET', 'POST', 'DELETE'), async (i, s, method) => {
        const raw = /%/.test(s) ? s : encodeURIComponent(s);
        const res = await fetch(`${t.sandbox.url}${shapes[i](t.sandbox.accountSid, raw)}`, { method, headers: auth });
        expect([200, 201, 204, 400, 404]).toContain(res.status);
        if (res.status >= 400) expectTwilioError(res.status, await res.text());
      }),
      { numRuns: 300, seed: 11 },
    );
  });

  it('answers arbitrary JSON sent to the control API with a 400 naming the field, never a 500', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('/_sandbox/faults', '/_sandbox/traffic', '/_sandbox/traffic/generate', '/_sandbox/latency', '/_sandbox/concurrency'),
        fc.oneof(fc.jsonValue(), fc.string()),
        async (path, body) => {
        const res = await fetch(`${t.sandbox.url}${path}`, {
          method: 'POST',
          headers: { ...auth, 'content-type': 'application/json' },
          body: typeof body === 'string' ? body : JSON.stringify(body),
        });
        expect([200, 400]).toContain(res.status);
        const answer = (await res.json()) as { message?: string };
        // A refusal names the field it is about (`rules.0.errorRate: ...`), or `body` for the body as a whole.
        if (res.status === 400) expect(answer.message).toMatch(/^(The body is not JSON$|[\w.]+: \S)/);
        },
      ),
      { numRuns: 250, seed: 3 },
    );
    await fetch(`${t.sandbox.url}/_sandbox/faults`, { method: 'DELETE', headers: auth });
    t.sandbox.traffic.stop();
    // A body that happened to be a valid setting must not slow or throttle the tests that follow.
    t.sandbox.context.latency.configure('none');
    t.sandbox.context.concurrency.configure(undefined);
  });

  it('cannot be locked out of its control API by a fault rule that matches everything', async () => {
    t.sandbox.context.faults.configure([{ method: '*', path: '*', errorRate: 1, status: 503, latencyMs: 0, when: 'before' }]);
    expect((await fetch(`${t.sandbox.url}/pricing/v1/PhoneNumbers/Countries`, { headers: auth })).status).toBe(503);
    expect((await fetch(`${t.sandbox.url}/_sandbox/faults`, { method: 'DELETE', headers: auth })).status).toBe(204);
    expect((await fetch(`${t.sandbox.url}/pricing/v1/PhoneNumbers/Countries`, { headers: auth })).status).toBe(200);
  });

  it('refuses a fault rule that would answer 429 after doing the work', async () => {
    const res = await fetch(`${t.sandbox.url}/_sandbox/faults`, {
      method: 'POST', headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ rules: [{ path: '/api/*', errorRate: 1, status: 429, when: 'after' }] }),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { message: string }).message).toContain("429");
  });

  it('keeps serving after the barrage', async () => {
    expect((await t.client.availablePhoneNumbers('US').local.list({ limit: 1 })).length).toBe(1);
  });
});
