/** Credentials, the sandbox's fault injection, and the didops client's retries against it. */
import { startTestSandbox, type TestSandbox } from '../support/sandbox';

let t: TestSandbox;
beforeAll(async () => {
  t = await startTestSandbox();
});
afterEach(async () => {
  t.sandbox.context.faults.configure([]);
});
afterAll(async () => {
  t.expectAllConform();
  await t.close();
});

const fastRetry = { maxAttempts: 4, baseDelayMs: 5, maxDelayMs: 2000, maxElapsedMs: 10_000, jitter: 'none' as const, retryableStatuses: [429, 500, 502, 503, 504] };

describe('credentials', () => {
  it('answers a wrong auth token with 401 and Twilio code 20003', async () => {
    const { client } = t.newClient({ authToken: 'wrong' });
    await expect(client.incomingPhoneNumbers.list()).rejects.toMatchObject({ status: 401, code: 20003 });
  });

  it('refuses another account in the path', async () => {
    const res = await fetch(`${t.sandbox.url}/api/2010-04-01/Accounts/AC${'f'.repeat(32)}/IncomingPhoneNumbers.json`, {
      headers: { authorization: `Basic ${Buffer.from(`${t.sandbox.accountSid}:${t.sandbox.authToken}`).toString('base64')}` },
    });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ code: 20003, status: 401, more_info: 'https://www.twilio.com/docs/errors/20003' });
  });
});

describe('faults, deterministic under a seed', () => {
  it('throttles with 429 and Retry-After, and the client waits and succeeds', async () => {
    t.sandbox.context.faults.configure([{ method: 'GET', path: '/api/*/AvailablePhoneNumbers/US/Local.json', errorRate: 1, status: 429, retryAfterSeconds: 1, latencyMs: 0, when: 'before', maxFailures: 2 }]);
    const retries: number[] = [];
    const { client } = t.newClient({ http: { retry: fastRetry, onRetry: (e) => retries.push(e.delayMs) } });
    const started = Date.now();
    const found = await client.availablePhoneNumbers('US').local.list({ limit: 1 });
    expect(found).toHaveLength(1);
    expect(retries).toEqual([1000, 1000]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(2000);
  });

  it('gives up after the retry budget with the last error', async () => {
    t.sandbox.context.faults.configure([{ method: '*', path: '/api/*/Addresses.json', errorRate: 1, status: 503, latencyMs: 0, when: 'before' }]);
    const { client } = t.newClient({ http: { retry: fastRetry } });
    await expect(client.addresses.list()).rejects.toMatchObject({ status: 503, code: 20503 });
    expect(t.sandbox.context.faults.describe().rules[0].injected).toBe(4);
  });

  it('never retries a purchase that may have happened: a 503 after the work leaves exactly one number bought', async () => {
    const [candidate] = await t.client.availablePhoneNumbers('US').local.list({ areaCode: 617, limit: 1 });
    t.sandbox.context.faults.configure([{ method: 'POST', path: '/api/*/IncomingPhoneNumbers.json', errorRate: 1, status: 503, latencyMs: 0, when: 'after' }]);
    const { client, http } = t.newClient({ http: { retry: fastRetry } });
    await expect(client.incomingPhoneNumbers.create({ phoneNumber: candidate.phoneNumber })).rejects.toMatchObject({ status: 503 });
    expect(http.exchanges.filter((x) => x.method === 'POST')).toHaveLength(1);
    t.sandbox.context.faults.configure([]);
    const owned = await t.client.incomingPhoneNumbers.list({ phoneNumber: candidate.phoneNumber });
    expect(owned).toHaveLength(1);
  });

  it('holds the answer to a purchase that already happened, so a buyer can be killed between the two', async () => {
    const [candidate] = await t.client.availablePhoneNumbers('US').local.list({ areaCode: 212, limit: 1 });
    t.sandbox.context.faults.configure([{ method: 'POST', path: '/api/*/IncomingPhoneNumbers.json', responseDelayMs: 1500 }]);
    const { client: buyer } = t.newClient();
    const started = Date.now();
    let answered = false;
    const purchase = buyer.incomingPhoneNumbers.create({ phoneNumber: candidate.phoneNumber }).finally(() => {
      answered = true;
    });

    // Another client sees the number owned while the buyer has heard nothing yet.
    let owned: Awaited<ReturnType<typeof t.client.incomingPhoneNumbers.list>> = [];
    while (owned.length === 0 && Date.now() - started < 1200) {
      owned = await t.client.incomingPhoneNumbers.list({ phoneNumber: candidate.phoneNumber });
      if (owned.length === 0) await new Promise((r) => setTimeout(r, 20));
    }
    expect(owned.map((n) => n.phoneNumber)).toEqual([candidate.phoneNumber]);
    expect(answered).toBe(false);

    const bought = await purchase;
    expect(bought.sid).toBe(owned[0].sid);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1500);
    await t.client.incomingPhoneNumbers(bought.sid).remove();
  });

  it('holds an injected failure after the work just as long, and the work is still done', async () => {
    const [candidate] = await t.client.availablePhoneNumbers('US').local.list({ areaCode: 312, limit: 1 });
    t.sandbox.context.faults.configure([{ method: 'POST', path: '/api/*/IncomingPhoneNumbers.json', errorRate: 1, status: 500, when: 'after', responseDelayMs: 300 }]);
    const { client } = t.newClient();
    const started = Date.now();
    await expect(client.incomingPhoneNumbers.create({ phoneNumber: candidate.phoneNumber })).rejects.toMatchObject({ status: 500 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    t.sandbox.context.faults.configure([]);
    const [owned] = await t.client.incomingPhoneNumbers.list({ phoneNumber: candidate.phoneNumber });
    expect(owned.phoneNumber).toBe(candidate.phoneNumber);
    await t.client.incomingPhoneNumbers(owned.sid).remove();
  });

  it('injects the same failures for the same seed', async () => {
    const run = async () => {
      t.sandbox.context.faults.configure([{ method: 'GET', path: '/pricing/*', errorRate: 0.5, status: 500, latencyMs: 0, when: 'before' }], 99);
      const outcomes: number[] = [];
      for (let i = 0; i < 20; i++) {
        const res = await fetch(`${t.sandbox.url}/pricing/v1/PhoneNumbers/Countries/US`, {
          headers: { authorization: `Basic ${Buffer.from(`${t.sandbox.accountSid}:${t.sandbox.authToken}`).toString('base64')}` },
        });
        outcomes.push(res.status);
      }
      return outcomes;
    };
    const first = await run();
    expect(new Set(first)).toEqual(new Set([200, 500]));
    expect(await run()).toEqual(first);
  });

  it('adds latency where configured, through the control API', async () => {
    const auth = { authorization: `Basic ${Buffer.from(`${t.sandbox.accountSid}:${t.sandbox.authToken}`).toString('base64')}`, 'content-type': 'application/json' };
    const set = await fetch(`${t.sandbox.url}/_sandbox/faults`, { method: 'POST', headers: auth, body: JSON.stringify({ rules: [{ path: '/pricing/*', latencyMs: 300 }] }) });
    expect(set.status).toBe(200);
    const started = Date.now();
    await t.client.pricing.v1.voice.countries('US').fetch();
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    const bad = await fetch(`${t.sandbox.url}/_sandbox/faults`, { method: 'POST', headers: auth, body: JSON.stringify({ rules: [{ path: '/x', errorRate: 2 }] }) });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ message: expect.stringContaining('errorRate') });
  });
});
