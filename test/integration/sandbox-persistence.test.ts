/** State survives a restart with the same data dir; a data dir built for other settings is refused clearly. */
import { startTestSandbox, TEST_INVENTORY_SIZE } from '../support/sandbox';
import { startSandbox } from '../../src/sandbox/server';

describe('a sandbox restarted on the same data dir', () => {
  it('keeps purchases, addresses and flows, and still knows what is no longer available', async () => {
    const first = await startTestSandbox();
    const bought = await first.client.incomingPhoneNumbers.create({ areaCode: '415', friendlyName: 'kept' });
    const address = await first.client.addresses.create({ customerName: 'Acme', street: '1 Main St', city: 'San Francisco', region: 'CA', postalCode: '94105', isoCountry: 'US' });
    await first.close({ keepData: true });

    const second = await startTestSandbox({ dataDir: first.dataDir });
    try {
      expect((await second.client.incomingPhoneNumbers(bought.sid).fetch()).friendlyName).toBe('kept');
      expect((await second.client.addresses(address.sid).fetch()).customerName).toBe('Acme');
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
