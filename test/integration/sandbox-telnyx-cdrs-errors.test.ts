/**
 * Telnyx detail records of the traffic switch's calls, and how the Telnyx sub-app fails: its error shape for bad
 * credentials, unknown paths and bad bodies, injected faults, and the request tally that counts its requests.
 */
import { useTestSandbox } from '../support/sandbox';
import { sleep, telnyxClient, telnyxFailure } from '../support/telnyx';

describe('Telnyx detail records and failures', () => {
  const t = useTestSandbox({ telnyx: { orderDelayMs: 50 } });
  const basic = () => `Basic ${Buffer.from(`${t.sandbox.accountSid}:${t.sandbox.authToken}`).toString('base64')}`;
  const control = (path: string, body?: unknown, method = body === undefined ? 'GET' : 'POST') =>
    fetch(`${t.sandbox.url}${path}`, { method, headers: { authorization: basic(), 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });

  it('serves the calls of Telnyx numbers as call-control detail records, and keeps them out of Twilio\'s Calls', async () => {
    const { client } = telnyxClient(t.sandbox);
    const found = await client.availablePhoneNumbers.list({ filter: { national_destination_code: '415', limit: 1 } });
    const phone = found.data![0].phone_number!;
    await client.numberOrders.create({ phone_numbers: [{ phone_number: phone }] });
    await sleep(120);
    const start = Date.now();
    const generated = await control('/_sandbox/traffic/generate', { start: new Date(start).toISOString(), end: new Date(start + 2 * 86_400_000).toISOString(), callsPerNumberPerDay: 30 });
    expect(generated.status).toBe(200);

    const records = [];
    for await (const r of client.detailRecords.list({ filter: { record_type: 'call-control' }, 'page[size]': 25 })) records.push(r as unknown as Record<string, unknown>);
    expect(records.length).toBeGreaterThan(20);
    for (const r of records) {
      expect(r).toMatchObject({ record_type: 'call-control', currency: 'USD' });
      expect([r.cli, r.cld]).toContain(phone);
      expect(r.billed_sec as number).toBeGreaterThanOrEqual(r.call_sec as number);
      expect(Number(r.cost)).toBeGreaterThanOrEqual(0);
    }
    const starts = records.map((r) => Date.parse(r.started_at as string));
    expect(starts).toEqual([...starts].sort((a, b) => b - a));

    const inbound = await client.detailRecords.list({ filter: { record_type: 'call-control', direction: 'inbound' } });
    expect(inbound.data.length).toBeGreaterThan(0);
    for (const r of inbound.data as unknown as Record<string, unknown>[]) expect(r).toMatchObject({ direction: 'inbound', cld: phone });
    const cutoff = starts[Math.floor(starts.length / 2)];
    const later = [];
    for await (const r of client.detailRecords.list({ filter: { record_type: 'call-control', started_at: { gte: new Date(cutoff).toISOString() } } })) later.push(r);
    expect(later).toHaveLength(starts.filter((s) => s >= cutoff).length);

    // Twilio's Calls list belongs to the Twilio account: none of these calls are there.
    const twilioCalls = await t.client.calls.list({ limit: 200 });
    expect(twilioCalls.filter((c) => c.to === phone || c.from === phone)).toEqual([]);
    const none = await client.detailRecords.list({ filter: { record_type: 'messaging' } });
    expect(none.data).toEqual([]);
  });

  it('filters detail records by start time and refuses fields call-control records lack', async () => {
    const res = await fetch(`${t.sandbox.telnyxBaseUrl}/detail_records?filter[record_type]=call-control&filter[started_at][gte]=2000-01-01T00:00:00Z&filter[started_at][lt]=2000-01-02T00:00:00Z`, {
      headers: { authorization: `Bearer ${t.sandbox.telnyxApiKey}` },
    });
    expect(await res.json()).toEqual({ data: [], meta: { page_number: 1, page_size: 20, total_pages: 1, total_results: 0 } });
    const { client } = telnyxClient(t.sandbox);
    const bad = await telnyxFailure(client.detailRecords.list({ filter: { record_type: 'call-control', created_at: 'x' } }));
    expect(bad.status).toBe(400);
    expect(bad.error.errors[0]).toMatchObject({ code: '10015', source: { parameter: 'filter[created_at]' } });
    const missing = await fetch(`${t.sandbox.telnyxBaseUrl}/detail_records`, { headers: { authorization: `Bearer ${t.sandbox.telnyxApiKey}` } });
    expect(missing.status).toBe(400);
  });

  it('answers 401 in Telnyx\'s shape without a key or with a wrong one', async () => {
    const bare = await fetch(`${t.sandbox.telnyxBaseUrl}/phone_numbers`);
    expect(bare.status).toBe(401);
    expect(await bare.json()).toEqual({ errors: [{ code: '10009', title: 'Authentication failed', detail: expect.stringContaining('Authorization') }] });
    const wrong = await telnyxFailure(telnyxClient(t.sandbox, { apiKey: 'KEYwrong' }).client.phoneNumbers.list());
    expect(wrong.status).toBe(401);
    expect(wrong.error.errors[0]).toMatchObject({ code: '10009', title: 'Authentication failed' });
    // Twilio credentials are not a Telnyx key.
    const twilio = await fetch(`${t.sandbox.telnyxBaseUrl}/phone_numbers`, { headers: { authorization: basic() } });
    expect(twilio.status).toBe(401);
  });

  it('answers unknown paths, unknown ids and bad JSON in Telnyx\'s shape', async () => {
    const headers = { authorization: `Bearer ${t.sandbox.telnyxApiKey}`, 'content-type': 'application/json' };
    const path = await fetch(`${t.sandbox.telnyxBaseUrl}/no_such_thing`, { headers });
    expect(path.status).toBe(404);
    expect(((await path.json()) as { errors: unknown[] }).errors[0]).toMatchObject({ code: '10005', title: 'Resource not found' });
    const { client } = telnyxClient(t.sandbox);
    expect((await telnyxFailure(client.numberOrders.retrieve('00000000-0000-4000-8000-000000000000'))).status).toBe(404);
    const json = await fetch(`${t.sandbox.telnyxBaseUrl}/number_orders`, { method: 'POST', headers, body: '{"phone_numbers": [' });
    expect(json.status).toBe(400);
    expect(((await json.json()) as { errors: unknown[] }).errors[0]).toMatchObject({ code: '10023' });
    const empty = await telnyxFailure(client.numberOrders.create({}));
    expect(empty.status).toBe(422);
    expect(empty.error.errors[0]).toMatchObject({ code: '10004', source: { pointer: '/phone_numbers' } });
  });

  it('renders an injected 429 in Telnyx\'s shape with Retry-After, and counts Telnyx requests in the tally', async () => {
    await control('/_sandbox/requests', undefined, 'DELETE');
    const set = await control('/_sandbox/faults', { rules: [{ method: 'GET', path: '/v2/available_phone_numbers', errorRate: 1, status: 429, retryAfterSeconds: 3, maxFailures: 1 }] });
    expect(set.status).toBe(200);
    const res = await fetch(`${t.sandbox.telnyxBaseUrl}/available_phone_numbers?filter[limit]=1`, { headers: { authorization: `Bearer ${t.sandbox.telnyxApiKey}` } });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('3');
    expect(await res.json()).toEqual({ errors: [{ code: '10011', title: 'Too many requests', detail: expect.any(String) }] });
    // The SDK's own retry honours it and succeeds on the next attempt (the rule allowed one failure).
    await control('/_sandbox/faults', { rules: [{ method: 'GET', path: '/v2/available_phone_numbers', errorRate: 1, status: 503, retryAfterSeconds: 0, maxFailures: 1 }] });
    const retried = await telnyxClient(t.sandbox, { maxRetries: 2 }).client.availablePhoneNumbers.list({ filter: { limit: 1 } });
    expect(retried.data).toHaveLength(1);
    await control('/_sandbox/faults', undefined, 'DELETE');

    const { client } = telnyxClient(t.sandbox);
    const found = await client.availablePhoneNumbers.list({ filter: { limit: 1, national_destination_code: '718' } });
    await client.numberOrders.create({ phone_numbers: [{ phone_number: found.data![0].phone_number! }] });
    const tally = (await (await control('/_sandbox/requests')).json()) as { total: number; byKind: Record<string, number> };
    expect(tally).toEqual({ total: 5, byKind: { fetch: 0, list: 4, write: 0, delete: 0, purchase: 1 } });
  });
});
