/**
 * SIP connections in the Telnyx sandbox, through the official SDK: a PBX's credential connection and an SBC's FQDN
 * connection are created, found and removed, numbers point at them, and their calls are sip-trunking records.
 */
import fc from 'fast-check';
import { useTestSandbox } from '../support/sandbox';
import { sleep, telnyxClient, telnyxFailure } from '../support/telnyx';

describe('Telnyx SIP connections', () => {
  const t = useTestSandbox({ telnyx: { orderDelayMs: 50 } });
  const basic = () => `Basic ${Buffer.from(`${t.sandbox.accountSid}:${t.sandbox.authToken}`).toString('base64')}`;

  async function ownedNumber(ndc: string, connectionId?: string) {
    const { client } = telnyxClient(t.sandbox);
    const found = await client.availablePhoneNumbers.list({ filter: { national_destination_code: ndc, limit: 1 } });
    await client.numberOrders.create({ phone_numbers: [{ phone_number: found.data![0].phone_number! }], ...(connectionId && { connection_id: connectionId }) });
    await sleep(120);
    return (await client.phoneNumbers.list({ filter: { phone_number: found.data![0].phone_number! } })).data[0];
  }

  it('creates a PBX\'s credential connection, shows its password only once, and finds it by name', async () => {
    const { client } = telnyxClient(t.sandbox);
    const { data: created } = await client.credentialConnections.create({ connection_name: 'office pbx', user_name: 'officepbx01', password: 'correct-horse-battery' });
    expect(created).toMatchObject({ record_type: 'credential_connection', connection_name: 'office pbx', user_name: 'officepbx01', password: 'correct-horse-battery', active: true });
    expect(created!.id).toMatch(/^\d{19}$/);

    const { data: fetched } = await client.credentialConnections.retrieve(created!.id!);
    expect(fetched).toMatchObject({ id: created!.id, user_name: 'officepbx01', password: '********' });
    const { data: renamed } = await client.credentialConnections.update(created!.id!, { connection_name: 'head office pbx', inbound: { channel_limit: 4 } });
    expect(renamed).toMatchObject({ connection_name: 'head office pbx', password: '********', inbound: { channel_limit: 4 } });
    expect(renamed!.inbound!.codecs).toContain('G711U'); // the rest of inbound keeps its settings
    const { data: rekeyed } = await client.credentialConnections.update(created!.id!, { password: 'another-long-one' });
    expect(rekeyed!.password).toBe('another-long-one');

    const found = await client.credentialConnections.list({ filter: { connection_name: { contains: 'HEAD' } } });
    expect(found.data.map((c) => c.id)).toEqual([created!.id]);
    expect((await client.credentialConnections.list({ filter: { connection_name: { contains: 'nothing-like-it' } } })).data).toEqual([]);

    const taken = await telnyxFailure(client.credentialConnections.create({ connection_name: 'twin', user_name: 'officepbx01', password: 'correct-horse-battery' }));
    expect(taken.status).toBe(422);
    expect(taken.error.errors[0]).toMatchObject({ source: { pointer: '/user_name' } });
    const noPassword = await telnyxFailure(client.credentialConnections.create({ connection_name: 'x', user_name: 'officepbx02' } as never));
    expect(noPassword.error.errors[0]).toMatchObject({ code: '10004', source: { pointer: '/password' } });
    const badName = await telnyxFailure(client.credentialConnections.create({ connection_name: 'x', user_name: '12345abc', password: 'correct-horse-battery' }));
    expect(badName.error.errors[0]).toMatchObject({ source: { pointer: '/user_name' } });

    await client.credentialConnections.delete(created!.id!);
    const gone = await telnyxFailure(client.credentialConnections.retrieve(created!.id!));
    expect(gone.status).toBe(404);
    expect(gone.error.errors[0]).toMatchObject({ code: '10005', title: 'Resource not found' });
  });

  it('creates, lists and deletes an SBC\'s FQDN connection, and answers 404 for one that does not exist', async () => {
    const { client } = telnyxClient(t.sandbox);
    const { data: sbc } = await client.fqdnConnections.create({ connection_name: 'edge sbc', transport_protocol: 'TLS', inbound: { sip_region: 'Europe' } });
    expect(sbc).toMatchObject({ record_type: 'fqdn_connection', connection_name: 'edge sbc', transport_protocol: 'TLS', inbound: { sip_region: 'Europe' } });
    expect(sbc!.user_name).toMatch(/^fqdn[0-9a-f]{12}$/);
    expect((await client.fqdnConnections.retrieve(sbc!.id!)).data).toMatchObject({ id: sbc!.id, connection_name: 'edge sbc', password: '********' });
    const listed = [];
    for await (const c of client.fqdnConnections.list({ sort: 'connection_name' })) listed.push(c.id);
    expect(listed).toContain(sbc!.id);

    const srtpOverTls = await telnyxFailure(client.fqdnConnections.update(sbc!.id!, { encrypted_media: 'SRTP' }));
    expect(srtpOverTls.status).toBe(422);
    for (const call of [client.fqdnConnections.retrieve('1234567890123456789'), client.fqdnConnections.delete('1234567890123456789'), client.ipConnections.retrieve('1234567890123456789')]) {
      const missing = await telnyxFailure(call);
      expect(missing.status).toBe(404);
      expect(missing.error.errors[0]).toMatchObject({ code: '10005' });
    }
    await client.fqdnConnections.delete(sbc!.id!);
    expect((await client.fqdnConnections.list()).data.map((c) => c.id)).not.toContain(sbc!.id);
  });

  it('routes numbers to SIP connections, refuses to delete one in use, and records their calls as sip-trunking', async () => {
    const { client } = telnyxClient(t.sandbox);
    const { data: pbx } = await client.credentialConnections.create({ connection_name: 'trunk pbx', user_name: 'trunkpbx01', password: 'correct-horse-battery' });
    const { data: sbc } = await client.fqdnConnections.create({ connection_name: 'trunk sbc' });
    const { data: app } = await client.callControlApplications.create({ application_name: 'ivr', webhook_event_url: 'https://example.com/calls' });
    const onPbx = await ownedNumber('415');
    const onSbc = await ownedNumber('212', sbc!.id!);
    const onApp = await ownedNumber('312', app!.id!);
    expect(onSbc).toMatchObject({ connection_id: sbc!.id, connection_name: 'trunk sbc' });
    const { data: routed } = await client.phoneNumbers.update(onPbx.id, { connection_id: pbx!.id! });
    expect(routed).toMatchObject({ connection_id: pbx!.id, connection_name: 'trunk pbx' });
    expect((await client.phoneNumbers.list({ filter: { connection_id: pbx!.id! } })).data.map((n) => n.id)).toEqual([onPbx.id]);

    const inUse = await telnyxFailure(client.credentialConnections.delete(pbx!.id!));
    expect(inUse.status).toBe(422);
    expect(inUse.error.errors[0]).toMatchObject({ code: '10021', detail: expect.stringContaining(onPbx.phone_number!) });

    const start = Date.now();
    const generated = await fetch(`${t.sandbox.url}/_sandbox/traffic/generate`, {
      method: 'POST', headers: { authorization: basic(), 'content-type': 'application/json' },
      body: JSON.stringify({ start: new Date(start).toISOString(), end: new Date(start + 86_400_000).toISOString(), callsPerNumberPerDay: 20 }),
    });
    expect(generated.status).toBe(200);
    const recordsOf = async (recordType: 'sip-trunking' | 'call-control') => {
      const records: Record<string, unknown>[] = [];
      for await (const r of client.detailRecords.list({ filter: { record_type: recordType }, 'page[size]': 100 })) records.push(r as unknown as Record<string, unknown>);
      return records;
    };
    const trunking = await recordsOf('sip-trunking');
    const control = await recordsOf('call-control');
    const numbersIn = (records: Record<string, unknown>[]) => new Set(records.flatMap((r) => [r.cli, r.cld]));
    expect(trunking.length).toBeGreaterThan(0);
    expect(trunking.every((r) => r.record_type === 'sip-trunking' && [pbx!.id, sbc!.id].includes(r.connection_id as string))).toBe(true);
    expect([...numbersIn(trunking)]).toEqual(expect.arrayContaining([onPbx.phone_number, onSbc.phone_number]));
    expect([...numbersIn(trunking)]).not.toContain(onApp.phone_number);
    expect(control.length).toBeGreaterThan(0);
    expect(control.every((r) => r.record_type === 'call-control' && r.connection_id !== pbx!.id && r.connection_id !== sbc!.id)).toBe(true);
    expect([...numbersIn(control)]).toContain(onApp.phone_number);
    const bySbc = await client.detailRecords.list({ filter: { record_type: 'sip-trunking', connection_id: sbc!.id! } });
    expect((bySbc.data as unknown as Record<string, unknown>[]).every((r) => r.connection_name === 'trunk sbc')).toBe(true);
  });

  it('answers arbitrary create and update bodies with a Telnyx 4xx or a connection, never a 500', async () => {
    const { client } = telnyxClient(t.sandbox);
    const { data: existing } = await client.ipConnections.create({ connection_name: 'target' });
    const fields = ['connection_name', 'user_name', 'password', 'active', 'tags', 'inbound', 'outbound', 'rtcp_settings', 'jitter_buffer', 'encrypted_media',
      'transport_protocol', 'webhook_event_url', 'webhook_timeout_secs', 'anchorsite_override', 'channel_limit', 'tech_prefix', 'sip_region', 'codecs'];
    const anyValue: fc.Arbitrary<unknown> = fc.oneof(fc.jsonValue(), fc.dictionary(fc.constantFrom(...fields), fc.jsonValue(), { maxKeys: 4 }));
    const body = fc.dictionary(fc.oneof(fc.constantFrom(...fields), fc.string({ maxLength: 8 })), anyValue, { maxKeys: 6 });
    const headers = { authorization: `Bearer ${t.sandbox.telnyxApiKey}`, 'content-type': 'application/json' };
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('credential', 'fqdn', 'ip'), fc.boolean(), body, async (kind, update, sent) => {
        const path = update && kind === 'ip' ? `/ip_connections/${existing!.id}` : `/${kind}_connections`;
        const res = await fetch(`${t.sandbox.telnyxBaseUrl}${path}`, { method: update && kind === 'ip' ? 'PATCH' : 'POST', headers, body: JSON.stringify(sent) });
        const answer = (await res.json()) as { data?: unknown; errors?: { code: string }[] };
        if (res.status === 200) return answer.data !== undefined;
        return res.status >= 400 && res.status < 500 && typeof answer.errors?.[0]?.code === 'string';
      }),
      { numRuns: 150, seed: 7 },
    );
  });
});
