/** The SDK's HTTP client: sandbox URL rewriting for every product, and retries that honour the server. */
import nock from 'nock';
import twilio from 'twilio';
import { createTwilioClient, sandboxUrl, TwilioHttpClient } from '../../src/carriers/twilio';

describe('routing every Twilio product to the sandbox', () => {
  it.each([
    ['https://api.twilio.com/2010-04-01/Accounts/AC1/Calls.json', 'http://127.0.0.1:4010/api/2010-04-01/Accounts/AC1/Calls.json'],
    ['https://studio.twilio.com/v2/Flows?PageSize=50', 'http://127.0.0.1:4010/studio/v2/Flows?PageSize=50'],
    ['https://pricing.twilio.com/v1/Voice/Countries/US', 'http://127.0.0.1:4010/pricing/v1/Voice/Countries/US'],
    ['https://numbers.twilio.com/v2/RegulatoryCompliance/Bundles', 'http://127.0.0.1:4010/numbers/v2/RegulatoryCompliance/Bundles'],
    ['https://trunking.twilio.com/v1/Trunks', 'http://127.0.0.1:4010/trunking/v1/Trunks'],
    ['https://api.sydney.us1.twilio.com/2010-04-01/Accounts.json', 'http://127.0.0.1:4010/api/2010-04-01/Accounts.json'],
  ])('%s → %s', (from, to) => {
    expect(sandboxUrl(from, 'http://127.0.0.1:4010/')).toBe(to);
  });

  it('leaves URLs alone when no sandbox is configured (the SDK talks to Twilio)', async () => {
    const scope = nock('https://api.twilio.com').get(/\/2010-04-01\/Accounts\/AC[0-9a-f]{32}\/IncomingPhoneNumbers\.json/).reply(200, {
      incoming_phone_numbers: [], next_page_uri: null, page: 0, page_size: 50, uri: '/x',
    });
    const client = createTwilioClient({ accountSid: `AC${'1'.repeat(32)}`, authToken: 'secret-token', retry: false });
    await expect(client.incomingPhoneNumbers.list()).resolves.toEqual([]);
    scope.done();
  });

  it('refuses configuration that cannot work, naming the setting', () => {
    expect(() => createTwilioClient({ accountSid: 'nope', authToken: 'x' })).toThrow(/twilioAccountSid/);
    expect(() => createTwilioClient({ accountSid: `AC${'1'.repeat(32)}`, authToken: '' })).toThrow(/twilioAuthToken/);
    expect(() => createTwilioClient({ accountSid: `AC${'1'.repeat(32)}`, authToken: 'x', baseUrl: 'localhost:4010' })).toThrow(/twilioBaseUrl/);
  });
});

describe('retrying through the SDK', () => {
  afterEach(() => nock.cleanAll());
  const sid = `AC${'2'.repeat(32)}`;
  const policy = { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5000, maxElapsedMs: 10_000, jitter: 'none' as const, retryableStatuses: [429, 500, 502, 503, 504] };

  it('retries a connection reset on a read and then succeeds', async () => {
    const scope = nock('https://api.twilio.com')
      .get(/Addresses\.json/).replyWithError({ code: 'ECONNRESET', message: 'socket hang up' })
      .get(/Addresses\.json/).reply(200, { addresses: [], next_page_uri: null, page: 0, page_size: 50, uri: '/x' });
    const events: string[] = [];
    const client = twilio(sid, 'token', { httpClient: new TwilioHttpClient({ retry: policy, onRetry: (e) => events.push(e.reason) }) });
    await expect(client.addresses.list()).resolves.toEqual([]);
    expect(events).toHaveLength(1);
    scope.done();
  });

  it('does not retry a purchase after a connection reset, because Twilio may have completed it', async () => {
    const scope = nock('https://api.twilio.com').post(/IncomingPhoneNumbers\.json/).replyWithError({ code: 'ECONNRESET', message: 'socket hang up' });
    const client = twilio(sid, 'token', { httpClient: new TwilioHttpClient({ retry: policy }) });
    await expect(client.incomingPhoneNumbers.create({ phoneNumber: '+14155550123' })).rejects.toThrow(/socket hang up/);
    scope.done();
  });

  it('hands the SDK the last 503 when retries run out, so it raises its usual RestException', async () => {
    const body = { code: 20503, message: 'Service unavailable', more_info: 'https://www.twilio.com/docs/errors/20503', status: 503 };
    const scope = nock('https://api.twilio.com').get(/Calls\.json/).times(3).reply(503, body);
    const client = twilio(sid, 'token', { httpClient: new TwilioHttpClient({ retry: policy }) });
    await expect(client.calls.list()).rejects.toMatchObject({ status: 503, code: 20503 });
    scope.done();
  });
});

describe("keeping requests under the account's concurrency limit", () => {
  afterEach(() => nock.cleanAll());
  const sid = `AC${'3'.repeat(32)}`;
  const list = { incoming_phone_numbers: [], next_page_uri: null, page: 0, page_size: 50, uri: '/x' };

  it('gives the slot back when a request fails without an answer, with retries off', async () => {
    nock('https://api.twilio.com').get(/IncomingPhoneNumbers\.json/).times(3).replyWithError({ code: 'ECONNRESET', message: 'socket hang up' });
    const http = new TwilioHttpClient({ retry: false, maxInFlight: 2 });
    const client = twilio(sid, 'secret-token', { httpClient: http });
    for (let i = 0; i < 3; i++) await expect(client.incomingPhoneNumbers.list()).rejects.toThrow(/hang up/);
    expect(http.concurrency.active).toBe(0);
    expect(http.concurrency.limit).toBe(2);
  });

  it('learns a lower limit from a 429 and keeps later requests under it', async () => {
    let inFlight = 0;
    let peak = 0;
    let refusals = 1;
    nock('https://api.twilio.com')
      .get(/IncomingPhoneNumbers\.json/)
      .times(12)
      .reply(async () => {
        if (refusals-- > 0) return [429, { code: 20429, message: 'Too Many Requests', status: 429 }, { 'Retry-After': '0' }];
        inFlight++;
        peak = Math.max(peak, inFlight);
        await new Promise((resolve) => setTimeout(resolve, 5));
        inFlight--;
        return [200, list];
      });
    const http = new TwilioHttpClient({ maxInFlight: 8, retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 100, maxElapsedMs: 5000, jitter: 'none', retryableStatuses: [429] } });
    const client = twilio(sid, 'secret-token', { httpClient: http });
    await Promise.all(Array.from({ length: 8 }, () => client.incomingPhoneNumbers.list()));
    await Promise.all(Array.from({ length: 3 }, () => client.incomingPhoneNumbers.list()));
    expect(http.concurrency.throttled).toBe(1);
    // Eight were sent at once and one was refused: the limit came down (to five) and has not climbed back to eight.
    expect(http.concurrency.limit).toBeLessThan(8);
    expect(http.concurrency.active).toBe(0);
    expect(peak).toBeLessThanOrEqual(8);
  });
});
