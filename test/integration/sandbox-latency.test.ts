/** Carrier latency in the sandbox: answers as slow as Twilio's, per kind of request, while the control API stays instant. */
import { REQUEST_KINDS, type LatencyProfile } from '../../src/sandbox/latency';
import { startTestSandbox, type TestSandbox } from '../support/sandbox';

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function timed<T>(work: () => Promise<T>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

function basicAuth(t: TestSandbox): Record<string, string> {
  return { authorization: `Basic ${Buffer.from(`${t.sandbox.accountSid}:${t.sandbox.authToken}`).toString('base64')}` };
}

describe("a sandbox started with latency: 'twilio'", () => {
  let t: TestSandbox;
  beforeAll(async () => {
    t = await startTestSandbox({ latency: 'twilio' });
  });
  afterAll(async () => {
    t.expectAllConform();
    await t.close();
  });

  it("takes a carrier's time to answer a GET, but answers /_sandbox/health at once", async () => {
    // In parallel (there is no limit), so ten draws cost one wait.
    const fetches = await Promise.all(Array.from({ length: 10 }, () => timed(() => t.client.availablePhoneNumbers('US').fetch())));
    expect(median(fetches)).toBeGreaterThan(50);

    const health: number[] = [];
    for (let i = 0; i < 10; i++) health.push(await timed(() => fetch(`${t.sandbox.url}/_sandbox/health`).then((r) => r.json())));
    expect(median(health)).toBeLessThan(20);
    expect(t.sandbox.context.latency.describe()).toMatchObject({ profile: 'twilio', draws: 10 });
  });
});

describe('latency set at run time', () => {
  let t: TestSandbox;
  beforeAll(async () => {
    t = await startTestSandbox();
  });
  afterAll(async () => {
    t.expectAllConform();
    await t.close();
  });

  async function setLatency(body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
    const res = await fetch(`${t.sandbox.url}/_sandbox/latency`, {
      method: 'POST',
      headers: { ...basicAuth(t), 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: res.status, json: (await res.json()) as Record<string, unknown> };
  }

  it('makes a purchase slower than a fetch when the profile says so, and GET /_sandbox/latency shows the profile', async () => {
    const profile = Object.fromEntries(REQUEST_KINDS.map((kind) => [kind, { medianMs: 0, p95Ms: 0 }])) as LatencyProfile;
    profile.purchase = { medianMs: 250, p95Ms: 250 };
    expect(await setLatency({ profile, seed: 42 })).toMatchObject({ status: 200, json: { profile: 'custom', seed: 42, draws: 0 } });

    const [candidate] = await t.client.availablePhoneNumbers('US').local.list({ areaCode: 415, limit: 1 });
    let sid = '';
    const purchaseMs = await timed(async () => {
      sid = (await t.client.incomingPhoneNumbers.create({ phoneNumber: candidate.phoneNumber })).sid;
    });
    const fetchMs = await timed(() => t.client.incomingPhoneNumbers(sid).fetch());
    expect(purchaseMs).toBeGreaterThanOrEqual(245);
    expect(fetchMs).toBeLessThan(100);

    const shown = await fetch(`${t.sandbox.url}/_sandbox/latency`, { headers: basicAuth(t) }).then((r) => r.json());
    expect(shown).toEqual({ profile: 'custom', seed: 42, draws: 1, kinds: profile });
    await t.client.incomingPhoneNumbers(sid).remove();
  });

  it('never holds the control API, even under a profile that holds everything else', async () => {
    const slow = Object.fromEntries(REQUEST_KINDS.map((kind) => [kind, { medianMs: 2_000, p95Ms: 2_000 }]));
    expect((await setLatency({ profile: slow })).status).toBe(200);
    const readMs = await timed(() => fetch(`${t.sandbox.url}/_sandbox/latency`, { headers: basicAuth(t) }).then((r) => r.json()));
    const resetMs = await timed(() => setLatency({ profile: 'none' }));
    expect(readMs + resetMs).toBeLessThan(200);
    expect(t.sandbox.context.latency.describe().profile).toBe('none');
  });

  it('refuses a profile that does not validate, naming the field', async () => {
    const kinds = Object.fromEntries(REQUEST_KINDS.map((kind) => [kind, { medianMs: 100, p95Ms: 200 }]));
    const low = await setLatency({ profile: { ...kinds, list: { medianMs: 300, p95Ms: 200 } } });
    expect(low).toMatchObject({ status: 400, json: { code: 20001, message: 'profile.list.p95Ms: p95Ms must be at least medianMs' } });
    const unknown = await setLatency({ profile: 'verizon' });
    expect(unknown).toMatchObject({ status: 400, json: { message: expect.stringMatching(/^profile: expected "none", "twilio" or a profile/) } });
  });
});
