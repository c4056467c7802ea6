/** IncomingPhoneNumbers through the real twilio SDK: buy, update, release, list, and the inventory that follows. */
import { useTestSandbox } from '../support/sandbox';

let clock = Date.parse('2026-11-23T12:00:00Z');
const t = useTestSandbox({ now: () => clock, releaseCooldownMs: 60_000 });

describe('a team buying and managing numbers', () => {
  it('buys a searched number, which then leaves the available inventory', async () => {
    const [candidate] = await t.client.availablePhoneNumbers('US').local.list({ areaCode: 415, limit: 1 });
    const bought = await t.client.incomingPhoneNumbers.create({ phoneNumber: candidate.phoneNumber, friendlyName: 'Support line' });
    expect(bought.sid).toMatch(/^PN[0-9a-f]{32}$/);
    expect(bought.phoneNumber).toBe(candidate.phoneNumber);
    expect(bought.friendlyName).toBe('Support line');
    expect(bought.status).toBe('in-use');
    const again = await t.client.availablePhoneNumbers('US').local.list({ contains: `+${candidate.phoneNumber.slice(1)}` });
    expect(again).toHaveLength(0);
    await expect(t.client.incomingPhoneNumbers.create({ phoneNumber: candidate.phoneNumber })).rejects.toMatchObject({ status: 400, code: 21422 });
  });

  it('buys the first available number of an area code', async () => {
    const bought = await t.client.incomingPhoneNumbers.create({ areaCode: '212' });
    expect(bought.phoneNumber).toMatch(/^\+1212/);
    await expect(t.client.incomingPhoneNumbers.create({ areaCode: '999' })).rejects.toMatchObject({ status: 400, code: 21452 });
  });

  it('refuses an invalid number with 21421 and an unknown one with 21422', async () => {
    await expect(t.client.incomingPhoneNumbers.create({ phoneNumber: '+1415' })).rejects.toMatchObject({ status: 400, code: 21421 });
    await expect(t.client.incomingPhoneNumbers.create({ phoneNumber: '415-555-0100' })).rejects.toMatchObject({ code: 21421 });
    await expect(t.client.incomingPhoneNumbers.create({ phoneNumber: '+14155550100' })).rejects.toMatchObject({ code: 21422 });
    await expect(t.client.incomingPhoneNumbers.create({})).rejects.toMatchObject({ status: 400, message: expect.stringContaining('PhoneNumber') });
  });

  it('buys through the type-specific endpoint only numbers of that type', async () => {
    const [tf] = await t.client.availablePhoneNumbers('US').tollFree.list({ limit: 1 });
    await expect(t.client.incomingPhoneNumbers.local.create({ phoneNumber: tf.phoneNumber })).rejects.toMatchObject({ code: 21422 });
    const bought = await t.client.incomingPhoneNumbers.tollFree.create({ phoneNumber: tf.phoneNumber });
    expect(bought.phoneNumber).toBe(tf.phoneNumber);
    const tollFreeOwned = await t.client.incomingPhoneNumbers.tollFree.list();
    expect(tollFreeOwned.map((n) => n.phoneNumber)).toEqual([tf.phoneNumber]);
  });

  it('updates voice URLs, friendly name, trunk and bundle in place, and validates each', async () => {
    const bought = await t.client.incomingPhoneNumbers.create({ areaCode: '312' });
    const updated = await t.client.incomingPhoneNumbers(bought.sid).update({
      voiceUrl: 'https://example.com/voice', voiceMethod: 'GET', voiceFallbackUrl: 'https://example.com/fallback',
      statusCallback: 'https://example.com/status', friendlyName: 'Chicago office',
      trunkSid: 'TK' + 'a'.repeat(32), bundleSid: 'BU' + 'b'.repeat(32),
    });
    expect(updated).toMatchObject({ voiceUrl: 'https://example.com/voice', voiceMethod: 'GET', friendlyName: 'Chicago office', trunkSid: 'TK' + 'a'.repeat(32) });
    const fetched = await t.client.incomingPhoneNumbers(bought.sid).fetch();
    expect(fetched.voiceFallbackUrl).toBe('https://example.com/fallback');
    expect(fetched.bundleSid).toBe('BU' + 'b'.repeat(32));
    await expect(t.client.incomingPhoneNumbers(bought.sid).update({ voiceUrl: 'not a url' })).rejects.toMatchObject({ status: 400, message: expect.stringContaining('VoiceUrl') });
    await expect(t.client.incomingPhoneNumbers(bought.sid).update({ voiceMethod: 'PUT' as 'GET' })).rejects.toMatchObject({ message: expect.stringContaining('VoiceMethod') });
    await expect(t.client.incomingPhoneNumbers(bought.sid).update({ trunkSid: 'TK123' })).rejects.toMatchObject({ message: expect.stringContaining('TrunkSid') });
  });

  it('attaches an emergency address, refuses release until it is detached, then releases', async () => {
    const address = await t.client.addresses.create({
      customerName: 'Acme', street: '1 Main St', city: 'San Francisco', region: 'CA', postalCode: '94105', isoCountry: 'US', emergencyEnabled: true,
    });
    const number = await t.client.incomingPhoneNumbers.create({ areaCode: '415' });
    const withE911 = await t.client.incomingPhoneNumbers(number.sid).update({ emergencyAddressSid: address.sid });
    expect(withE911.emergencyAddressSid).toBe(address.sid);
    expect(withE911.emergencyStatus).toBe('Active');
    expect(withE911.emergencyAddressStatus).toBe('registered');
    await expect(t.client.incomingPhoneNumbers(number.sid).remove()).rejects.toMatchObject({ status: 400, message: expect.stringContaining('emergency address') });
    await expect(t.client.addresses(address.sid).remove()).rejects.toMatchObject({ status: 400, message: expect.stringContaining(number.phoneNumber) });
    await t.client.incomingPhoneNumbers(number.sid).update({ emergencyAddressSid: '' });
    expect(await t.client.incomingPhoneNumbers(number.sid).remove()).toBe(true);
    await expect(t.client.incomingPhoneNumbers(number.sid).fetch()).rejects.toMatchObject({ status: 404, code: 20404 });
    expect(await t.client.addresses(address.sid).remove()).toBe(true);
  });

  it('returns a released number to the inventory after the cooling-down period', async () => {
    const number = await t.client.incomingPhoneNumbers.create({ areaCode: '646' });
    await t.client.incomingPhoneNumbers(number.sid).remove();
    const exact = { contains: `+${number.phoneNumber.slice(1)}` };
    expect(await t.client.availablePhoneNumbers('US').local.list(exact)).toHaveLength(0);
    clock += 61_000;
    expect(await t.client.availablePhoneNumbers('US').local.list(exact)).toHaveLength(1);
    const rebought = await t.client.incomingPhoneNumbers.create({ phoneNumber: number.phoneNumber });
    expect(rebought.sid).not.toBe(number.sid);
  });

  it('requires a local address for numbers that need one, and keeps it', async () => {
    const [needy] = await t.client.availablePhoneNumbers('DE').local.list({ limit: 1 });
    expect(needy.addressRequirements).toBe('local');
    await expect(t.client.incomingPhoneNumbers.create({ phoneNumber: needy.phoneNumber })).rejects.toMatchObject({ status: 400, code: 21631 });
    const paris = await t.client.addresses.create({ customerName: 'Acme SAS', street: '1 Rue de Rivoli', city: 'Paris', region: 'IDF', postalCode: '75001', isoCountry: 'FR' });
    await expect(t.client.incomingPhoneNumbers.create({ phoneNumber: needy.phoneNumber, addressSid: paris.sid })).rejects.toMatchObject({ code: 21631 });
    const berlin = await t.client.addresses.create({ customerName: 'Acme GmbH', street: '1 Unter den Linden', city: 'Berlin', region: 'Berlin', postalCode: '10117', isoCountry: 'DE' });
    const bought = await t.client.incomingPhoneNumbers.create({ phoneNumber: needy.phoneNumber, addressSid: berlin.sid });
    expect(bought.addressSid).toBe(berlin.sid);
    await expect(t.client.incomingPhoneNumbers(bought.sid).update({ addressSid: '' })).rejects.toMatchObject({ status: 400, code: 21631 });
    await expect(t.client.addresses(berlin.sid).remove()).rejects.toMatchObject({ status: 400, message: expect.stringContaining(needy.phoneNumber) });
  });

  it('lists owned numbers page by page and filters by friendly name and partial number', async () => {
    for (let i = 0; i < 7; i++) await t.client.incomingPhoneNumbers.create({ areaCode: '305', friendlyName: `Miami ${i}` });
    const all = await t.client.incomingPhoneNumbers.list({ pageSize: 3 });
    expect(new Set(all.map((n) => n.sid)).size).toBe(all.length);
    expect(all.length).toBeGreaterThanOrEqual(10);
    await expect(t.client.incomingPhoneNumbers.list({ origin: 'elsewhere' })).rejects.toMatchObject({ status: 400, message: expect.stringContaining('Origin') });
    const named = await t.client.incomingPhoneNumbers.list({ friendlyName: 'Miami 3' });
    expect(named).toHaveLength(1);
    const partial = await t.client.incomingPhoneNumbers.list({ phoneNumber: '1305' });
    expect(partial).toHaveLength(7);
  });
});
