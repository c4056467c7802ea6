/** Addresses through the real twilio SDK, including emergency-address validation. */
import { useTestSandbox } from '../support/sandbox';

const t = useTestSandbox();

const hq = { customerName: 'Acme', street: '1 Main St', city: 'San Francisco', region: 'ca', postalCode: '94105', isoCountry: 'US' };

describe('a team keeping its emergency addresses', () => {
  it('creates an emergency address, auto-corrected and verified', async () => {
    const a = await t.client.addresses.create({ ...hq, emergencyEnabled: true, friendlyName: 'HQ' });
    expect(a.sid).toMatch(/^AD[0-9a-f]{32}$/);
    expect(a).toMatchObject({ region: 'CA', emergencyEnabled: true, validated: true, verified: true, friendlyName: 'HQ' });
    expect((await t.client.addresses(a.sid).fetch()).street).toBe('1 Main St');
  });

  it('refuses an emergency address that could not be dispatched, naming the field', async () => {
    await expect(t.client.addresses.create({ ...hq, postalCode: '9410', emergencyEnabled: true })).rejects.toMatchObject({
      status: 400, message: expect.stringContaining('PostalCode'),
    });
    await expect(t.client.addresses.create({ ...hq, street: 'Main St', emergencyEnabled: true })).rejects.toMatchObject({
      message: expect.stringContaining('house number'),
    });
    await expect(t.client.addresses.create({ ...hq, region: 'XX', emergencyEnabled: true })).rejects.toMatchObject({ message: expect.stringContaining('Region') });
  });

  it('stores an ordinary address that fails validation, flagged as not validated', async () => {
    const a = await t.client.addresses.create({ ...hq, postalCode: 'ABCDE' });
    expect(a).toMatchObject({ validated: false, verified: false, emergencyEnabled: false });
  });

  it('requires every mandatory field and a real country', async () => {
    await expect(t.client.addresses.create({ ...hq, city: '' })).rejects.toMatchObject({ status: 400, message: expect.stringContaining('City') });
    await expect(t.client.addresses.create({ ...hq, isoCountry: 'UK' })).rejects.toMatchObject({ message: expect.stringContaining('IsoCountry') });
  });

  it('updates, lists with filters, and deletes', async () => {
    const a = await t.client.addresses.create({ ...hq, customerName: 'Filter Co' });
    const updated = await t.client.addresses(a.sid).update({ street: '2 Main St', emergencyEnabled: true });
    expect(updated).toMatchObject({ street: '2 Main St', emergencyEnabled: true, verified: true });
    const listed = await t.client.addresses.list({ customerName: 'Filter Co' });
    expect(listed.map((x) => x.sid)).toEqual([a.sid]);
    expect((await t.client.addresses.list({ emergencyEnabled: true })).length).toBeGreaterThanOrEqual(2);
    expect(await t.client.addresses(a.sid).remove()).toBe(true);
    await expect(t.client.addresses(a.sid).fetch()).rejects.toMatchObject({ status: 404 });
  });
});
