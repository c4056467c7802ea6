/**
 * The PhoneNumber handler through the official SDKs against the sandbox, on Twilio and on Telnyx: the same stories
 * on both, with what only Twilio has (names on numbers, GET webhooks) told only there. Faults and exactly-once
 * purchases: resource-phone-number-faults.test.ts; emergency addresses: resource-emergency-address.test.ts.
 */
import { readMarker } from '../../src/resources';
import { ConflictError, UnavailableError } from '../../src/core/errors';
import { CARRIERS, carriersUnderTest, checked, created, identity, RESOURCE_SANDBOX } from '../support/carrier-resources';
import { useTestSandbox } from '../support/sandbox';

const t = useTestSandbox(RESOURCE_SANDBOX);
const carriers = carriersUnderTest(t);

afterEach(() => t.sandbox.context.faults.configure([]));

describe.each(CARRIERS)('on %s', (name) => {
  const c = carriers[name];
  /** A name for the number, where the carrier keeps one. */
  const named = (friendlyName: string) => (c.keepsNames ? { friendlyName } : {});

  describe('a platform team declaring its support line', () => {
    it('buys the first available 415 number spelling PS (77), configured in the same purchase, and marks it as didops’', async () => {
      const { id, state } = await created(c, 'support', {
        search: { country: 'US', type: 'local', areaCode: '415', contains: 'PS', capabilities: ['voice'] },
        ...named('Support line'),
        voice: { url: 'https://example.com/voice' },
      });
      expect(id).toMatch(c.numberId);
      expect(state.e164).toMatch(/^\+1415/);
      expect(state.e164.slice(2)).toContain('77');
      expect(state).toMatchObject({ country: 'US', region: 'CA', type: 'local', status: c.activeStatus, currency: 'USD' });
      expect(state.monthlyPrice).toBeGreaterThan(0);
      expect(state.capabilities.voice).toBe(true);
      expect(state.ownershipTag).toMatch(/^[a-z2-7]{12}$/);
      await expect(c.liveTagOf(id)).resolves.toBe(state.ownershipTag);
      if (c.keepsNames) expect(readMarker(state.carrierFriendlyName)).toEqual({ name: 'Support line', tag: state.ownershipTag });
      await expect(c.voiceUrlOf(id)).resolves.toBe('https://example.com/voice');
      // One purchase bought and configured the number: nothing can be left half-done, nothing was bought twice.
      await expect(c.purchasesFor(state.ownershipTag!)).resolves.toBe(1);
      if (name === 'twilio') expect(t.http.exchanges.filter((x) => x.method === 'POST' && x.url.includes('IncomingPhoneNumbers')).length).toBe(1);
    });

    it('keeps the number when the criteria change but still fit, and replaces it in plain words when they do not', async () => {
      const { state } = await created(c, 'sales', { search: { country: 'US', areaCode: '415' } });
      const h = c.handler();
      const stillFits = await h.diff({ id: state.sid, olds: state, news: await checked(c, { search: { country: 'US', region: 'California', capabilities: ['voice'] } }) });
      // Only the recorded criteria change: an update with nothing to send to the carrier.
      expect(stillFits).toMatchObject({ changes: true, replaces: [], updates: ['search'] });
      expect(stillFits.explanation.join('\n')).toContain('still satisfies it; only the recorded criteria change, the number is kept');
      const exact = await h.diff({ id: state.sid, olds: state, news: await checked(c, { number: state.e164 }) });
      expect(exact).toMatchObject({ replaces: [], updates: ['number'] });

      const moved = await h.diff({ id: state.sid, olds: state, news: await checked(c, { search: { country: 'US', areaCode: '628' } }) });
      expect(moved).toMatchObject({ changes: true, replaces: ['search'], deleteBeforeReplace: true });
      expect(moved.explanation[0]).toContain(`the owned number ${state.e164} no longer fits (it is not in area code 628)`);
      expect(moved.explanation[0]).toContain('released first');
    });

    it('changes the webhooks (and, where numbers have names, the name) in place, keeping the ownership marker', async () => {
      const { id, state } = await created(c, 'billing', { search: { country: 'US', areaCode: '212' }, voice: { url: 'https://example.com/a' } });
      // Telnyx posts every webhook: GET is a Twilio-only setting.
      const news = await checked(c, { search: { country: 'US', areaCode: '212' }, ...named('Billing'), voice: { url: 'https://example.com/b', ...(name === 'twilio' ? { method: 'GET' } : {}) } });
      const diff = await c.handler().diff({ id, olds: state, news });
      expect(diff).toMatchObject({ changes: true, replaces: [], updates: c.keepsNames ? ['friendlyName', 'voice'] : ['voice'] });
      const { outputs } = await c.handler().update({ id, olds: state, news, preview: false });
      if (c.keepsNames) expect(readMarker(outputs.carrierFriendlyName)).toEqual({ name: 'Billing', tag: state.ownershipTag });
      await expect(c.voiceUrlOf(id)).resolves.toBe('https://example.com/b');
      await expect(c.liveTagOf(id)).resolves.toBe(state.ownershipTag);
      if (name === 'twilio') expect((await t.client.incomingPhoneNumbers(id).fetch()).voiceMethod).toBe('GET');
    });

    it('reports drift field by field on refresh, and forgets a number released outside code', async () => {
      const { id, state } = await created(c, 'drift', { search: { country: 'US', areaCode: '646' }, ...named('Drift'), voice: { url: 'https://example.com/voice' } });
      const h = c.handler();
      const unchanged = await h.read({ id, state });
      expect(unchanged?.inputs).toEqual({ search: state.search, ...named('Drift'), voice: state.voice, retainOnDelete: false });

      await c.setVoiceUrlByHand(id, 'https://console.example/changed');
      const drifted = await h.read({ id, state });
      expect(drifted?.inputs?.voice?.url).toBe('https://console.example/changed');
      const diff = await h.diff({ id, olds: { ...state, ...drifted!.outputs, ...drifted!.inputs }, news: state });
      expect(diff.updates).toEqual(['voice']);

      await c.releaseByHand(id);
      expect(await h.read({ id, state })).toBeNull();
      // Deleting what is already gone succeeds: delete must be safe to repeat.
      await expect(h.delete({ id, state })).resolves.toBeUndefined();
    });

    it('imports a number by id or by E.164 so that the first diff is empty', async () => {
      const bought = await c.buyByHand('305', 'https://example.com/hand');
      const h = c.handler();
      for (const id of [bought.id, bought.e164]) {
        const imported = await h.import({ id });
        expect(imported.id).toBe(bought.id);
        expect(imported.inputs).toMatchObject({ number: bought.e164, ...named('Bought by hand'), voice: { url: 'https://example.com/hand' } });
        const news = await checked(c, imported.inputs);
        const diff = await h.diff({ id: imported.id, olds: { ...imported.inputs, ...imported.outputs }, news });
        expect(diff.changes).toBe(false);
      }
      await expect(h.import({ id: '+14155550000' })).rejects.toThrow(`not a number of this ${name === 'twilio' ? 'Twilio' : 'Telnyx'} account`);
    });

    it('refuses to buy a number the account already owns, pointing at adopt', async () => {
      const bought = await c.buyByHand('718');
      const inputs = await checked(c, { number: bought.e164 });
      await expect(c.handler().create({ inputs, preview: false, identity: identity('dup') })).rejects.toMatchObject({
        constructor: ConflictError, field: 'number', detail: expect.stringContaining(`set \`adopt\` to "${bought.id}"`),
      });
    });
  });

  describe('releasing', () => {
    it('keeps a retained number but takes it out of didops’ hands', async () => {
      const { id, state } = await created(c, 'keep', { search: { country: 'US', areaCode: '415' }, ...named('Keep me'), retainOnDelete: true });
      await c.handler().delete({ id, state });
      await expect(c.owned()).resolves.toContain(state.e164);
      await expect(c.liveTagOf(id)).resolves.toBeUndefined();
      if (c.keepsNames) expect((await t.client.incomingPhoneNumbers(id).fetch()).friendlyName).toBe('Keep me');
      // Without its marker, a later resource with the same name buys afresh rather than adopting it.
      const again = await created(c, 'keep', { search: { country: 'US', areaCode: '415' } });
      expect(again.id).not.toBe(id);
    });
  });

  describe('a replacement that could not find a new number', () => {
    it('fails the preview and keeps the old number, instead of releasing it first', async () => {
      const { state } = await created(c, 'nowhere', { search: { country: 'US', areaCode: '415' } });
      const news = await checked(c, { search: { country: 'US', areaCode: '628', contains: '9999999$', maxPages: 2 } });
      await expect(c.handler().diff({ id: state.sid, olds: state, news })).rejects.toMatchObject({
        constructor: UnavailableError,
        field: 'search',
        summary: expect.stringContaining('the replacement cannot go ahead: no available number matches the search'),
        detail: expect.stringContaining(`nothing was changed, and ${state.e164} is kept`),
      });
      expect(await c.owned()).toContain(state.e164);
    });
  });

  describe('console edits that touch what didops owns', () => {
    it('leaves alone the settings an adopted number had and the code does not declare', async () => {
      const live = await c.buyByHand('646', 'https://example.com/live');
      const h = c.handler();
      const inputs = await checked(c, { adopt: live.id });
      const { outputs } = await h.create({ inputs, preview: false, identity: identity('reception') });
      const state = { ...inputs, ...outputs };
      const read = (await h.read({ id: live.id, state }))!;
      expect(read.inputs?.voice).toBeUndefined();
      expect((await h.diff({ id: live.id, olds: { ...state, ...read.outputs, ...read.inputs } as typeof state, news: inputs })).changes).toBe(false);
      await expect(c.voiceUrlOf(live.id)).resolves.toBe('https://example.com/live');
    });
  });

  describe('many resources with the same search, created at once (Pulumi runs them in parallel)', () => {
    it('buys one distinct number each, none failing for lack of matches', async () => {
      const h = c.handler();
      const inputs = await checked(c, { search: { country: 'US', areaCode: '312' } });
      const before = (await c.owned()).length;
      // Purchases that take as long as they do at the carrier, so that the searches overlap.
      t.sandbox.context.faults.configure([{ ...c.purchaseRequest, latencyMs: 150 }]);
      const made = await Promise.all(Array.from({ length: 16 }, (_, i) => h.create({ inputs, preview: false, identity: identity(`pool-${i}`) })));
      expect(new Set(made.map((m) => m.outputs.e164)).size).toBe(16);
      expect((await c.owned()).length).toBe(before + 16);
    });
  });
});

describe('on twilio only: names on numbers', () => {
  const c = carriers.twilio;

  it('puts back a name (and its ownership marker) that someone changed in the console', async () => {
    const { id, state } = await created(c, 'renamed', { search: { country: 'US', areaCode: '415' } });
    const tag = readMarker(state.carrierFriendlyName).tag;
    await t.client.incomingPhoneNumbers(id).update({ friendlyName: 'Hacked' });
    const h = c.handler();
    const read = (await h.read({ id, state }))!;
    expect(read.inputs?.friendlyName).toBe('Hacked');
    const refreshed = { ...state, ...read.outputs, ...read.inputs } as typeof state;
    const news = await checked(c, { search: { country: 'US', areaCode: '415' } });
    expect((await h.diff({ id, olds: refreshed, news })).updates).toEqual(['friendlyName']);
    await h.update({ id, olds: refreshed, news, preview: false });
    expect((await t.client.incomingPhoneNumbers(id).fetch()).friendlyName).toBe(`renamed [didops:${tag}]`);
  });

});

describe('checks that name the field and the fix, before anything is bought', () => {
  const failures = async (news: unknown) => (await carriers.twilio.handler().check({ news })).failures.map((f) => `${f.field}: ${f.summary}${f.detail ? `; ${f.detail}` : ''}`);

  it('refuses an unknown country with a suggestion', async () => {
    expect(await failures({ search: { country: 'UK' } })).toEqual([expect.stringMatching(/^search\.country: "UK" is not a country didops can search; did you mean "GB"\?/)]);
  });

  it('refuses an invalid number, both or neither of number and search, and a bad Contains', async () => {
    expect((await failures({ number: '+1415555' }))[0]).toMatch(/^number: /);
    expect(await failures({ number: '+14155550100', search: { country: 'US' } })).toEqual([expect.stringMatching(/^search: give one of `number`, `search` and `adopt`, not `number` and `search`/)]);
    expect(await failures({})).toEqual([expect.stringMatching(/^number: say which number to buy/)]);
    expect((await failures({ search: { country: 'US', contains: 'HE-LP' } }))[0]).toMatch(/^search\.contains: /);
    expect((await failures({ search: { country: 'US' }, friendlyName: 'x'.repeat(50) }))[0]).toMatch(/^friendlyName: .*at most 42 characters/);
    expect((await failures({ search: { country: 'US' }, emergencyAddress: 'AD123' }))[0]).toMatch(/^emergencyAddress: expected a Twilio emergency address SID/);
  });

  it('normalises a number written the way people write it', async () => {
    expect((await checked(carriers.twilio, { number: '+1 (415) 555-0100' })).number).toBe('+14155550100');
  });
});
