/**
 * Routing and emergency settings of Telnyx numbers through the official SDK: pointing a number at a call control
 * application (its webhook URL), voice settings, and emergency calling with an address that then cannot be deleted.
 */
import { useTestSandbox } from '../support/sandbox';
import { sleep, telnyxClient, telnyxFailure } from '../support/telnyx';

describe('Telnyx voice settings, connections and emergency calling', () => {
  const t = useTestSandbox({ telnyx: { orderDelayMs: 50 } });

  async function ownedNumber(ndc: string) {
    const { client } = telnyxClient(t.sandbox);
    const found = await client.availablePhoneNumbers.list({ filter: { national_destination_code: ndc, features: ['voice', 'emergency'], limit: 1 } });
    await client.numberOrders.create({ phone_numbers: [{ phone_number: found.data![0].phone_number! }] });
    await sleep(120);
    return (await client.phoneNumbers.list({ filter: { phone_number: found.data![0].phone_number! } })).data[0];
  }

  it('points a number at a call control application and shows its name', async () => {
    const { client } = telnyxClient(t.sandbox);
    const { data: app } = await client.callControlApplications.create({ application_name: 'support line', webhook_event_url: 'https://example.com/telnyx/calls' });
    expect(app).toMatchObject({ record_type: 'call_control_application', application_name: 'support line', webhook_event_url: 'https://example.com/telnyx/calls', active: true });
    const number = await ownedNumber('415');
    const { data: routed } = await client.phoneNumbers.update(number.id, { connection_id: app!.id });
    expect(routed).toMatchObject({ connection_id: app!.id, connection_name: 'support line' });
    expect((await client.phoneNumbers.list({ filter: { connection_id: app!.id } })).data.map((n) => n.id)).toEqual([number.id]);

    const { data: renamed } = await client.callControlApplications.update(app!.id!, { application_name: 'support v2', webhook_event_url: 'https://example.com/v2' });
    expect(renamed).toMatchObject({ application_name: 'support v2', webhook_event_url: 'https://example.com/v2' });
    expect((await client.phoneNumbers.retrieve(number.id)).data!.connection_name).toBe('support v2');

    const inUse = await telnyxFailure(client.callControlApplications.delete(app!.id!));
    expect(inUse.status).toBe(422);
    expect(inUse.error.errors[0]).toMatchObject({ code: '10021', title: 'Resource in use' });

    const unknown = await telnyxFailure(client.phoneNumbers.update(number.id, { connection_id: '1234567890123456789' }));
    expect(unknown.status).toBe(422);
    expect(unknown.error.errors[0]).toMatchObject({ code: '10017', source: { pointer: '/connection_id' } });
  });

  it('reads and updates a number\'s voice settings', async () => {
    const { client } = telnyxClient(t.sandbox);
    const number = await ownedNumber('212');
    const { data: before } = await client.phoneNumbers.voice.retrieve(number.id);
    expect(before).toMatchObject({ id: number.id, phone_number: number.phone_number, tech_prefix_enabled: false, emergency: { emergency_enabled: false, emergency_status: 'disabled' } });
    const { data: after } = await client.phoneNumbers.voice.update(number.id, {
      tech_prefix_enabled: true,
      call_forwarding: { call_forwarding_enabled: true, forwarding_type: 'on-failure', forwards_to: '+14155550100' },
      cnam_listing: { cnam_listing_enabled: true, cnam_listing_details: 'ACME SUPPORT' },
      inbound_call_screening: 'flag_calls',
    });
    expect(after).toMatchObject({
      tech_prefix_enabled: true, inbound_call_screening: 'flag_calls',
      call_forwarding: { call_forwarding_enabled: true, forwarding_type: 'on-failure', forwards_to: '+14155550100' },
      cnam_listing: { cnam_listing_enabled: true, cnam_listing_details: 'ACME SUPPORT' },
    });
    expect((await client.phoneNumbers.retrieve(number.id)).data).toMatchObject({ cnam_listing_enabled: true, inbound_call_screening: 'flag_calls' });
    const tooLong = await telnyxFailure(client.phoneNumbers.voice.update(number.id, { cnam_listing: { cnam_listing_details: 'A NAME THAT IS FAR TOO LONG' } }));
    expect(tooLong.error.errors[0].source).toEqual({ pointer: '/cnam_listing/cnam_listing_details' });
  });

  it('enables emergency calling with an address, and keeps that address from being deleted until it is disabled', async () => {
    const { client } = telnyxClient(t.sandbox);
    const number = await ownedNumber('312');
    const { data: address } = await client.addresses.create({
      business_name: 'Acme', first_name: 'Ada', last_name: 'Lovelace', street_address: '233 S Wacker Dr', locality: 'Chicago',
      administrative_area: 'IL', postal_code: '60606', country_code: 'US', customer_reference: 'hq',
    });
    expect(address).toMatchObject({ record_type: 'address', street_address: '233 S Wacker Dr', country_code: 'US' });
    const { data: voice } = await client.phoneNumbers.actions.enableEmergency(number.id, { emergency_address_id: address!.id!, emergency_enabled: true });
    expect(voice!.emergency).toEqual({ emergency_enabled: true, emergency_address_id: address!.id, emergency_status: 'active' });
    expect((await client.phoneNumbers.retrieve(number.id)).data).toMatchObject({ emergency_enabled: true, emergency_address_id: address!.id, emergency_status: 'active' });
    expect((await client.phoneNumbers.list({ filter: { emergency_address_id: address!.id } })).data.map((n) => n.id)).toEqual([number.id]);

    const inUse = await telnyxFailure(client.addresses.delete(address!.id!));
    expect(inUse.status).toBe(422);
    expect(inUse.error.errors[0]).toMatchObject({ code: '10021' });
    expect(inUse.error.errors[0].detail).toContain(number.phone_number);

    await client.phoneNumbers.actions.enableEmergency(number.id, { emergency_address_id: address!.id!, emergency_enabled: false });
    expect((await client.addresses.delete(address!.id!)).data!.id).toBe(address!.id);
    expect((await telnyxFailure(client.addresses.retrieve(address!.id!))).status).toBe(404);
  });

  it('refuses an emergency address in another country, or one that does not exist', async () => {
    const { client } = telnyxClient(t.sandbox);
    const number = await ownedNumber('617');
    const { data: london } = await client.addresses.create({
      business_name: 'Acme UK', first_name: 'Ada', last_name: 'Lovelace', street_address: '10 Downing St', locality: 'London', country_code: 'GB',
    });
    const abroad = await telnyxFailure(client.phoneNumbers.actions.enableEmergency(number.id, { emergency_address_id: london!.id!, emergency_enabled: true }));
    expect(abroad.status).toBe(422);
    expect(abroad.error.errors[0].detail).toMatch(/is in GB/);
    const missing = await telnyxFailure(client.phoneNumbers.actions.enableEmergency(number.id, { emergency_address_id: '999', emergency_enabled: true }));
    expect(missing.error.errors[0]).toMatchObject({ code: '10017', source: { pointer: '/emergency_address_id' } });
    const list = await client.addresses.list({ filter: { customer_reference: { eq: 'hq' } } });
    expect(list.data).toEqual([]);
  });
});
