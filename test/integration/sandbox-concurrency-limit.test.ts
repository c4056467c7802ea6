/** Twilio's per-account concurrency limit in the sandbox, seen through the official SDK and didops' own client. */
import twilio from 'twilio';
import type RequestClient from 'twilio/lib/base/RequestClient';
import type Response from 'twilio/lib/http/response';
import { TwilioHttpClient, createTwilioClient } from '../../src/carriers/twilio';
import { headerValue } from '../../src/core/retry';
import { REQUEST_KINDS, type LatencyProfile } from '../../src/sandbox/latency';
import { startTestSandbox, type TestSandbox } from '../support/sandbox';

/** Every kind held for the same time: requests overlap for sure, and a test knows how long. */
function holdEveryRequest(ms: number): LatencyProfile {
  return Object.fromEntries(REQUEST_KINDS.map((kind) => [kind, { medianMs: ms, p95Ms: ms }])) as LatencyProfile;
}

/** An SDK HTTP client (no retries) that keeps the status and Retry-After of every answer. */
class AnswerLog extends TwilioHttpClient {
  readonly answers: { status: number; retryAfter?: string }[] = [];

  override async request<TData>(opts: RequestClient.RequestOptions<TData>): Promise<Response<TData>> {
    const response = await super.request(opts);
    this.answers.push({ status: response.statusCode, retryAfter: headerValue(response.headers, 'retry-after') });
    return response;
  }
}

let t: TestSandbox;
let auth: Record<string, string>;
beforeAll(async () => {
  t = await startTestSandbox({ concurrencyLimit: 2 });
  auth = { authorization: `Basic ${Buffer.from(`${t.sandbox.accountSid}:${t.sandbox.authToken}`).toString('base64')}` };
});
afterEach(() => {
  t.sandbox.context.concurrency.configure(2, 1);
  t.sandbox.context.latency.configure('none');
  t.sandbox.context.faults.configure([]);
});
afterAll(async () => {
  t.expectAllConform();
  await t.close();
});

const inFlight = () => t.sandbox.context.concurrency.describe().inFlight;

async function control(method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${t.sandbox.url}/_sandbox/${path}`, {
    method,
    headers: { ...auth, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

async function until(condition: () => boolean, withinMs: number): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > withinMs) throw new Error(`not true within ${withinMs} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('a concurrency limit of 2 with requests held 300 ms each', () => {
  it("refuses 4 of 6 parallel lists with Twilio's 20429 and Retry-After: 1, serves 2, and serves the next one once they end", async () => {
    t.sandbox.context.latency.configure(holdEveryRequest(300));
    const http = new AnswerLog({ baseUrl: t.sandbox.url, retry: false });
    const client = twilio(t.sandbox.accountSid, t.sandbox.authToken, { httpClient: http });

    const outcomes = await Promise.allSettled(Array.from({ length: 6 }, () => client.incomingPhoneNumbers.list({ limit: 1 })));

    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(2);
    const refusals = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason as unknown] : []));
    expect(refusals).toHaveLength(4);
    for (const refusal of refusals) {
      expect(refusal).toMatchObject({ status: 429, code: 20429, message: 'Too Many Requests', moreInfo: 'https://www.twilio.com/docs/errors/20429' });
    }
    expect(http.answers.filter((a) => a.status === 429)).toEqual(Array(4).fill({ status: 429, retryAfter: '1' }));
    expect(http.answers.filter((a) => a.status === 200).every((a) => a.retryAfter === undefined)).toBe(true);

    expect(inFlight()).toEqual({});
    await expect(client.incomingPhoneNumbers.list({ limit: 1 })).resolves.toBeInstanceOf(Array);
  });

  it('gives the slot back when the client hangs up while its answer is held', async () => {
    t.sandbox.context.concurrency.configure(1);
    t.sandbox.context.latency.configure(holdEveryRequest(3_000));
    const { client: impatient } = t.newClient({ http: { timeoutMs: 150 } });
    const started = Date.now();

    await expect(impatient.incomingPhoneNumbers.list({ limit: 1 })).rejects.toThrow(/timeout/i);
    await until(() => Object.keys(inFlight()).length === 0, 500);
    expect(Date.now() - started).toBeLessThan(1_000);

    t.sandbox.context.latency.configure('none');
    await expect(t.client.incomingPhoneNumbers.list({ limit: 1 })).resolves.toBeInstanceOf(Array);
  });

  it('gives the slot back after injected faults, Twilio errors and bad input, so a limit of 1 still serves the next request', async () => {
    t.sandbox.context.concurrency.configure(1);
    t.sandbox.context.latency.configure(holdEveryRequest(20));
    const refusedBefore = t.sandbox.context.concurrency.describe().refused;
    t.sandbox.context.faults.configure([
      { method: 'GET', path: '/api/*/Addresses.json', errorRate: 1, status: 503, when: 'before', responseDelayMs: 20 },
      { method: 'GET', path: '/pricing/v1/Voice/Countries', errorRate: 1, status: 500, when: 'after' },
    ]);

    await expect(t.client.addresses.list()).rejects.toMatchObject({ status: 503, code: 20503 });
    await expect(t.client.pricing.v1.voice.countries.list()).rejects.toMatchObject({ status: 500, code: 20500 });
    await expect(t.client.incomingPhoneNumbers(`PN${'0'.repeat(32)}`).fetch()).rejects.toMatchObject({ status: 404, code: 20404 });
    await expect(t.client.incomingPhoneNumbers.create({})).rejects.toMatchObject({ status: 400 });
    await expect(t.newClient({ authToken: 'wrong' }).client.incomingPhoneNumbers.list()).rejects.toMatchObject({ status: 401 });

    expect(inFlight()).toEqual({});
    expect(t.sandbox.context.concurrency.describe().refused).toBe(refusedBefore);
    await expect(t.client.incomingPhoneNumbers.list({ limit: 1 })).resolves.toBeInstanceOf(Array);
  });
});

describe('the limit at run time', () => {
  it('is set and lifted through the control API, which still answers while every slot is taken', async () => {
    const set = await control('POST', 'concurrency', { limit: 1, retryAfterSeconds: 2 });
    expect(set).toEqual({ status: 200, json: expect.objectContaining({ limit: 1, retryAfterSeconds: 2 }) });
    const latency = await control('POST', 'latency', { profile: holdEveryRequest(400) });
    expect(latency.json).toMatchObject({ profile: 'custom', kinds: { purchase: { medianMs: 400, p95Ms: 400 } } });

    const held = t.client.incomingPhoneNumbers.list({ limit: 1 });
    await until(() => Object.keys(inFlight()).length === 1, 300);
    const shown = await control('GET', 'concurrency');
    expect(shown.json).toMatchObject({ limit: 1, inFlight: { [t.sandbox.accountSid]: 1 } });
    const refused = await fetch(`${t.sandbox.url}/api/2010-04-01/Accounts/${t.sandbox.accountSid}/IncomingPhoneNumbers.json`, { headers: auth });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('2');
    expect(await refused.json()).toEqual({ code: 20429, message: 'Too Many Requests', more_info: 'https://www.twilio.com/docs/errors/20429', status: 429 });
    await held;

    expect((await control('POST', 'concurrency', { limit: null })).json).toMatchObject({ limit: null, inFlight: {} });
    const bad = await control('POST', 'concurrency', { limit: 0 });
    expect(bad.status).toBe(400);
    expect(bad.json.message).toMatch(/^limit: /);
  });
});

describe("didops' client under a limit", () => {
  it('gets all of 20 parallel requests through a limit of 4 with its default retry policy, waiting as Retry-After asks', async () => {
    t.sandbox.context.concurrency.configure(4);
    const refusedBefore = t.sandbox.context.concurrency.describe().refused;
    // The four admitted lists hold their slots for about 300 ms, long enough that the other sixteen arrive while they
    // are held even on a loaded machine; refusals are answered over a wide spread (a refusal takes a fetch's latency),
    // so the retries arrive spread out as they would from a real network, and the test stays near 2 s.
    t.sandbox.context.latency.configure({ ...holdEveryRequest(20), list: { medianMs: 300, p95Ms: 400 }, fetch: { medianMs: 100, p95Ms: 400 } });
    const waits: number[] = [];
    const client = createTwilioClient({
      accountSid: t.sandbox.accountSid,
      authToken: t.sandbox.authToken,
      baseUrl: t.sandbox.url,
      onRetry: (event) => waits.push(event.delayMs),
    });

    const lists = await Promise.all(Array.from({ length: 20 }, () => client.incomingPhoneNumbers.list({ limit: 1 })));

    expect(lists).toHaveLength(20);
    expect(waits.length).toBeGreaterThanOrEqual(10);
    expect(Math.min(...waits)).toBeGreaterThanOrEqual(1_000);
    expect(t.sandbox.context.concurrency.describe()).toMatchObject({ inFlight: {}, refused: refusedBefore + waits.length });
  });
});
