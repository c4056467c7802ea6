/** The sandbox tells how many Twilio API requests it answered, by kind: what a command really asked the carrier for. */
import { useTestSandbox } from '../support/sandbox';

const t = useTestSandbox();
const auth = () => ({ authorization: `Basic ${Buffer.from(`${t.sandbox.accountSid}:${t.sandbox.authToken}`).toString('base64')}` });
const tally = async () => (await (await fetch(`${t.sandbox.url}/_sandbox/requests`, { headers: auth() })).json()) as { total: number; byKind: Record<string, number> };

describe('GET /_sandbox/requests', () => {
  it('counts each Twilio API request by kind, refused ones too, and not the control API', async () => {
    expect((await fetch(`${t.sandbox.url}/_sandbox/requests`, { method: 'DELETE', headers: auth() })).status).toBe(204);
    await t.client.availablePhoneNumbers('US').fetch();
    const [found] = await t.client.availablePhoneNumbers('US').local.list({ areaCode: 212, limit: 1 });
    const bought = await t.client.incomingPhoneNumbers.create({ phoneNumber: found.phoneNumber });
    await t.client.incomingPhoneNumbers(bought.sid).update({ friendlyName: 'counted' });
    await t.client.incomingPhoneNumbers(bought.sid).fetch();
    await t.client.incomingPhoneNumbers(bought.sid).remove();
    await fetch(`${t.sandbox.url}/_sandbox/health`);
    expect(await tally()).toEqual({ total: 6, byKind: { fetch: 2, list: 1, write: 1, delete: 1, purchase: 1 } });

    t.sandbox.context.faults.configure([{ method: 'GET', path: '*', errorRate: 1, status: 503, latencyMs: 0, when: 'before' }]);
    await expect(fetch(`${t.sandbox.url}/api/2010-04-01/Accounts/${t.sandbox.accountSid}/IncomingPhoneNumbers.json`, { headers: auth() })).resolves.toMatchObject({ status: 503 });
    t.sandbox.context.faults.configure([]);
    expect((await tally()).total).toBe(7);

    await fetch(`${t.sandbox.url}/_sandbox/requests`, { method: 'DELETE', headers: auth() });
    expect(await tally()).toEqual({ total: 0, byKind: { fetch: 0, list: 0, write: 0, delete: 0, purchase: 0 } });
  });
});

describe('GET /_sandbox/requests under a concurrency limit', () => {
  it('counts the requests refused with 429 as well', async () => {
    t.sandbox.context.requests.reset();
    t.sandbox.context.latency.configure({
      fetch: { medianMs: 80, p95Ms: 80 }, list: { medianMs: 80, p95Ms: 80 }, write: { medianMs: 0, p95Ms: 0 }, delete: { medianMs: 0, p95Ms: 0 }, purchase: { medianMs: 0, p95Ms: 0 },
    });
    t.sandbox.context.concurrency.configure(1);
    try {
      const url = `${t.sandbox.url}/api/2010-04-01/Accounts/${t.sandbox.accountSid}/IncomingPhoneNumbers.json`;
      const statuses = (await Promise.all([0, 1, 2].map(() => fetch(url, { headers: auth() })))).map((r) => r.status).sort();
      expect(statuses).toEqual([200, 429, 429]);
    } finally {
      t.sandbox.context.latency.configure('none');
      t.sandbox.context.concurrency.configure(undefined);
    }
    expect((await tally()).byKind.list).toBe(3);
  });
});
