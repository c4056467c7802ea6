/** State survives a restart with the same data dir; a data dir built for other settings is refused clearly. */
import { startTestSandbox, TEST_INVENTORY_SIZE } from '../support/sandbox';
import { startSandbox } from '../../src/sandbox/server';

describe('a sandbox restarted on the same data dir', () => {
  it('keeps purchases, addresses and flows, and still knows what is no longer available', async () => {
    const first = await startTestSandbox();
    const bought = await first.client.incomingPhoneNumbers.create({ areaCode: '415', friendlyName: 'kept' });
    const address = await first.client.addresses.create({ customerName: 'Acme', street: '1 Main St', city: 'San Francisco', region: 'CA', postalCode: '94105', isoCountry: 'US' });
    const definition = { initial_state: 'Trigger', states: [{ name: 'Trigger', type: 'trigger', properties: {}, transitions: [{ event: 'incomingCall' }] }] };
    const flow = await first.client.studio.v2.flows.create({ friendlyName: 'kept flow', status: 'published', definition });
    await first.client.studio.v2.flows(flow.sid).update({ status: 'draft', commitMessage: 'second' });
    await first.close({ keepData: true });

    const second = await startTestSandbox({ dataDir: first.dataDir });
    try {
      expect((await second.client.incomingPhoneNumbers(bought.sid).fetch()).friendlyName).toBe('kept');
      expect((await second.client.addresses(address.sid).fetch()).customerName).toBe('Acme');
      const reopened = await second.client.studio.v2.flows(flow.sid).fetch();
      expect(reopened).toMatchObject({ friendlyName: 'kept flow', revision: 2, status: 'draft', commitMessage: 'second' });
      expect(reopened.definition).toEqual(definition);
      // Creation counters survive too: a new number pages after the old one.
      const next = await second.client.incomingPhoneNumbers.create({ areaCode: '212' });
      expect((await second.client.incomingPhoneNumbers.list()).map((n) => n.sid)).toEqual([bought.sid, next.sid]);
      const search = await second.client.availablePhoneNumbers('US').local.list({ contains: `+${bought.phoneNumber.slice(1)}` });
      expect(search).toHaveLength(0);
    } finally {
      await second.close();
      require('node:fs').rmSync(first.dataDir, { recursive: true, force: true });
    }
  });

  it('refuses a data dir built with another seed, saying how to fix it', async () => {
    const first = await startTestSandbox();
    await first.close({ keepData: true });
    await expect(startSandbox({ dataDir: first.dataDir, seed: 12345, inventorySize: TEST_INVENTORY_SIZE })).rejects.toThrow(/seed 7, expected 12345.*--data-dir/s);
    require('node:fs').rmSync(first.dataDir, { recursive: true, force: true });
  });
});
