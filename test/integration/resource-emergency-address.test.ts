/**
 * The EmergencyAddress handler with the PhoneNumbers registered at it, through the official SDKs against the sandbox,
 * on Twilio and on Telnyx. Telnyx cannot change an address, so there a changed street is a replacement, created
 * before the old one is deleted, with the numbers moved in between, as the engines order a create-first replacement.
 */
import type { EmergencyAddressInputs, EmergencyAddressOutputs } from '../../src/resources';
import { ValidationError } from '../../src/core/errors';
import { CARRIERS, carriersUnderTest, created, RESOURCE_SANDBOX, type CarrierUnderTest } from '../support/carrier-resources';
import { useTestSandbox } from '../support/sandbox';

const t = useTestSandbox(RESOURCE_SANDBOX);
const carriers = carriersUnderTest(t);

const office = { customerName: 'Acme', street: '1 Main St', city: 'San Francisco', region: 'ca', postalCode: '94105', country: 'us' };
const addressIdentity = (name: string) => ({ type: 'didops:index:EmergencyAddress', name });

/** An address created through `c`'s handler; the state is inputs and outputs together. */
async function addressCreated(c: CarrierUnderTest, name: string, news: unknown) {
  const ea = c.addresses();
  const inputs = (await ea.check({ news })).inputs!;
  const { id, outputs } = await ea.create({ inputs, preview: false, identity: addressIdentity(name) });
  return { id, inputs, state: { ...inputs, ...outputs } as EmergencyAddressInputs & EmergencyAddressOutputs };
}

describe.each(CARRIERS)('emergency addresses on %s', (name) => {
  const c = carriers[name];

  it('creates, reads without drift after the carrier’s corrections, and replaces on a new country', async () => {
    const ea = c.addresses();
    const { id, inputs, state } = await addressCreated(c, 'office', office);
    expect(inputs.country).toBe('US');
    expect(state.emergencyEnabled).toBe(true);
    if (name === 'twilio') expect(state).toMatchObject({ validated: true, verified: true });
    const read = await ea.read({ id, state });
    expect((await ea.diff({ id, olds: { ...state, ...read!.inputs }, news: inputs })).changes).toBe(false);

    const abroad = (await ea.check({ news: { ...office, country: 'CA', region: 'ON', postalCode: 'M5V 2T6', city: 'Toronto' } })).inputs!;
    expect(await ea.diff({ id, olds: state, news: abroad })).toMatchObject({ replaces: expect.arrayContaining(['country']) });
  });

  it('adopts an address a crashed run created', async () => {
    const first = await addressCreated(c, 'crashy', office);
    const second = await addressCreated(c, 'crashy', office);
    expect(second.id).toBe(first.id);
  });

  it('detaches the emergency address before releasing a number, so release never fails half-way', async () => {
    const ea = c.addresses();
    const hq = await addressCreated(c, 'hq', office);
    const { id, state } = await created(c, 'e911', { search: { country: 'US', areaCode: '415' }, emergencyAddress: hq.id });
    expect(state.emergencyStatus).toBe('Active');

    await expect(ea.delete({ id: hq.id, state: hq.state })).rejects.toThrow(`still uses it: ${state.e164}`);

    await c.handler().delete({ id, state });
    expect(await c.owned()).not.toContain(state.e164);
    await ea.delete({ id: hq.id, state: hq.state });
    await expect(c.addressExists(hq.id)).resolves.toBe(false);
  });
});

describe('a moved office on twilio: the street changes in place', () => {
  const c = carriers.twilio;

  it('updates the address, and the numbers keep their registration', async () => {
    const ea = c.addresses();
    const { id, state } = await addressCreated(c, 'moved-twilio', office);
    const moved = (await ea.check({ news: { ...office, street: '2 Main St' } })).inputs!;
    expect(await ea.diff({ id, olds: state, news: moved })).toMatchObject({ updates: ['street'], replaces: [] });
    await ea.update({ id, olds: state, news: moved, preview: false });
    expect((await t.client.addresses(id).fetch()).street).toBe('2 Main St');
  });

  it('turns Twilio’s validation errors into errors on the field', async () => {
    const ea = c.addresses();
    const inputs = (await ea.check({ news: { ...office, street: 'Main St' } })).inputs!;
    await expect(ea.create({ inputs, preview: false, identity: addressIdentity('bad') })).rejects.toMatchObject({
      constructor: ValidationError, field: 'street', summary: expect.stringContaining('house number'),
    });
  });
});

describe('a moved office on telnyx, which cannot change an address: a replacement, created first', () => {
  const c = carriers.telnyx;

  it('plans a replacement that says what happens to the numbers, creates the new address, moves the number, then deletes the old one', async () => {
    const ea = c.addresses();
    const old = await addressCreated(c, 'moved-telnyx', office);
    const line = await created(c, 'moved-line', { search: { country: 'US', areaCode: '415' }, emergencyAddress: old.id });

    const movedInputs = (await ea.check({ news: { ...office, street: '2 Main St' } })).inputs!;
    const plan = await ea.diff({ id: old.id, olds: old.state, news: movedInputs });
    expect(plan).toMatchObject({ changes: true, replaces: ['street'], updates: [] });
    // Create first: the number still registered at the old address keeps it until it is moved.
    expect(plan.deleteBeforeReplace ?? false).toBe(false);
    expect(plan.explanation.join('\n')).toMatch(/street: .*\(replace\).*no address update.*new address is created first.*re-registered at the new one.*deleted last/);

    // The engine's order: the replacement (same resource, so the same ownership tag) is created next to the old one…
    const { id: newId, outputs } = await ea.create({ inputs: movedInputs, preview: false, identity: addressIdentity('moved-telnyx') });
    expect(newId).not.toBe(old.id);
    await expect(c.addressExists(old.id)).resolves.toBe(true);
    // …and a re-run of that create (a crash before the engine recorded it) finds it, not the old one.
    expect((await ea.create({ inputs: movedInputs, preview: false, identity: addressIdentity('moved-telnyx') })).id).toBe(newId);

    // Deleting the old one before the number moved (Terraform's default order) is refused, and nothing is lost.
    await expect(ea.delete({ id: old.id, state: old.state })).rejects.toThrow(`still uses it: ${line.state.e164}`);

    // The number's `emergencyAddress` (the address's sid) changes: an in-place update re-registers it.
    const numbers = c.handler();
    const lineNews = { ...line.inputs, emergencyAddress: newId };
    expect(await numbers.diff({ id: line.id, olds: line.state, news: lineNews })).toMatchObject({ replaces: [], updates: ['emergencyAddress'] });
    await numbers.update({ id: line.id, olds: line.state, news: lineNews, preview: false });
    await ea.delete({ id: old.id, state: old.state });

    await expect(c.addressExists(old.id)).resolves.toBe(false);
    const now = await ea.read({ id: newId, state: { ...movedInputs, ...outputs } });
    expect(now?.inputs).toMatchObject({ street: '2 Main St' });
    expect((await numbers.read({ id: line.id, state: { ...line.state, ...lineNews } }))?.inputs?.emergencyAddress).toBe(newId);
  });
});
