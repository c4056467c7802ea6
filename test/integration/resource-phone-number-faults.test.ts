/**
 * Exactly one number per PhoneNumber resource, whatever fails, on Twilio and on Telnyx: a crashed run's number is
 * adopted, a purchase whose answer was lost is found by its ownership tag instead of repeated, and on Telnyx an order
 * a killed run placed and never waited for is finished by the next create, not placed again.
 */
import { readMarker } from '../../src/resources';
import { UnavailableError } from '../../src/core/errors';
import { CARRIERS, carriersUnderTest, created, identity, RESOURCE_SANDBOX, tagOf } from '../support/carrier-resources';
import { useTestSandbox } from '../support/sandbox';
import { sandboxTelnyxCarrier } from '../support/telnyx';

const t = useTestSandbox(RESOURCE_SANDBOX);
const carriers = carriersUnderTest(t);

afterEach(() => t.sandbox.context.faults.configure([]));

describe.each(CARRIERS)('exactly one number on %s, whatever fails', (name) => {
  const c = carriers[name];
  const fault = (rule: { status?: number; when?: 'before' | 'after'; maxFailures?: number }) =>
    t.sandbox.context.faults.configure([{ ...c.purchaseRequest, errorRate: 1, latencyMs: 0, status: 503, ...rule }]);

  it('adopts the number a crashed run bought instead of buying a second one', async () => {
    const before = (await c.owned()).length;
    const first = await created(c, 'crash', { search: { country: 'US', areaCode: '312' } });
    // The engine never recorded `first` (the process died); the next run calls create again, with a change made meanwhile.
    const second = await created(c, 'crash', {
      search: { country: 'US', areaCode: '312' },
      ...(c.keepsNames ? { friendlyName: 'Renamed meanwhile' } : {}),
      voice: { url: 'https://example.com/meanwhile' },
    });
    expect(second.id).toBe(first.id);
    if (c.keepsNames) expect(readMarker(second.state.carrierFriendlyName).name).toBe('Renamed meanwhile');
    await expect(c.voiceUrlOf(second.id)).resolves.toBe('https://example.com/meanwhile');
    expect((await c.owned()).length).toBe(before + 1);
    await expect(c.purchasesFor(tagOf('crash'))).resolves.toBe(1);
  });

  it('finds a purchase whose answer was lost (a 503 after the work), does not buy again, and finishes its settings', async () => {
    const addresses = c.addresses();
    const office = (await addresses.check({ news: { customerName: 'Acme', street: '1 Main St', city: 'Boston', region: 'MA', postalCode: '02108', country: 'US' } })).inputs!;
    const address = await addresses.create({ inputs: office, preview: false, identity: { type: 'didops:index:EmergencyAddress', name: 'lost-answer-office' } });
    const before = (await c.owned()).length;
    fault({ when: 'after', maxFailures: 1 });
    const { id, state } = await created(c, 'lost-answer', {
      search: { country: 'US', areaCode: '617' },
      voice: { url: 'https://example.com/lost-answer' },
      emergencyAddress: address.id,
    });
    expect(state.e164).toMatch(/^\+1617/);
    expect(t.sandbox.context.faults.describe().rules[0].injected).toBe(1);
    expect((await c.owned()).length).toBe(before + 1);
    await expect(c.purchasesFor(tagOf('lost-answer'))).resolves.toBe(1);
    // The number found by its tag got every setting the lost purchase was to make (a Telnyx order makes only some).
    await expect(c.voiceUrlOf(id)).resolves.toBe('https://example.com/lost-answer');
    const live = await c.handler().read({ id, state });
    expect(live?.inputs?.emergencyAddress).toBe(address.id);
  });

  it('tries the purchase again when the carrier failed before doing it', async () => {
    const before = (await c.owned()).length;
    fault({ status: 500, when: 'before', maxFailures: 2 });
    await created(c, 'flaky', { search: { country: 'US', areaCode: '206' } });
    expect((await c.owned()).length).toBe(before + 1);
    await expect(c.purchasesFor(tagOf('flaky'))).resolves.toBe(1);
  });

  it('gives up with the carrier’s error after repeated failures, and has bought nothing', async () => {
    const before = await c.owned();
    fault({ when: 'before' });
    await expect(created(c, 'down', { search: { country: 'US', areaCode: '503' } })).rejects.toThrow(/503|Service Unavailable|unavailable/i);
    t.sandbox.context.faults.configure([]);
    expect(await c.owned()).toEqual(before);
    await expect(c.purchasesFor(tagOf('down'))).resolves.toBe(0);
  });

  it('says plainly when nothing matches', async () => {
    await expect(created(c, 'none', { search: { country: 'US', areaCode: '415', contains: '9999999$', maxPages: 2 } })).rejects.toMatchObject({
      constructor: UnavailableError, field: 'search',
    });
  });
});

describe('on telnyx, a number order a killed run left behind', () => {
  const c = carriers.telnyx;

  it('is finished and adopted by the next create, which orders nothing itself', async () => {
    const tag = tagOf('mid-order');
    const telnyx = sandboxTelnyxCarrier(t.sandbox);
    const page = await telnyx.available.search({ isoCountry: 'US', kind: 'local', pageSize: 5, areaCode: '415', capabilities: ['voice'] });
    const e164 = page.numbers[0].e164;
    // The run that died: it placed the order with the resource's tag, through the SDK, and never waited for it.
    const { data: order } = await telnyx.client.numberOrders.create({ phone_numbers: [{ phone_number: e164 }], customer_reference: `didops:${tag}` });
    expect(order?.status).toBe('pending');

    const { id, state } = await created(c, 'mid-order', { search: { country: 'US', areaCode: '415' }, voice: { url: 'https://example.com/after-crash' } });
    expect(state).toMatchObject({ e164, status: 'active', ownershipTag: tag });
    await expect(c.voiceUrlOf(id)).resolves.toBe('https://example.com/after-crash');
    await expect(c.purchasesFor(tag)).resolves.toBe(1);
  });

  it('finishes a killed run’s pending order even when the process has made enough calls to read from a listing', async () => {
    const c = carriers.telnyx;
    const handler = c.handler();
    // A busy provider process: more than the 16 direct calls after which reads and tag lookups would come from one
    // listing of the account (src/core/batched-reads.ts), which no pending order's number is in.
    const warm = await created(c, 'warm-up', { search: { country: 'US', areaCode: '206' } });
    for (let i = 0; i < 20; i++) await handler.read({ id: warm.id, state: warm.state });
    const tag = tagOf('busy-mid-order');
    const telnyx = sandboxTelnyxCarrier(t.sandbox);
    const page = await telnyx.available.search({ isoCountry: 'US', kind: 'local', pageSize: 5, areaCode: '303', capabilities: ['voice'] });
    const { data: order } = await telnyx.client.numberOrders.create({ phone_numbers: [{ phone_number: page.numbers[0].e164 }], customer_reference: `didops:${tag}` });
    expect(order?.status).toBe('pending');

    const inputs = (await handler.check({ news: { search: { country: 'US', areaCode: '303' }, carrier: 'telnyx' } })).inputs!;
    const { outputs } = await handler.create({ inputs, preview: false, identity: identity('busy-mid-order') });
    expect(outputs).toMatchObject({ e164: page.numbers[0].e164, ownershipTag: tag });
    await expect(c.purchasesFor(tag)).resolves.toBe(1);
  });
});
