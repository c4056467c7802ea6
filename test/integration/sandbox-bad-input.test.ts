/**
 * Bad input never crashes the sandbox or earns a 500: property tests over query strings and form bodies sent to every
 * route, checking that each answer is a success or Twilio's 4xx error shape.
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

describe('the sandbox facing arbitrary input', () => {
  it('never answers 500 and always uses Twilio\'s error shape for 4xx, whatever the query or form body', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...ROUTES), params, async (route, pairs) => {
        const { status, text } = await send(route, pairs);
        expect(status).toBeLessThan(500);
        if (status >= 400) {
          const body = JSON.parse(text);
          expect(body).toEqual({ code: expect.any(Number), message: expect.any(String), more_info: expect.stringMatching(/^https:\/\/www\.twilio\.com\/docs\/errors\/\d+$/), status, ...(body.details ? { details: body.details } : {}) });
        }
      }),
      { numRuns: 400, seed: 20261123 },
    );
  });

  it('names the offending parameter in every 400 about a known parameter', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('AreaCode', 'PageSize', 'Distance', 'SmsEnabled', 'Contains'), fc.constantFrom('x', '-5', '999999', 'maybe', '1*2*3'), async (name, bad) => {
        const { status, text } = await send(ROUTES[1], [[name, bad]]);
        if (status === 400) expect(JSON.parse(text).message).toContain(name);
      }),
      { numRuns: 50, seed: 7 },
    );
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
        expect(res.status).toBeLessThan(500);
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
        expect(res.status).toBeLessThan(500);
        if (res.status === 400) expect(((await res.json()) as { message: unknown }).message).toEqual(expect.any(String));
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
