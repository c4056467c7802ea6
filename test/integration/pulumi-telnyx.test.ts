/**
 * A Telnyx number through Pulumi's real dynamic-provider host, configured as a stack with only
 * `pulumi config set --secret didops:telnyxApiKey` (and the sandbox's didops:telnyxBaseUrl): create through a number
 * order, an empty diff, refresh with nothing drifted, a new voice URL and an emergency address in place, destroy with
 * nothing left owned; the API key in no state, output, serialized provider or host log.
 */
import { useTestSandbox } from '../support/sandbox';
import { telnyxClient } from '../support/telnyx';
import { startCarriersProviderHost, telnyxAddressIds, telnyxOrders, telnyxOwned, telnyxVoiceUrl } from '../support/telnyx-stack';
import type { DynamicProviderHost } from '../support/pulumi-provider-host';
import { PulumiSteps, type Recorded } from '../support/pulumi-steps';

jest.setTimeout(30_000);
const t = useTestSandbox({ releaseCooldownMs: 0, telnyx: { orderDelayMs: 300 } });
const telnyx = () => telnyxClient(t.sandbox);
const steps = new PulumiSteps();

const hq = { carrier: 'telnyx', customerName: 'Acme', street: '1 Main St', city: 'San Francisco', region: 'CA', postalCode: '94105', country: 'US' };
const supportArgs = (extra: Record<string, unknown> = {}) => ({ carrier: 'telnyx', search: { country: 'US', areaCode: '415' }, voice: { url: 'https://example.com/voice' }, ...extra });

describe('a Telnyx support line in a stack configured with a Telnyx API key only', () => {
  let host: DynamicProviderHost;
  let line: Recorded;
  let address: Recorded;
  let before: string[];
  /** Everything the engine would write to the checkpoint or show as outputs. */
  const checkpoint: unknown[] = [];

  beforeAll(async () => {
    await steps.load();
    host = await startCarriersProviderHost(t.sandbox, {
      config: { 'didops:telnyxApiKey': t.sandbox.telnyxApiKey, 'didops:telnyxBaseUrl': t.sandbox.url },
      secrets: ['didops:telnyxApiKey'],
    });
    before = (await telnyxOwned(telnyx())).map((n) => n.e164);
  });
  afterAll(async () => {
    await host?.close();
  });

  it('pulumi up buys one 415 number through one number order, routed to the voice URL', async () => {
    const ordersBefore = (await telnyxOrders(telnyx())).length;
    line = await steps.create(host, 'PhoneNumber', 'support', supportArgs());
    checkpoint.push(line);
    expect(line.state).toMatchObject({ sid: line.id, e164: expect.stringMatching(/^\+1415\d{7}$/), carrier: 'telnyx', voice: { url: 'https://example.com/voice' } });
    const mine = (await telnyxOwned(telnyx())).filter((n) => !before.includes(n.e164));
    expect(mine.map((n) => n.id)).toEqual([line.id]);
    expect(await telnyxVoiceUrl(telnyx(), mine[0].connectionId)).toBe('https://example.com/voice');
    expect((await telnyxOrders(telnyx())).length).toBe(ordersBefore + 1);
  });

  it('the next pulumi up changes nothing', async () => {
    const { diff } = await steps.diff(host, 'PhoneNumber', line, supportArgs());
    expect(diff).toMatchObject({ changes: 'none', replaces: [] });
  });

  it('pulumi refresh reads the same number back, and the up after it changes nothing', async () => {
    const refreshed = await steps.refresh(host, line);
    expect(refreshed?.state).toMatchObject({ e164: line.state.e164, carrier: 'telnyx', voice: { url: 'https://example.com/voice' } });
    expect(refreshed?.inputs).not.toHaveProperty('friendlyName');
    line = refreshed!;
    const { diff } = await steps.diff(host, 'PhoneNumber', line, supportArgs());
    expect(diff).toMatchObject({ changes: 'none' });
  });

  it('a new voice URL and a Telnyx emergency address are updates in place that the account shows', async () => {
    address = await steps.create(host, 'EmergencyAddress', 'hq', hq);
    checkpoint.push(address);
    expect(address.id).toMatch(/^\d+$/);
    const { recorded, diff } = await steps.update(host, 'PhoneNumber', line, supportArgs({ voice: { url: 'https://example.com/voice-v2' }, emergencyAddress: address.id }));
    expect(diff).toMatchObject({ changes: 'some', replaces: [] });
    line = recorded;
    checkpoint.push(line);
    expect(line.state).toMatchObject({ emergencyAddress: address.id, voice: { url: 'https://example.com/voice-v2' } });
    const live = (await telnyxOwned(telnyx())).find((n) => n.id === line.id)!;
    expect(live.emergencyAddressId).toBe(address.id);
    expect(await telnyxVoiceUrl(telnyx(), live.connectionId)).toBe('https://example.com/voice-v2');
    const refreshedAddress = await steps.refresh(host, address);
    expect((await steps.diff(host, 'EmergencyAddress', refreshedAddress!, hq)).diff).toMatchObject({ changes: 'none' });
  });

  it('keeps the API key out of every state, output, serialized provider and log', async () => {
    const key = t.sandbox.telnyxApiKey;
    expect(JSON.stringify(checkpoint)).toContain('__provider');
    expect(JSON.stringify(checkpoint)).not.toContain(key);
    expect(steps.providerText('PhoneNumber')).not.toContain(key);
    expect(host.logs.join('\n')).not.toContain(key);
  });

  it('pulumi destroy releases the number and deletes the address: nothing is left owned', async () => {
    await host.delete(line.urn, line.id, line.state);
    await host.delete(address.urn, address.id, address.state);
    expect((await telnyxOwned(telnyx())).map((n) => n.e164)).toEqual(before);
    expect(await telnyxAddressIds(telnyx())).toEqual([]);
    expect(host.logs.join('\n')).not.toContain(t.sandbox.telnyxApiKey);
  });
});
