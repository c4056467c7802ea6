/**
 * Bad input never crashes the sandbox or earns a 500: property tests over query strings and form bodies sent to every
 * route, checking that each answer is a success or Twilio's 4xx error shape.
 */
import fc from 'fast-check';
import { startTestSandbox, type TestSandbox } from '../support/sandbox';

let t: TestSandbox;
let auth: Record<string, string>;
beforeAll(async () => {
  t = await startTestSandbox();
  auth = { authorization: `Basic ${Buffer.from(`${t.sandbox.accountSid}:${t.sandbox.authToken}`).toString('base64')}` };
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

  it('keeps serving after the barrage', async () => {
    expect((await t.client.availablePhoneNumbers('US').local.list({ limit: 1 })).length).toBe(1);
  });
});
