/** Telnyx state survives a restart on the same data dir, as the Twilio state does. */
import { rmSync } from 'node:fs';
import { startTestSandbox } from '../support/sandbox';
import { eventually, sleep, telnyxClient } from '../support/telnyx';

describe('a sandbox restarted on the same data dir (Telnyx)', () => {
  it('keeps numbers, orders, addresses and the webhook key, and completes an order left pending', async () => {
    const first = await startTestSandbox({ telnyx: { orderDelayMs: 50 } });
    const a = telnyxClient(first.sandbox).client;
    const found = await a.availablePhoneNumbers.list({ filter: { national_destination_code: '415', limit: 2 } });
    const [kept, pendingNumber] = found.data!.map((n) => n.phone_number!);
    const { data: done } = await a.numberOrders.create({ phone_numbers: [{ phone_number: kept }], customer_reference: 'kept' });
    await sleep(120);
    const [owned] = (await a.phoneNumbers.list({ filter: { customer_reference: 'kept' } })).data;
    await a.phoneNumbers.update(owned.id, { tags: ['persisted'] });
    const { data: address } = await a.addresses.create({ business_name: 'Acme', first_name: 'A', last_name: 'L', street_address: '1 Main St', locality: 'SF', country_code: 'US' });
    first.sandbox.context.telnyx.orderDelayMs = 60_000;
    const { data: pending } = await a.numberOrders.create({ phone_numbers: [{ phone_number: pendingNumber }] });
    const publicKey = first.sandbox.telnyxPublicKey;
    await first.close({ keepData: true });

    // Restarted with a short delay and a clock an hour ahead: the pending order is overdue and completes on the first look.
    const second = await startTestSandbox({ dataDir: first.dataDir, now: () => Date.now() + 3_600_000 });
    try {
      expect(second.sandbox.telnyxPublicKey).toBe(publicKey);
      const b = telnyxClient(second.sandbox).client;
      expect((await b.phoneNumbers.retrieve(owned.id)).data).toMatchObject({ phone_number: kept, tags: ['persisted'], customer_reference: 'kept' });
      expect((await b.numberOrders.retrieve(done!.id!)).data!.status).toBe('success');
      expect((await b.addresses.retrieve(address!.id!)).data!.street_address).toBe('1 Main St');
      const completed = await eventually(async () => {
        const { data } = await b.numberOrders.retrieve(pending!.id!);
        return data!.status === 'pending' ? undefined : data!;
      });
      expect(completed.status).toBe('success');
      const search = await b.availablePhoneNumbers.list({ filter: { national_destination_code: '415', phone_number: { ends_with: kept.slice(-7) } } });
      expect(search.data!.map((n) => n.phone_number)).not.toContain(kept);
    } finally {
      await second.close();
      rmSync(first.dataDir, { recursive: true, force: true });
    }
  });
});
