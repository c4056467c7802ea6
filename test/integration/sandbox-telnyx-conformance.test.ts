/**
 * Every Telnyx operation the sandbox serves answers with exactly the shape the official `telnyx` SDK declares for it
 * (test/fixtures/telnyx-sdk-shapes, extracted from the SDK's type declarations): no undeclared field, no wrong kind
 * or literal, every required field, and every declared field but the few the sandbox does not model.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { buildTelnyxShapes, TELNYX_SHAPES_FILE } from '../../scripts/extract-telnyx-shapes';
import { useTestSandbox } from '../support/sandbox';
import { configureTelnyx, eventually, sleep, telnyxClient } from '../support/telnyx';
import { telnyxConformanceErrors, telnyxOperationFor, telnyxOperations } from '../support/telnyx-conformance';

/** Declared fields the sandbox does not send, and why. */
const NOT_SERVED = [
  // The SDK declares the search's metadata twice, as `meta` and as `metadata`; the sandbox sends `meta` only.
  'metadata',
  // An FQDN connection's TXT record verifies a domain for Microsoft Teams Direct Routing, which the sandbox does not model.
  ...['txt_name', 'txt_ttl', 'txt_value'].flatMap((f) => [`data.${f}`, `data[].${f}`]),
];

describe('Telnyx sandbox conformance to the SDK\'s declared shapes', () => {
  const t = useTestSandbox({ telnyx: { orderDelayMs: 50 } });
  let receiver: Server;
  const webhookBodies: string[] = [];

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        webhookBodies.push(body);
        res.end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    await configureTelnyx(t.sandbox, { webhookUrl: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook` });
  });
  afterAll(() => new Promise<void>((resolve) => receiver.close(() => resolve())));

  it('the fixture matches the installed SDK', () => {
    expect(readFileSync(TELNYX_SHAPES_FILE, 'utf8')).toBe(buildTelnyxShapes());
  });

  it('answers every served operation, and the completion webhook, in the declared shapes', async () => {
    const { client, exchanges } = telnyxClient(t.sandbox);
    const found = await client.availablePhoneNumbers.list({ filter: { national_destination_code: '415', limit: 3, best_effort: true, phone_number: { contains: '12' } } });
    const { data: app } = await client.callControlApplications.create({ application_name: 'conformance', webhook_event_url: 'https://example.com/calls' });
    const { data: order } = await client.numberOrders.create({ phone_numbers: found.data!.slice(0, 2).map((n) => ({ phone_number: n.phone_number! })), customer_reference: 'c', connection_id: app!.id });
    await client.numberOrders.update(order!.id!, { customer_reference: 'c2' });
    await sleep(120);
    await client.numberOrders.retrieve(order!.id!);
    await client.numberOrders.list();
    const numbers = await client.phoneNumbers.list();
    const [first, second] = numbers.data;
    await client.phoneNumbers.retrieve(first.id);
    await client.phoneNumbers.update(first.id, { tags: ['a'], external_pin: '1234' });
    await client.phoneNumbers.voice.list();
    await client.phoneNumbers.voice.retrieve(first.id);
    await client.phoneNumbers.voice.update(first.id, { call_forwarding: { forwards_to: '+14155550100', forwarding_type: 'always' } });
    const { data: address } = await client.addresses.create({ business_name: 'B', first_name: 'F', last_name: 'L', street_address: '1 Main St', locality: 'San Francisco', country_code: 'US', administrative_area: 'CA', postal_code: '94105' });
    await client.addresses.list();
    await client.addresses.retrieve(address!.id!);
    await client.phoneNumbers.actions.enableEmergency(first.id, { emergency_address_id: address!.id!, emergency_enabled: true });
    await client.phoneNumbers.actions.enableEmergency(first.id, { emergency_address_id: address!.id!, emergency_enabled: false });
    await client.addresses.delete(address!.id!);
    await client.callControlApplications.list();
    await client.callControlApplications.retrieve(app!.id!);
    await client.callControlApplications.update(app!.id!, { application_name: 'renamed', webhook_event_url: 'https://example.com/v2' });
    await client.phoneNumbers.update(first.id, { connection_id: '' });
    await client.phoneNumbers.update(second.id, { connection_id: '' });
    await client.callControlApplications.delete(app!.id!);
    const { data: credential } = await client.credentialConnections.create({ connection_name: 'pbx', user_name: 'conformance1', password: 'a-long-secret' });
    const { data: fqdn } = await client.fqdnConnections.create({ connection_name: 'sbc', transport_protocol: 'TLS' });
    const { data: ip } = await client.ipConnections.create({ connection_name: 'carrier', outbound: { tech_prefix: '1234' } });
    await client.phoneNumbers.update(first.id, { connection_id: credential!.id! });
    for (const [resource, id] of [[client.credentialConnections, credential!.id!], [client.fqdnConnections, fqdn!.id!], [client.ipConnections, ip!.id!]] as const) {
      await resource.list();
      await resource.retrieve(id);
      await resource.update(id, { tags: ['conformance'], inbound: { channel_limit: 10 } });
    }
    await client.phoneNumbers.update(first.id, { connection_id: '' });
    await client.credentialConnections.delete(credential!.id!);
    await client.fqdnConnections.delete(fqdn!.id!);
    await client.ipConnections.delete(ip!.id!);
    await client.phoneNumbers.delete(second.id);
    await eventually(async () => (webhookBodies.length > 0 ? true : undefined));

    const errors: string[] = [];
    const exercised = new Set<string>();
    for (const x of exchanges) {
      expect([x.method, x.path, x.status]).toEqual([x.method, x.path, 200]);
      const operation = telnyxOperationFor(x.method, x.path);
      if (!operation) {
        errors.push(`${x.method} ${x.path}: no SDK shape for this path`);
        continue;
      }
      exercised.add(operation);
      errors.push(...telnyxConformanceErrors(operation, x.body, { allFieldsPresent: { except: NOT_SERVED } }));
    }
    for (const body of webhookBodies) {
      errors.push(...telnyxConformanceErrors('WEBHOOK number_order.complete', JSON.parse(body), { allFieldsPresent: { except: NOT_SERVED } }));
    }
    exercised.add('WEBHOOK number_order.complete');
    expect([...new Set(errors)]).toEqual([]);
    expect([...exercised].sort()).toEqual(Object.keys(telnyxOperations()).sort());
  });
});
