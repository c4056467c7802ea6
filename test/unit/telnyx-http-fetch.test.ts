/** The fetch under the telnyx SDK: what it repeats, how long it waits, and what it never repeats (an order after a 5xx). */
import { createTelnyxClient } from '../../src/carriers/telnyx/client';
import { createTelnyxFetch } from '../../src/carriers/telnyx/http-fetch';

/** A fake server answering from a script, recording each request's method and path. */
function scripted(answers: { status: number; headers?: Record<string, string>; body?: unknown }[]) {
  const seen: string[] = [];
  const fetch = async (input: string | URL | Request, init?: RequestInit) => {
    seen.push(`${String(init?.method ?? 'GET').toUpperCase()} ${new URL(String(input)).pathname}`);
    const next = answers.shift() ?? { status: 200, body: { data: {} } };
    return new Response(JSON.stringify(next.body ?? { errors: [{ code: '10007', title: 'Unexpected error' }] }), { status: next.status, headers: { 'content-type': 'application/json', ...next.headers } });
  };
  return { seen, fetch };
}

const policy = { maxAttempts: 4, baseDelayMs: 10, maxDelayMs: 5_000, maxElapsedMs: 60_000, jitter: 'none' as const, retryableStatuses: [429, 500, 502, 503, 504] };

describe('the Telnyx fetch', () => {
  it('repeats a refused order after the Retry-After Telnyx asked for, since a 429 did no work', async () => {
    const server = scripted([{ status: 429, headers: { 'retry-after': '2' } }, { status: 200, body: { data: { id: 'order-1', status: 'pending' } } }]);
    const waits: number[] = [];
    const client = createTelnyxClient({ apiKey: 'KEYtest', baseUrl: 'http://sandbox', fetch: server.fetch, retry: policy }, { sleep: async (ms) => void waits.push(ms) });
    const order = await client.numberOrders.create({ phone_numbers: [{ phone_number: '+14155550100' }] });
    expect(order.data?.id).toBe('order-1');
    expect(server.seen).toEqual(['POST /v2/number_orders', 'POST /v2/number_orders']);
    expect(waits).toEqual([2000]);
  });

  it('never repeats an order after a 502: it may have been placed, and the caller reads before trying again', async () => {
    const server = scripted([{ status: 502 }, { status: 200 }]);
    const client = createTelnyxClient({ apiKey: 'KEYtest', baseUrl: 'http://sandbox', fetch: server.fetch, retry: policy }, { sleep: async () => undefined });
    await expect(client.numberOrders.create({ phone_numbers: [{ phone_number: '+14155550100' }] })).rejects.toMatchObject({ status: 502 });
    expect(server.seen).toEqual(['POST /v2/number_orders']);
  });

  it('repeats reads and PATCH updates after a 5xx: doing them twice is harmless', async () => {
    const server = scripted([{ status: 503 }, { status: 200, body: { data: { id: '1' } } }, { status: 500 }, { status: 200, body: { data: { id: '1' } } }]);
    const client = createTelnyxClient({ apiKey: 'KEYtest', baseUrl: 'http://sandbox', fetch: server.fetch, retry: policy }, { sleep: async () => undefined });
    await client.phoneNumbers.retrieve('1');
    await client.phoneNumbers.update('1', { customer_reference: 'didops:abcdefghijkl' });
    expect(server.seen).toEqual(['GET /v2/phone_numbers/1', 'GET /v2/phone_numbers/1', 'PATCH /v2/phone_numbers/1', 'PATCH /v2/phone_numbers/1']);
  });

  it('gives up after the policy’s attempts and lets the SDK raise the last answer', async () => {
    const server = scripted([{ status: 503 }, { status: 503 }, { status: 503 }, { status: 503 }, { status: 200 }]);
    const retries: string[] = [];
    const client = createTelnyxClient(
      { apiKey: 'KEYtest', baseUrl: 'http://sandbox', fetch: server.fetch, retry: policy, onRetry: (e) => retries.push(`${e.method} ${e.url}`) },
      { sleep: async () => undefined },
    );
    await expect(client.phoneNumbers.retrieve('7')).rejects.toMatchObject({ status: 503 });
    expect(server.seen).toHaveLength(4);
    expect(retries).toEqual(Array(3).fill('GET http://sandbox/v2/phone_numbers/7'));
  });

  it('sends the key only as a Bearer header, to the sandbox’s /v2', async () => {
    let auth = '';
    let url = '';
    const client = createTelnyxClient({
      apiKey: 'KEYtest',
      baseUrl: 'http://127.0.0.1:4010/',
      fetch: async (input, init) => {
        url = String(input);
        auth = new Headers(init?.headers).get('authorization') ?? '';
        return new Response(JSON.stringify({ data: [], meta: { total_pages: 1, page_number: 1 } }), { status: 200, headers: { 'content-type': 'application/json' } });
      },
    });
    await client.phoneNumbers.list();
    expect(url).toBe('http://127.0.0.1:4010/v2/phone_numbers');
    expect(auth).toBe('Bearer KEYtest');
  });

  it('learns a concurrency limit from 429s', async () => {
    const server = scripted([{ status: 429 }, { status: 200 }]);
    const fetch = createTelnyxFetch({ fetch: server.fetch, retry: policy, maxInFlight: 8, sleep: async () => undefined });
    await fetch('http://sandbox/v2/phone_numbers', { method: 'GET' });
    expect(fetch.concurrency.limit).toBeLessThan(8);
  });
});
