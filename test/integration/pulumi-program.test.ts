/**
 * Pulumi programs that declare numbers, run through the real Pulumi SDK runtime with mocks: the provider each
 * resource serialized into `__provider` is loaded the way the dynamic provider host loads it and runs against the
 * sandbox through the real twilio SDK.
 */
import { EmergencyAddress, PhoneNumber, type PhoneNumberArgs } from '../../provider/pulumi';
import { MockEngine } from '../support/pulumi-mock-engine';
import { useTestSandbox } from '../support/sandbox';
import { expectBuiltHost } from '../support/pulumi-build';

const t = useTestSandbox();
let engine: MockEngine;

beforeAll(() => {
  // The serialized provider runs outside jest, in plain Node, so it loads the compiled host (npm test builds first).
  expectBuiltHost();
});

beforeEach(() => {
  engine = new MockEngine({
    config: { 'didops:twilioAccountSid': t.sandbox.accountSid, 'didops:twilioAuthToken': t.sandbox.authToken, 'didops:twilioBaseUrl': t.sandbox.url },
  });
});

const hqAddress = { customerName: 'Acme', street: '1 Main St', city: 'San Francisco', region: 'CA', postalCode: '94105', country: 'US' };

function supportProgram(changes: Partial<PhoneNumberArgs> = {}) {
  return () => {
    const hq = new EmergencyAddress('hq', hqAddress);
    const support = new PhoneNumber('support', {
      search: { country: 'US', type: 'local', areaCode: '415', contains: 'PS', capabilities: ['voice'] },
      friendlyName: 'Support line',
      voice: { url: 'https://example.com/voice' },
      emergencyAddress: hq.sid,
      ...changes,
    });
    return { supportNumber: support.e164, sid: support.sid, hq: hq.sid };
  };
}

async function owned(): Promise<string[]> {
  return (await t.client.incomingPhoneNumbers.list({ pageSize: 1000 })).map((n) => n.phoneNumber).sort();
}

describe('pulumi up, twice, with the support line from the README', () => {
  it('buys exactly one number, keeps it on the next run, updates in place, and replaces only when the number must change', async () => {
    const before = await owned();
    const first = await engine.up(supportProgram());
    expect(first.supportNumber).toMatch(/^\+1415\d{7}$/);
    expect(engine.steps.get('support')).toBe('create');
    expect(await owned()).toEqual([...before, first.supportNumber].sort());
    const number = await t.client.incomingPhoneNumbers(first.sid).fetch();
    expect(number).toMatchObject({ emergencyAddressSid: first.hq, voiceUrl: 'https://example.com/voice' });

    const second = await engine.up(supportProgram());
    expect(second).toEqual(first);
    expect([engine.steps.get('hq'), engine.steps.get('support')]).toEqual(['same', 'same']);

    // Criteria the owned number still satisfies change nothing; a new webhook is an update in place.
    await engine.up(supportProgram({ search: { country: 'US', region: 'CA', areaCode: '415', contains: 'PS' }, voice: { url: 'https://example.com/v2' } }));
    expect(engine.steps.get('support')).toBe('update');
    expect((await t.client.incomingPhoneNumbers(first.sid).fetch()).voiceUrl).toBe('https://example.com/v2');
    expect(await owned()).toEqual([...before, first.supportNumber].sort());

    const moved = await engine.up(supportProgram({ search: { country: 'US', areaCode: '628' } }));
    expect(engine.steps.get('support')).toBe('replace');
    expect(moved.supportNumber).toMatch(/^\+1628/);
    expect(await owned()).toEqual([...before, moved.supportNumber].sort());

    await engine.destroy();
    expect(await owned()).toEqual(before);
    await expect(t.client.addresses(first.hq).fetch()).rejects.toMatchObject({ status: 404 });
  });

  it('keeps the auth token out of the state, including the serialized provider', async () => {
    await engine.up(supportProgram());
    const state = JSON.stringify([...engine.state.values()]);
    expect(state).toContain('__provider');
    expect(state).not.toContain(t.sandbox.authToken);
    await engine.destroy();
  });

  it('refreshes drift made in the console, and forgets a number released outside code', async () => {
    const { sid } = await engine.up(supportProgram());
    await t.client.incomingPhoneNumbers(sid).update({ voiceUrl: 'https://console.example/changed' });
    const refreshed = await engine.refresh();
    expect(refreshed.get('support')?.inputs).toMatchObject({ voice: { url: 'https://console.example/changed' } });
    // The next up puts the declared webhook back.
    await engine.up(supportProgram());
    expect(engine.steps.get('support')).toBe('update');
    expect((await t.client.incomingPhoneNumbers(sid).fetch()).voiceUrl).toBe('https://example.com/voice');

    await t.client.incomingPhoneNumbers(sid).update({ emergencyAddressSid: '' });
    await t.client.incomingPhoneNumbers(sid).remove();
    expect((await engine.refresh()).get('support')?.id).toBe('');
    expect([...engine.state.values()].map((r) => r.name)).toEqual(['hq']);
    await engine.destroy();
  });

  it('adopts a live number bought by hand without buying, replacing or wiping what it does', async () => {
    const byHand = await t.client.incomingPhoneNumbers.create({ areaCode: '212', friendlyName: 'Front desk', voiceUrl: 'https://example.com/live' });
    const before = await owned();
    const program = (args: PhoneNumberArgs) => () => ({ e164: new PhoneNumber('front-desk', args).e164 });
    await engine.up(program({ adopt: byHand.sid }));
    expect(await owned()).toEqual(before);
    const adopted = await t.client.incomingPhoneNumbers(byHand.sid).fetch();
    expect(adopted.voiceUrl).toBe('https://example.com/live');
    expect(adopted.friendlyName).toMatch(/^Front desk \[didops:[a-z2-7]{12}\]$/);
    // Pinning the adopted number by its E.164 afterwards keeps it: only the recorded inputs change.
    await engine.up(program({ number: byHand.phoneNumber, voice: { url: 'https://example.com/live' } }));
    expect(engine.steps.get('front-desk')).toBe('update');
    expect(await owned()).toEqual(before);
    await engine.up(program({ number: byHand.phoneNumber, voice: { url: 'https://example.com/live' } }));
    expect(engine.steps.get('front-desk')).toBe('same');
    await engine.destroy();
  });

  it('keeps a number on destroy once retainOnDelete is switched on, even though nothing changes at Twilio', async () => {
    const program = (retainOnDelete: boolean) => () => ({ sid: new PhoneNumber('kept', { search: { country: 'US', areaCode: '305' }, retainOnDelete }).sid });
    const { sid } = await engine.up(program(false));
    await engine.up(program(true));
    expect(engine.steps.get('kept')).toBe('update');
    await engine.up(program(true));
    expect(engine.steps.get('kept')).toBe('same');
    await engine.destroy();
    expect((await t.client.incomingPhoneNumbers(sid).fetch()).friendlyName).toBe('kept');
  });

  it('fails the run before buying anything when the program is wrong, naming the field and the fix', async () => {
    const before = await owned();
    await expect(engine.up(() => ({ e164: new PhoneNumber('typo', { search: { country: 'UK' } }).e164 }))).rejects.toThrow(
      /search\.country: "UK" is not a country didops can search; did you mean "GB"\?/,
    );
    await expect(engine.up(() => ({ e164: new PhoneNumber('bad', { number: '+1415555' }).e164 }))).rejects.toThrow(/^check failed for bad: number: /);
    expect(await owned()).toEqual(before);
  });
});
