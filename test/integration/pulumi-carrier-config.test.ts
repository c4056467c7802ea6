/**
 * Carrier mistakes in a Pulumi stack, refused by `Check` in Pulumi's real dynamic-provider host (so `pulumi preview`
 * fails, naming the property) before anything is ordered: a Telnyx number or address in a stack without
 * didops:telnyxApiKey, a didops:defaultCarrier didops does not speak, Twilio-only settings on a Telnyx number.
 */
import { useTestSandbox } from '../support/sandbox';
import { telnyxClient } from '../support/telnyx';
import { startCarriersProviderHost, telnyxOrders } from '../support/telnyx-stack';
import type { DynamicProviderHost } from '../support/pulumi-provider-host';
import { PulumiSteps } from '../support/pulumi-steps';

jest.setTimeout(30_000);
const t = useTestSandbox();
const steps = new PulumiSteps();
const hosts: DynamicProviderHost[] = [];
let ordersBefore: number;

beforeAll(async () => {
  await steps.load();
  ordersBefore = (await telnyxOrders(telnyxClient(t.sandbox))).length;
});
afterAll(async () => {
  await Promise.all(hosts.map((h) => h.close()));
});

/** A host configured from `config` (the Twilio token and Telnyx key as secrets). */
async function stack(config: Record<string, string>): Promise<DynamicProviderHost> {
  const host = await startCarriersProviderHost(t.sandbox, { config, secrets: ['didops:twilioAuthToken', 'didops:telnyxApiKey'] });
  hosts.push(host);
  return host;
}

const twilioOnly = () => ({ 'didops:twilioAccountSid': t.sandbox.accountSid, 'didops:twilioAuthToken': t.sandbox.authToken, 'didops:twilioBaseUrl': t.sandbox.url });
const telnyxOnly = () => ({ 'didops:telnyxApiKey': t.sandbox.telnyxApiKey, 'didops:telnyxBaseUrl': t.sandbox.url });
const telnyxSupport = (extra: Record<string, unknown> = {}) => ({ carrier: 'telnyx', search: { country: 'US', areaCode: '415' }, ...extra });

describe('a stack configured for Twilio only', () => {
  let host: DynamicProviderHost;
  beforeAll(async () => {
    host = await stack(twilioOnly());
  });

  it('refuses a Telnyx number on `carrier`, naming didops:telnyxApiKey', async () => {
    const { failures } = await steps.check(host, 'PhoneNumber', 'support', telnyxSupport());
    expect(failures).toEqual([{ property: 'carrier', reason: expect.stringContaining('didops:telnyxApiKey') }]);
    expect(failures[0].reason).toContain('the provider has no Telnyx configuration');
  });

  it('refuses a Telnyx emergency address on `carrier` the same way', async () => {
    const { failures } = await steps.check(host, 'EmergencyAddress', 'hq', {
      carrier: 'telnyx', customerName: 'Acme', street: '1 Main St', city: 'San Francisco', region: 'CA', postalCode: '94105', country: 'US',
    });
    expect(failures).toEqual([{ property: 'carrier', reason: expect.stringContaining('didops:telnyxApiKey') }]);
  });
});

describe('a stack configured for Telnyx only', () => {
  let host: DynamicProviderHost;
  beforeAll(async () => {
    host = await stack(telnyxOnly());
  });

  it('takes a number that names no carrier as a Telnyx one', async () => {
    expect((await steps.check(host, 'PhoneNumber', 'support', { search: { country: 'US', areaCode: '415' } })).failures).toEqual([]);
    const named = await steps.check(host, 'PhoneNumber', 'support', { search: { country: 'US', areaCode: '415' }, friendlyName: 'Support' });
    expect(named.failures).toEqual([{ property: 'friendlyName', reason: expect.stringContaining('is not available on Telnyx') }]);
  });

  it('refuses each Twilio-only setting on a Telnyx number, on its own property', async () => {
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ friendlyName: 'Support' }, 'friendlyName', /Telnyx numbers have no label/],
      [{ routingPlan: 'FW0123456789abcdef0123456789abcdef' }, 'routingPlan', /Studio flows, which a Telnyx number cannot run/],
      [{ bundle: 'BU0123456789abcdef0123456789abcdef' }, 'bundle', /regulatory bundles are Twilio-only/],
    ];
    for (const [extra, property, why] of cases) {
      const { failures } = await steps.check(host, 'PhoneNumber', 'support', telnyxSupport(extra));
      expect(failures).toEqual([{ property, reason: expect.stringMatching(why) }]);
      expect(failures[0].reason).toContain('is not available on Telnyx');
    }
  });

  it('refuses a Twilio number on `carrier`, naming the Twilio settings', async () => {
    const { failures } = await steps.check(host, 'PhoneNumber', 'sales', { carrier: 'twilio', search: { country: 'US', areaCode: '212' } });
    expect(failures).toEqual([{ property: 'carrier', reason: expect.stringContaining('didops:twilioAccountSid') }]);
  });
});

describe('a stack whose didops:defaultCarrier is not a carrier', () => {
  it('fails the preview naming didops:defaultCarrier and the carriers there are', async () => {
    const host = await stack({ ...twilioOnly(), ...telnyxOnly(), 'didops:defaultCarrier': 'vonage' });
    // Stack configuration is no resource property: the provider fails the step, as for a missing Twilio token.
    await expect(steps.check(host, 'PhoneNumber', 'support', { search: { country: 'US', areaCode: '415' } })).rejects.toMatchObject({
      method: 'Check',
      message: expect.stringContaining('didops:defaultCarrier: "vonage" is not a carrier didops speaks; use twilio or telnyx'),
    });
  });
});

describe('after every refusal', () => {
  it('nothing was ordered', async () => {
    expect((await telnyxOrders(telnyxClient(t.sandbox))).length).toBe(ordersBefore);
    expect(await t.client.incomingPhoneNumbers.list({ pageSize: 1000 })).toEqual([]);
  });
});
