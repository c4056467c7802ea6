/**
 * A completed Telnyx number order sends a signed `number_order.complete` webhook that the official SDK's own verifier
 * (`client.webhooks.unwrap`, Ed25519 over `timestamp|body`) accepts with the public key the sandbox exposes.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Telnyx from 'telnyx';
import { useTestSandbox } from '../support/sandbox';
import { configureTelnyx, eventually, telnyxClient } from '../support/telnyx';

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

describe('Telnyx webhooks from the sandbox', () => {
  const t = useTestSandbox({ telnyx: { orderDelayMs: 100 } });
  const received: Received[] = [];
  let receiver: Server;
  let receiverUrl: string;

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (chunk: string) => (body += chunk));
      req.on('end', () => {
        received.push({ path: req.url ?? '', headers: req.headers, body });
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => receiver.close(() => resolve())));

  async function orderOne(ndc: string, extra: Record<string, unknown> = {}) {
    const { client } = telnyxClient(t.sandbox);
    const found = await client.availablePhoneNumbers.list({ filter: { national_destination_code: ndc, limit: 1 } });
    const { data } = await client.numberOrders.create({ phone_numbers: [{ phone_number: found.data![0].phone_number! }], customer_reference: `hook-${ndc}`, ...extra });
    return data!;
  }

  it('signs number_order.complete so that the SDK verifies it with the sandbox public key', async () => {
    const settings = await configureTelnyx(t.sandbox, { webhookUrl: `${receiverUrl}/telnyx` });
    expect(settings).toMatchObject({ webhookUrl: `${receiverUrl}/telnyx`, publicKey: t.sandbox.telnyxPublicKey, baseUrlPath: '/v2' });
    const order = await orderOne('415');
    const delivery = await eventually(async () => received.find((r) => r.body.includes(order.id!)));
    expect(delivery.path).toBe('/telnyx');

    const { client } = telnyxClient(t.sandbox);
    const event = (await client.webhooks.unwrap(delivery.body, { headers: delivery.headers as Record<string, string> })) as unknown as {
      data: { event_type: string; record_type: string; payload: { id: string; status: string; customer_reference: string; phone_numbers: { status: string }[] } };
      meta: { attempt: number; delivered_to: string };
    };
    expect(event.data).toMatchObject({ event_type: 'number_order.complete', record_type: 'event' });
    expect(event.data.payload).toMatchObject({ id: order.id, status: 'success', customer_reference: 'hook-415' });
    expect(event.data.payload.phone_numbers.map((n) => n.status)).toEqual(['success']);
    expect(event.meta).toEqual({ attempt: 1, delivered_to: `${receiverUrl}/telnyx` });

    // The signature covers the body: a tampered one, or another key, is refused by the same verifier.
    await expect(client.webhooks.unwrap(delivery.body.replace('hook-415', 'hook-999'), { headers: delivery.headers as Record<string, string> })).rejects.toThrow(/signature/i);
    const stranger = new Telnyx({ apiKey: 'x', publicKey: Buffer.alloc(32, 7).toString('base64'), baseURL: t.sandbox.telnyxBaseUrl });
    await expect(stranger.webhooks.unwrap(delivery.body, { headers: delivery.headers as Record<string, string> })).rejects.toThrow(/signature/i);
  });

  it('sends an order with its own webhook_url there instead, and records every delivery', async () => {
    const order = await orderOne('212', { webhook_url: `${receiverUrl}/per-order` });
    const delivery = await eventually(async () => received.find((r) => r.body.includes(order.id!)));
    expect(delivery.path).toBe('/per-order');
    const res = await fetch(`${t.sandbox.url}/_sandbox/telnyx/webhooks`, { headers: { authorization: `Bearer ${t.sandbox.telnyxApiKey}` } });
    const { deliveries } = (await res.json()) as { deliveries: { event_type: string; url: string; status: number }[] };
    expect(deliveries).toEqual(expect.arrayContaining([expect.objectContaining({ event_type: 'number_order.complete', url: `${receiverUrl}/per-order`, status: 200 })]));
  });

  it('derives the same public key from the same seed on every start', async () => {
    const { startSandbox } = await import('../../src/sandbox/server');
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const dirs = [mkdtempSync(join(tmpdir(), 'didops-key-')), mkdtempSync(join(tmpdir(), 'didops-key-'))];
    const keys: string[] = [];
    for (const dataDir of dirs) {
      const s = await startSandbox({ dataDir, seed: 7, inventorySize: 200_000, telnyx: { webhookKeySeed: 'ci' } });
      keys.push(s.telnyxPublicKey);
      await s.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
    expect(keys[0]).toBe(keys[1]);
    expect(Buffer.from(keys[0], 'base64')).toHaveLength(32);
    expect(keys[0]).not.toBe(t.sandbox.telnyxPublicKey);
  });
});
