/** The PhoneNumber and EmergencyAddress handlers through the real twilio SDK against the sandbox. */
import {
  createEmergencyAddressHandler,
  createPhoneNumberHandler,
  readMarker,
  type PhoneNumberInputs,
  type PhoneNumberState,
} from '../../src/resources';
import { ConflictError, UnavailableError, ValidationError } from '../../src/core/errors';
import type { ResourceIdentity } from '../../src/core/lifecycle';
import { useTestSandbox } from '../support/sandbox';
import { twilioCarriers } from '../support/sandbox';

const t = useTestSandbox();
const handler = () => createPhoneNumberHandler({ carriers: twilioCarriers(t.client, { sleep: async () => {} }), sleep: async () => {} });
const addresses = () => createEmergencyAddressHandler({ carriers: twilioCarriers(t.client )});
const identity = (name: string): ResourceIdentity => ({ type: 'didops:index:PhoneNumber', name, urn: `urn:pulumi:test::didops::didops:index:PhoneNumber::${name}` });

async function checked(news: unknown): Promise<PhoneNumberInputs> {
  const result = await handler().check({ news });
  if (!result.inputs) throw new Error(`check failed: ${JSON.stringify(result.failures)}`);
  return result.inputs;
}

async function ownedNumbers(): Promise<string[]> {
  return (await t.client.incomingPhoneNumbers.list({ pageSize: 1000 })).map((n) => n.phoneNumber);
}

async function created(name: string, news: unknown) {
  const inputs = await checked(news);
  const { id, outputs } = await handler().create({ inputs, preview: false, identity: identity(name) });
  return { id, inputs, state: { ...inputs, ...outputs } as PhoneNumberInputs & PhoneNumberState };
}

afterEach(() => t.sandbox.context.faults.configure([]));

describe('a platform team declaring its support line', () => {
  it('buys the first available 415 number spelling PS (77), configured in the same request, and marks it as didops’', async () => {
    const { id, state } = await created('support', {
      search: { country: 'US', type: 'local', areaCode: '415', contains: 'PS', capabilities: ['voice'] },
      friendlyName: 'Support line',
      voice: { url: 'https://example.com/voice' },
    });
    expect(id).toMatch(/^PN[0-9a-f]{32}$/);
    expect(state.e164).toMatch(/^\+1415/);
    expect(state.e164.slice(2)).toContain('77');
    expect(state).toMatchObject({ country: 'US', region: 'CA', type: 'local', status: 'in-use', currency: 'USD' });
    expect(state.monthlyPrice).toBeGreaterThan(0);
    expect(state.capabilities.voice).toBe(true);
    expect(readMarker(state.carrierFriendlyName)).toEqual({ name: 'Support line', tag: expect.stringMatching(/^[a-z2-7]{12}$/) });
    const carrier = await t.client.incomingPhoneNumbers(id).fetch();
    expect(carrier.voiceUrl).toBe('https://example.com/voice');
    // One POST bought and configured the number: nothing can be left half-done.
    expect(t.http.exchanges.filter((x) => x.method === 'POST' && x.url.includes('IncomingPhoneNumbers')).length).toBe(1);
  });

  it('keeps the number when the criteria change but still fit, and replaces it in plain words when they do not', async () => {
    const { state } = await created('sales', { search: { country: 'US', areaCode: '415' } });
    const h = handler();
    const stillFits = await h.diff({ id: state.sid, olds: state, news: await checked({ search: { country: 'US', region: 'California', capabilities: ['voice'] } }) });
    // Only the recorded criteria change: an update with nothing to send to Twilio.
    expect(stillFits).toMatchObject({ changes: true, replaces: [], updates: ['search'] });
    expect(stillFits.explanation.join('\n')).toContain('still satisfies it; only the recorded criteria change, the number is kept');
    const exact = await h.diff({ id: state.sid, olds: state, news: await checked({ number: state.e164 }) });
    expect(exact).toMatchObject({ replaces: [], updates: ['number'] });

    const moved = await h.diff({ id: state.sid, olds: state, news: await checked({ search: { country: 'US', areaCode: '628' } }) });
    expect(moved).toMatchObject({ changes: true, replaces: ['search'], deleteBeforeReplace: true });
    expect(moved.explanation[0]).toContain(`the owned number ${state.e164} no longer fits (it is not in area code 628)`);
    expect(moved.explanation[0]).toContain('released first');
  });

  it('changes the name and webhooks in place, keeping the ownership marker', async () => {
    const { id, state } = await created('billing', { number: undefined, search: { country: 'US', areaCode: '212' }, voice: { url: 'https://example.com/a' } });
    const news = await checked({ search: { country: 'US', areaCode: '212' }, friendlyName: 'Billing', voice: { url: 'https://example.com/b', method: 'GET' } });
    const diff = await handler().diff({ id, olds: state, news });
    expect(diff).toMatchObject({ changes: true, replaces: [], updates: ['friendlyName', 'voice'] });
    const { outputs } = await handler().update({ id, olds: state, news, preview: false });
    expect(readMarker(outputs.carrierFriendlyName)).toEqual({ name: 'Billing', tag: readMarker(state.carrierFriendlyName).tag });
    const carrier = await t.client.incomingPhoneNumbers(id).fetch();
    expect(carrier).toMatchObject({ voiceUrl: 'https://example.com/b', voiceMethod: 'GET' });
  });

  it('reports drift field by field on refresh, and forgets a number released outside code', async () => {
    const { id, state } = await created('drift', { search: { country: 'US', areaCode: '646' }, friendlyName: 'Drift', voice: { url: 'https://example.com/voice' } });
    const h = handler();
    const unchanged = await h.read({ id, state });
    expect(unchanged?.inputs).toEqual({ search: state.search, friendlyName: 'Drift', voice: state.voice, retainOnDelete: false });

    await t.client.incomingPhoneNumbers(id).update({ voiceUrl: 'https://console.example/changed' });
    const drifted = await h.read({ id, state });
    expect(drifted?.inputs?.voice?.url).toBe('https://console.example/changed');
    const diff = await h.diff({ id, olds: { ...state, ...drifted!.outputs, ...drifted!.inputs }, news: state });
    expect(diff.updates).toEqual(['voice']);

    await t.client.incomingPhoneNumbers(id).remove();
    expect(await h.read({ id, state })).toBeNull();
    // Deleting what is already gone succeeds: delete must be safe to repeat.
    await expect(h.delete({ id, state })).resolves.toBeUndefined();
  });

  it('imports a number by SID or by E.164 so that the first diff is empty', async () => {
    const bought = await t.client.incomingPhoneNumbers.create({ areaCode: '305', friendlyName: 'Bought by hand', voiceUrl: 'https://example.com/hand' });
    const h = handler();
    for (const id of [bought.sid, bought.phoneNumber]) {
      const imported = await h.import({ id });
      expect(imported.id).toBe(bought.sid);
      expect(imported.inputs).toMatchObject({ number: bought.phoneNumber, friendlyName: 'Bought by hand', voice: { url: 'https://example.com/hand' } });
      const news = await checked(imported.inputs);
      const diff = await h.diff({ id: imported.id, olds: { ...imported.inputs, ...imported.outputs }, news });
      expect(diff.changes).toBe(false);
    }
    await expect(h.import({ id: '+14155550000' })).rejects.toThrow(/not a number of this Twilio account/);
  });

  it('refuses to buy a number the account already owns, pointing at import', async () => {
    const bought = await t.client.incomingPhoneNumbers.create({ areaCode: '718' });
    const inputs = await checked({ number: bought.phoneNumber });
    await expect(handler().create({ inputs, preview: false, identity: identity('dup') })).rejects.toMatchObject({
      constructor: ConflictError, field: 'number', detail: expect.stringContaining(`set \`adopt\` to "${bought.sid}"`),
    });
  });
});

describe('exactly one number, whatever fails', () => {
  it('adopts the number a crashed run bought instead of buying a second one', async () => {
    const before = (await ownedNumbers()).length;
    const first = await created('crash', { search: { country: 'US', areaCode: '312' } });
    // The engine never recorded `first` (the process died); the next run calls create again.
    const second = await created('crash', { search: { country: 'US', areaCode: '312' }, friendlyName: 'Renamed meanwhile' });
    expect(second.id).toBe(first.id);
    expect(readMarker(second.state.carrierFriendlyName).name).toBe('Renamed meanwhile');
    expect((await ownedNumbers()).length).toBe(before + 1);
  });

  it('finds a purchase whose answer was lost (a 503 after the work) and does not buy again', async () => {
    const before = (await ownedNumbers()).length;
    t.sandbox.context.faults.configure([{ method: 'POST', path: '/api/*/IncomingPhoneNumbers.json', errorRate: 1, status: 503, latencyMs: 0, when: 'after', maxFailures: 1 }]);
    const { state } = await created('lost-answer', { search: { country: 'US', areaCode: '617' } });
    expect(state.e164).toMatch(/^\+1617/);
    expect((await ownedNumbers()).length).toBe(before + 1);
  });

  it('tries the purchase again when the carrier failed before doing it', async () => {
    const before = (await ownedNumbers()).length;
    t.sandbox.context.faults.configure([{ method: 'POST', path: '/api/*/IncomingPhoneNumbers.json', errorRate: 1, status: 500, latencyMs: 0, when: 'before', maxFailures: 2 }]);
    await created('flaky', { search: { country: 'US', areaCode: '206' } });
    expect((await ownedNumbers()).length).toBe(before + 1);
  });

  it('gives up with the carrier’s error after repeated failures, and has bought nothing', async () => {
    const before = await ownedNumbers();
    t.sandbox.context.faults.configure([{ method: 'POST', path: '/api/*/IncomingPhoneNumbers.json', errorRate: 1, status: 503, latencyMs: 0, when: 'before' }]);
    await expect(created('down', { search: { country: 'US', areaCode: '503' } })).rejects.toThrow(/503|Service Unavailable|unavailable/i);
    t.sandbox.context.faults.configure([]);
    expect(await ownedNumbers()).toEqual(before);
  });

  it('says plainly when nothing matches', async () => {
    await expect(created('none', { search: { country: 'US', areaCode: '415', contains: '9999999$', maxPages: 2 } })).rejects.toMatchObject({
      constructor: UnavailableError, field: 'search',
    });
  });
});

describe('releasing, in order', () => {
  it('detaches the emergency address before releasing, so release never fails half-way', async () => {
    const ea = addresses();
    const addressInputs = (await ea.check({ news: { customerName: 'Acme', street: '1 Main St', city: 'San Francisco', region: 'CA', postalCode: '94105', country: 'US' } })).inputs!;
    const hq = await ea.create({ inputs: addressInputs, preview: false, identity: { type: 'didops:index:EmergencyAddress', name: 'hq' } });
    const { id, state } = await created('e911', { search: { country: 'US', areaCode: '415' }, emergencyAddress: hq.id });
    expect(state.emergencyStatus).toBe('Active');

    await expect(ea.delete({ id: hq.id, state: { ...addressInputs, ...hq.outputs } })).rejects.toThrow(`still uses it: ${state.e164}`);

    await handler().delete({ id, state });
    expect(await ownedNumbers()).not.toContain(state.e164);
    await ea.delete({ id: hq.id, state: { ...addressInputs, ...hq.outputs } });
    await expect(t.client.addresses(hq.id).fetch()).rejects.toMatchObject({ status: 404 });
  });

  it('keeps a retained number but takes it out of didops’ hands', async () => {
    const { id, state } = await created('keep', { search: { country: 'US', areaCode: '415' }, friendlyName: 'Keep me', retainOnDelete: true });
    await handler().delete({ id, state });
    const kept = await t.client.incomingPhoneNumbers(id).fetch();
    expect(kept.friendlyName).toBe('Keep me');
    // Without its marker, a later resource with the same name buys afresh rather than adopting it.
    const again = await created('keep', { search: { country: 'US', areaCode: '415' } });
    expect(again.id).not.toBe(id);
  });
});

describe('checks that name the field and the fix, before anything is bought', () => {
  const failures = async (news: unknown) => (await handler().check({ news })).failures.map((f) => `${f.field}: ${f.summary}${f.detail ? `; ${f.detail}` : ''}`);

  it('refuses an unknown country with a suggestion', async () => {
    expect(await failures({ search: { country: 'UK' } })).toEqual([expect.stringMatching(/^search\.country: "UK" is not a country didops can search; did you mean "GB"\?/)]);
  });

  it('refuses an invalid number, both or neither of number and search, and a bad Contains', async () => {
    expect((await failures({ number: '+1415555' }))[0]).toMatch(/^number: /);
    expect(await failures({ number: "+14155550100", search: { country: "US" } })).toEqual([expect.stringMatching(/^search: give one of `number`, `search` and `adopt`, not `number` and `search`/)]);
    expect(await failures({})).toEqual([expect.stringMatching(/^number: say which number to buy/)]);
    expect((await failures({ search: { country: 'US', contains: 'HE-LP' } }))[0]).toMatch(/^search\.contains: /);
    expect((await failures({ search: { country: 'US' }, friendlyName: 'x'.repeat(50) }))[0]).toMatch(/^friendlyName: .*at most 42 characters/);
    expect((await failures({ search: { country: 'US' }, emergencyAddress: 'AD123' }))[0]).toMatch(/^emergencyAddress: expected a Twilio emergency address SID/);
  });

  it('normalises a number written the way people write it', async () => {
    expect((await checked({ number: '+1 (415) 555-0100' })).number).toBe('+14155550100');
  });
});

describe('emergency addresses', () => {
  const news = { customerName: 'Acme', street: '1 Main St', city: 'San Francisco', region: 'ca', postalCode: '94105', country: 'us' };

  it('creates, reads without drift after Twilio’s corrections, updates in place, and replaces on a new country', async () => {
    const ea = addresses();
    const inputs = (await ea.check({ news })).inputs!;
    expect(inputs.country).toBe('US');
    const { id, outputs } = await ea.create({ inputs, preview: false, identity: { type: 'EmergencyAddress', name: 'office' } });
    expect(outputs).toMatchObject({ validated: true, verified: true, emergencyEnabled: true });
    const state = { ...inputs, ...outputs };
    const read = await ea.read({ id, state });
    expect((await ea.diff({ id, olds: { ...state, ...read!.inputs }, news: inputs })).changes).toBe(false);

    const moved = (await ea.check({ news: { ...news, street: '2 Main St' } })).inputs!;
    expect(await ea.diff({ id, olds: state, news: moved })).toMatchObject({ updates: ['street'], replaces: [] });
    await ea.update({ id, olds: state, news: moved, preview: false });
    expect((await t.client.addresses(id).fetch()).street).toBe('2 Main St');

    const abroad = (await ea.check({ news: { ...news, country: 'CA', region: 'ON', postalCode: 'M5V 2T6', city: 'Toronto' } })).inputs!;
    expect((await ea.diff({ id, olds: state, news: abroad })).replaces).toEqual(['country']);
  });

  it('turns Twilio’s validation errors into errors on the field', async () => {
    const ea = addresses();
    const inputs = (await ea.check({ news: { ...news, street: 'Main St' } })).inputs!;
    await expect(ea.create({ inputs, preview: false, identity: { type: 'EmergencyAddress', name: 'bad' } })).rejects.toMatchObject({
      constructor: ValidationError, field: 'street', summary: expect.stringContaining('house number'),
    });
  });

  it('adopts an address a crashed run created', async () => {
    const ea = addresses();
    const inputs = (await ea.check({ news })).inputs!;
    const first = await ea.create({ inputs, preview: false, identity: { type: 'EmergencyAddress', name: 'crashy' } });
    const second = await ea.create({ inputs, preview: false, identity: { type: 'EmergencyAddress', name: 'crashy' } });
    expect(second.id).toBe(first.id);
  });
});

describe('a replacement that could not find a new number', () => {
  it('fails the preview and keeps the old number, instead of releasing it first', async () => {
    const { state } = await created('nowhere', { search: { country: 'US', areaCode: '415' } });
    const news = await checked({ search: { country: 'US', areaCode: '628', contains: '9999999$', maxPages: 2 } });
    await expect(handler().diff({ id: state.sid, olds: state, news })).rejects.toMatchObject({
      constructor: UnavailableError,
      field: 'search',
      summary: expect.stringContaining('the replacement cannot go ahead: no available number matches the search'),
      detail: expect.stringContaining(`nothing was changed, and ${state.e164} is kept`),
    });
    expect(await ownedNumbers()).toContain(state.e164);
  });
});

describe('console edits that touch what didops owns', () => {
  it('puts back a name (and its ownership marker) that someone changed in the console', async () => {
    const { id, state } = await created('renamed', { search: { country: 'US', areaCode: '415' } });
    const tag = readMarker(state.carrierFriendlyName).tag;
    await t.client.incomingPhoneNumbers(id).update({ friendlyName: 'Hacked' });
    const h = handler();
    const read = (await h.read({ id, state }))!;
    expect(read.inputs?.friendlyName).toBe('Hacked');
    const refreshed = { ...state, ...read.outputs, ...read.inputs } as typeof state;
    const news = await checked({ search: { country: 'US', areaCode: '415' } });
    expect((await h.diff({ id, olds: refreshed, news })).updates).toEqual(['friendlyName']);
    await h.update({ id, olds: refreshed, news, preview: false });
    expect((await t.client.incomingPhoneNumbers(id).fetch()).friendlyName).toBe(`renamed [didops:${tag}]`);
  });

  it('leaves alone the settings an adopted number had and the code does not declare', async () => {
    const live = await t.client.incomingPhoneNumbers.create({ areaCode: '646', friendlyName: 'Reception', voiceUrl: 'https://example.com/live' });
    const h = handler();
    const inputs = await checked({ adopt: live.sid });
    const { outputs } = await h.create({ inputs, preview: false, identity: identity('reception') });
    const state = { ...inputs, ...outputs };
    const read = (await h.read({ id: live.sid, state }))!;
    expect(read.inputs?.voice).toBeUndefined();
    expect((await h.diff({ id: live.sid, olds: { ...state, ...read.outputs, ...read.inputs } as typeof state, news: inputs })).changes).toBe(false);
    expect((await t.client.incomingPhoneNumbers(live.sid).fetch()).voiceUrl).toBe('https://example.com/live');
  });
});

describe('many resources with the same search, created at once (Pulumi runs them in parallel)', () => {
  it('buys one distinct number each, none failing for lack of matches', async () => {
    const h = handler();
    const inputs = await checked({ search: { country: 'US', areaCode: '312' } });
    const before = (await ownedNumbers()).length;
    // Purchases that take as long as they do at Twilio, so that the searches overlap.
    t.sandbox.context.faults.configure([{ method: 'POST', path: '/api/*/IncomingPhoneNumbers.json', latencyMs: 150 }]);
    const made = await Promise.all(Array.from({ length: 16 }, (_, i) => h.create({ inputs, preview: false, identity: identity(`pool-${i}`) })));
    expect(new Set(made.map((m) => m.outputs.e164)).size).toBe(16);
    expect((await ownedNumbers()).length).toBe(before + 16);
  });
});
