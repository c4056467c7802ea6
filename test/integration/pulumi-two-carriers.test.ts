/**
 * One Pulumi program with numbers on both carriers, run through the Pulumi SDK runtime with the provider each
 * resource serialized (test/support/pulumi-mock-engine.ts): a Twilio sales line (the default carrier, by search), a
 * Telnyx support line (by search) and a Telnyx emergency address the support line uses. The first up buys one number
 * at each carrier, the second changes nothing, destroy leaves nothing owned at either; the checkpoint holds no
 * credential of either carrier.
 */
import { EmergencyAddress, PhoneNumber } from '../../provider/pulumi';
import { MockEngine } from '../support/pulumi-mock-engine';
import { useTestSandbox } from '../support/sandbox';
import { telnyxClient } from '../support/telnyx';
import { bothCarriersConfig, telnyxAddressIds, telnyxOwned } from '../support/telnyx-stack';
import { expectBuiltHost } from '../support/pulumi-build';

jest.setTimeout(30_000);
const t = useTestSandbox({ releaseCooldownMs: 0, telnyx: { orderDelayMs: 300 } });
const telnyx = () => telnyxClient(t.sandbox);
const twilioOwned = async () => (await t.client.incomingPhoneNumbers.list({ pageSize: 1000 })).map((n) => n.phoneNumber);

// The serialized providers load the compiled host.
beforeAll(() => expectBuiltHost());

function twoCarrierProgram() {
  const hq = new EmergencyAddress('hq', { carrier: 'telnyx', customerName: 'Acme', street: '1 Main St', city: 'San Francisco', region: 'CA', postalCode: '94105', country: 'US' });
  const sales = new PhoneNumber('sales', { search: { country: 'US', areaCode: '212' } });
  const support = new PhoneNumber('support', {
    carrier: 'telnyx',
    search: { country: 'US', areaCode: '415' },
    voice: { url: 'https://example.com/support' },
    emergencyAddress: hq.sid,
  });
  return { sales: sales.e164, support: support.e164, supportSid: support.sid, hq: hq.sid };
}

describe('pulumi up, twice, then destroy, for a stack on Twilio and Telnyx', () => {
  it('buys one number at each carrier, keeps both on the next up, and destroy leaves nothing owned', async () => {
    const engine = new MockEngine({ config: bothCarriersConfig(t.sandbox).config });
    const before = { twilio: await twilioOwned(), telnyx: (await telnyxOwned(telnyx())).map((n) => n.e164) };

    const first = await engine.up(twoCarrierProgram);
    expect([...engine.steps.values()]).toEqual(['create', 'create', 'create']);
    expect(first.sales).toMatch(/^\+1212\d{7}$/);
    expect(first.support).toMatch(/^\+1415\d{7}$/);
    expect((await twilioOwned()).filter((n) => !before.twilio.includes(n))).toEqual([first.sales]);
    const telnyxNew = (await telnyxOwned(telnyx())).filter((n) => !before.telnyx.includes(n.e164));
    expect(telnyxNew.map((n) => [n.id, n.e164, n.emergencyAddressId])).toEqual([[first.supportSid, first.support, first.hq]]);

    const second = await engine.up(twoCarrierProgram);
    expect(second).toEqual(first);
    expect(Object.fromEntries(engine.steps)).toEqual({ hq: 'same', sales: 'same', support: 'same' });

    const checkpoint = JSON.stringify([...engine.state.values()]);
    expect(checkpoint).toContain('"carrier":"telnyx"');
    expect(checkpoint).not.toContain(t.sandbox.telnyxApiKey);
    expect(checkpoint).not.toContain(t.sandbox.authToken);

    await engine.destroy();
    expect(await twilioOwned()).toEqual(before.twilio);
    expect((await telnyxOwned(telnyx())).map((n) => n.e164)).toEqual(before.telnyx);
    expect(await telnyxAddressIds(telnyx())).toEqual([]);
  });
});
