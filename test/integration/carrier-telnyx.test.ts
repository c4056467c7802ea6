/**
 * The Telnyx carrier against the sandbox's Telnyx API, through the official SDK: searching, buying through a number
 * order, finishing an order a killed run left behind, configuring and releasing numbers, addresses, call records.
 */
import { CarrierError, UnavailableError, ValidationError } from '../../src/core/errors';
import type { PurchaseProgress } from '../../src/carriers/carrier';
import { purchaseTag } from '../../src/carriers/ownership-marker';
import { createTelnyxCarrier, type TelnyxCarrier } from '../../src/carriers/telnyx';
import { useTestSandbox } from '../support/sandbox';

const ORDER_DELAY_MS = 400;

describe('the Telnyx carrier against the sandbox', () => {
  const t = useTestSandbox({ releaseCooldownMs: 0, telnyx: { orderDelayMs: ORDER_DELAY_MS } });
  let carrier: TelnyxCarrier;
  beforeAll(() => {
    carrier = createTelnyxCarrier({
      apiKey: t.sandbox.telnyxApiKey,
      baseUrl: t.sandbox.url,
      orderPolling: { initialDelayMs: 50, maxDelayMs: 200, timeoutMs: 10_000 },
    });
  });

  /** A number a fresh search offers, for a test to buy. */
  async function offered(areaCode = '415'): Promise<string> {
    const page = await carrier.available.search({ isoCountry: 'US', kind: 'local', pageSize: 20, areaCode, capabilities: ['voice'] });
    const pick = page.numbers[Math.floor(Math.random() * page.numbers.length)];
    expect(pick).toBeDefined();
    return pick.e164;
  }

  describe('search', () => {
    it('finds local 415 numbers that take voice and SMS, with Telnyx’s prices', async () => {
      const page = await carrier.available.search({ isoCountry: 'US', kind: 'local', pageSize: 5, areaCode: '415', region: 'CA', capabilities: ['voice', 'sms'] });
      expect(page.numbers).toHaveLength(5);
      for (const n of page.numbers) {
        expect(n.e164).toMatch(/^\+1415\d{7}$/);
        expect(n).toMatchObject({ isoCountry: 'US', region: 'CA', capabilities: { voice: true, sms: true } });
        expect(n.cost?.monthly).toEqual({ amountMinor: expect.any(Number), currency: 'USD' });
        expect(n.cost?.setup.amountMinor).toBeGreaterThanOrEqual(0);
      }
    });

    it('pushes the pattern down: letters as keypad digits after the area code, an anchored prefix as starts_with', async () => {
      const vanity = await carrier.available.search({ isoCountry: 'US', kind: 'local', pageSize: 3, areaCode: '415', capabilities: [], contains: '22' });
      for (const n of vanity.numbers) expect(n.e164.slice(5)).toContain('22');
      const anchored = await carrier.available.search({ isoCountry: 'US', kind: 'local', pageSize: 3, capabilities: [], contains: '+1212' });
      expect(anchored.numbers.length).toBeGreaterThan(0);
      for (const n of anchored.numbers) expect(n.e164).toMatch(/^\+1212/);
      expect(carrier.available.pushdownOf({ isoCountry: 'US', kind: 'local', pageSize: 3, capabilities: [], contains: '+1212' })?.value).toBe('starts_with=212');
    });

    it('offers toll-free numbers by type', async () => {
      const page = await carrier.available.search({ isoCountry: 'US', kind: 'tollFree', pageSize: 3, capabilities: [] });
      expect(page.numbers.length).toBe(3);
      for (const n of page.numbers) expect(n.e164).toMatch(/^\+18(00|33|44|55|66|77|88)/);
    });

    it('models "next" as a larger search that returns only numbers not seen yet', async () => {
      const first = await carrier.available.search({ isoCountry: 'US', kind: 'local', pageSize: 4, areaCode: '212', capabilities: [] });
      expect(first.numbers).toHaveLength(4);
      expect(first.next).toBeDefined();
      const second = await first.next!();
      expect(second.numbers.length).toBeGreaterThan(0);
      const firstNumbers = new Set(first.numbers.map((n) => n.e164));
      for (const n of second.numbers) expect(firstNumbers.has(n.e164)).toBe(false);
    });

    it('says whether a number is for sale now', async () => {
      const e164 = await offered('212');
      await expect(carrier.available.offers(e164)).resolves.toEqual({ status: 'available' });
      await expect(carrier.available.offers('+14155550000')).resolves.toMatchObject({ status: 'taken' });
    });

    it('prices a country’s numbers from what its search offers', async () => {
      const prices = await carrier.numberPrices('US');
      expect(prices?.currency).toBe('USD');
      expect(prices?.monthly.get('local')).toMatch(/^\d+\.\d{2}$/);
      expect(prices?.monthly.get('tollFree')).toMatch(/^\d+\.\d{2}$/);
    });
  });

  describe('buying through a number order', () => {
    it('orders a number, waits while the order is pending, and hands it over tagged', async () => {
      const e164 = await offered();
      const tag = purchaseTag(`urn:test:buy:${e164}`);
      const progress: PurchaseProgress[] = [];
      const bought = await carrier.numbers.purchase(e164, { tag }, { onProgress: (p) => progress.push(p) });
      expect(bought).toMatchObject({ e164, tag, status: 'active', label: '', name: '', kind: 'local', trunk: null, emergencyAddress: null });
      expect(progress[0]).toMatchObject({ e164, status: 'ordered', waitedMs: 0, orderId: expect.any(String) });
      expect(progress.some((p) => p.status === 'pending')).toBe(true);
      expect(progress[progress.length - 1]).toMatchObject({ status: 'complete', orderId: progress[0].orderId });
      expect(progress[progress.length - 1].waitedMs).toBeGreaterThan(0);

      expect((await carrier.numbers.tagged(tag)).map((n) => n.id)).toEqual([bought.id]);
      expect(await carrier.numbers.fetch(bought.id)).toMatchObject({ e164, tag });
      expect((await carrier.numbers.list(e164.slice(2))).map((n) => n.e164)).toContain(e164);
      const { data } = await carrier.client.phoneNumbers.retrieve(bought.id);
      expect(data?.customer_reference).toBe(`didops:${tag}`);
    });

    it('finishes an order a killed run left pending, and orders nothing twice', async () => {
      const e164 = await offered();
      const tag = purchaseTag(`urn:test:crash:${e164}`);
      // The run that died: it placed the order with the tag and never waited for it.
      const { data: order } = await carrier.client.numberOrders.create({ phone_numbers: [{ phone_number: e164 }], customer_reference: `didops:${tag}` });
      expect(order?.status).toBe('pending');

      const progress: PurchaseProgress[] = [];
      const adopted = await carrier.numbers.tagged(tag, undefined, { onProgress: (p) => progress.push(p) });
      expect(adopted).toHaveLength(1);
      expect(adopted[0]).toMatchObject({ e164, tag, status: 'active' });
      expect(progress.map((p) => p.orderId)).toEqual(progress.map(() => order!.id));
      expect(progress[progress.length - 1].status).toBe('complete');

      const orders = [];
      for await (const o of carrier.client.numberOrders.list({ filter: { customer_reference: `didops:${tag}` } })) orders.push(o);
      expect(orders).toHaveLength(1);
      // Nothing pending any more: a further look answers at once, from the numbers alone.
      const again: PurchaseProgress[] = [];
      expect((await carrier.numbers.tagged(tag, undefined, { onProgress: (p) => again.push(p) })).map((n) => n.id)).toEqual([adopted[0].id]);
      expect(again).toEqual([]);
    });

    it('reports a number taken while the order was pending as unavailable, on the number', async () => {
      const e164 = await offered();
      // Someone else's order for the same number, placed first, settles first.
      await carrier.client.numberOrders.create({ phone_numbers: [{ phone_number: e164 }] });
      const error = await carrier.numbers.purchase(e164, { tag: purchaseTag(`urn:test:taken:${e164}`) }).catch((err: unknown) => err);
      expect(error).toBeInstanceOf(UnavailableError);
      expect(error).toMatchObject({ field: 'number', source: 'telnyx' });
      expect((error as Error).message).toMatch(/could not provision|not available/);
    });

    it('gives up waiting after the configured time with a retryable error that says a re-run adopts the order', async () => {
      const impatient = createTelnyxCarrier({ apiKey: t.sandbox.telnyxApiKey, baseUrl: t.sandbox.url, orderPolling: { timeoutMs: 100, initialDelayMs: 20, maxDelayMs: 40 } });
      const e164 = await offered();
      const tag = purchaseTag(`urn:test:slow:${e164}`);
      const error = await impatient.numbers.purchase(e164, { tag }).catch((err: unknown) => err);
      expect(error).toBeInstanceOf(CarrierError);
      expect(error).toMatchObject({ retryable: true, field: 'number' });
      expect((error as Error).message).toMatch(/still pending.*run again/);
      // The next run (patient this time) adopts the order instead of buying again.
      expect((await carrier.numbers.tagged(tag)).map((n) => n.e164)).toEqual([e164]);
    });

    it('refuses settings Telnyx cannot hold before buying anything', async () => {
      const e164 = await offered();
      await expect(carrier.numbers.purchase(e164, { name: 'Support line' })).rejects.toMatchObject({ field: 'name' });
      await expect(carrier.numbers.purchase(e164, { voice: { url: 'https://example.com/v', method: 'GET' } })).rejects.toBeInstanceOf(ValidationError);
      await expect(carrier.available.offers(e164)).resolves.toEqual({ status: 'available' });
      expect(carrier.traits.unsupported).toHaveProperty('friendlyName');
    });
  });

  describe('configuring a number', () => {
    const fields = { customerName: 'Ada Lovelace', street: '1 Market St', city: 'San Francisco', region: 'CA', postalCode: '94105', name: 'HQ' };

    it('routes voice webhooks through a didops call control application, shared by numbers with the same URLs', async () => {
      const [a, b] = await Promise.all([offered(), offered('212')]);
      const voice = { url: 'https://example.com/voice', fallbackUrl: 'https://example.com/fallback' };
      const first = await carrier.numbers.purchase(a, { tag: purchaseTag(`urn:test:voice:${a}`), voice });
      expect(first.voice).toMatchObject({ ...voice, method: 'POST' });
      expect(first.trunk).toBeNull();
      const second = await carrier.numbers.purchase(b, { tag: purchaseTag(`urn:test:voice:${b}`), voice });
      const ids = await Promise.all([first, second].map(async (n) => (await carrier.client.phoneNumbers.retrieve(n.id)).data?.connection_id));
      expect(ids[0]).toBeTruthy();
      expect(ids[1]).toBe(ids[0]);
      const app = (await carrier.client.callControlApplications.retrieve(ids[0]!)).data;
      expect(app).toMatchObject({ application_name: expect.stringMatching(/^didops [0-9a-f]{16}$/), webhook_event_url: voice.url, webhook_event_failover_url: voice.fallbackUrl });

      // Changing only the fallback keeps the URL; clearing the URL takes the number off the application.
      const moved = await carrier.numbers.update(first.id, { voice: { fallbackUrl: '' } }, 'change the fallback');
      expect(moved.voice).toMatchObject({ url: voice.url, fallbackUrl: '' });
      const cleared = await carrier.numbers.update(first.id, { voice: { url: '' } }, 'clear the voice URL');
      expect(cleared.voice.url).toBe('');
      expect((await carrier.client.phoneNumbers.retrieve(first.id)).data?.connection_id ?? null).toBeNull();
    });

    it('puts a number on a connection the user made as its trunk, and refuses trunk and voice URL together', async () => {
      // The sandbox's connections are call control applications; one not named by didops is the user's own.
      const { data: own } = await carrier.client.callControlApplications.create({ application_name: 'office PBX', webhook_event_url: 'https://pbx.example.com/events' });
      const e164 = await offered();
      const bought = await carrier.numbers.purchase(e164, { tag: purchaseTag(`urn:test:trunk:${e164}`), trunk: own!.id! });
      expect(bought).toMatchObject({ trunk: own!.id, voice: { url: '' } });
      await expect(carrier.numbers.update(bought.id, { trunk: own!.id!, voice: { url: 'https://example.com/v' } }, 'route')).rejects.toMatchObject({ field: 'trunk' });
      await expect(carrier.numbers.update(bought.id, { trunk: '999999' }, 'move to a missing trunk')).rejects.toMatchObject({ field: 'trunk', source: 'telnyx' });
      expect((await carrier.numbers.update(bought.id, { trunk: '' }, 'take off the trunk')).trunk).toBeNull();
    });

    it('registers a number at an emergency address, lists it as using the address, and deregisters it', async () => {
      const address = await carrier.addresses.create('US', { ...fields, tag: purchaseTag('urn:test:address:e911') });
      const e164 = await offered();
      const bought = await carrier.numbers.purchase(e164, { tag: purchaseTag(`urn:test:e911:${e164}`), emergencyAddress: address.id });
      expect(bought).toMatchObject({ emergencyAddress: address.id, emergencyStatus: 'Active' });
      await expect(carrier.addresses.numbersUsing(address.id)).resolves.toEqual([e164]);
      // In use: Telnyx refuses to delete it, and says why.
      await expect(carrier.addresses.remove(address.id)).rejects.toMatchObject({ kind: 'conflict', source: 'telnyx' });
      const off = await carrier.numbers.update(bought.id, { emergencyAddress: '' }, 'disable emergency calling');
      expect(off).toMatchObject({ emergencyAddress: null, emergencyStatus: 'Inactive' });
      await expect(carrier.addresses.numbersUsing(address.id)).resolves.toEqual([]);
      await expect(carrier.numbers.update(bought.id, { emergencyAddress: '1234567890' }, 'register at a missing address')).rejects.toMatchObject({ field: 'emergencyAddress' });
      await expect(carrier.addresses.remove(address.id)).resolves.toBe(true);
    });
  });

  describe('addresses', () => {
    const fields = { customerName: 'Grace Hopper', street: '10 Downing Way', streetSecondary: 'Suite 5', city: 'Arlington', region: 'VA', postalCode: '22201', name: 'Office' };

    it('creates, reads, lists, refuses changes Telnyx cannot make, and refuses to delete an address a number uses', async () => {
      const tag = purchaseTag('urn:test:address:crud');
      const created = await carrier.addresses.create('US', { ...fields, tag });
      expect(created).toMatchObject({ name: 'Office', tag, customerName: 'Grace Hopper', street: '10 Downing Way', streetSecondary: 'Suite 5', city: 'Arlington', region: 'VA', postalCode: '22201', isoCountry: 'US', validated: true });
      expect(created.label).toBe(`Office [didops:${tag}]`);
      await expect(carrier.addresses.fetch(created.id)).resolves.toEqual(created);
      expect((await carrier.addresses.list('US')).map((a) => a.id)).toContain(created.id);
      expect((await carrier.addresses.list('GB')).map((a) => a.id)).not.toContain(created.id);

      // Unchanged fields are fine; a change is refused, naming the field, since Telnyx has no address update.
      await expect(carrier.addresses.update(created.id, { ...fields, tag })).resolves.toEqual(created);
      await expect(carrier.addresses.update(created.id, { ...fields, tag, postalCode: '22202' })).rejects.toMatchObject({ field: 'postalCode', kind: 'validation' });

      // A number registered at it is listed as its user; once deregistered, the address goes.
      const e164 = await offered();
      const number = await carrier.numbers.purchase(e164, { tag: purchaseTag(`urn:test:uses:${e164}`), emergencyAddress: created.id });
      await expect(carrier.addresses.numbersUsing(created.id)).resolves.toEqual([e164]);
      await carrier.numbers.update(number.id, { emergencyAddress: '' }, 'disable emergency calling');
      await expect(carrier.addresses.numbersUsing(created.id)).resolves.toEqual([]);
      await expect(carrier.addresses.remove(created.id)).resolves.toBe(true);
      await expect(carrier.addresses.remove(created.id)).resolves.toBe(false);
    });

    it('points a refused field at the port’s name for it', async () => {
      const error = await carrier.addresses.create('USA', fields).catch((err: unknown) => err);
      expect(error).toMatchObject({ field: 'isoCountry', kind: 'validation', source: 'telnyx' });
    });
  });

  describe('call records', () => {
    it('lists the calls of a period oldest first, from Telnyx detail records across pages', async () => {
      const e164 = await offered();
      const bought = await carrier.numbers.purchase(e164, { tag: purchaseTag(`urn:test:cdr:${e164}`) });
      const now = Date.now();
      t.sandbox.traffic.generate({ start: now - 60_000, end: now + 3_600_000, callsPerNumberPerDay: 3000, seed: 11 });
      const from = new Date(now - 60_000);
      const to = new Date(now + 3_600_000);
      const calls = [];
      for await (const call of carrier.callRecords({ from, to })) calls.push(call);
      const mine = calls.filter((c) => c.from === bought.e164 || c.to === bought.e164);
      expect(mine.length).toBeGreaterThan(50); // more than one page of 50
      for (let i = 1; i < calls.length; i++) expect(calls[i].startedAt.getTime()).toBeGreaterThanOrEqual(calls[i - 1].startedAt.getTime());
      for (const c of mine) {
        expect(c.startedAt.getTime()).toBeGreaterThanOrEqual(from.getTime());
        expect(c.startedAt.getTime()).toBeLessThan(to.getTime());
        expect(c.id).toMatch(/^[0-9a-f-]{36}$/);
        expect(['inbound', 'outbound']).toContain(c.direction);
        if (c.price) expect(c.price.currency).toBe('USD');
      }
      expect(new Set(calls.map((c) => c.id)).size).toBe(calls.length);
    });
  });

  describe('faults', () => {
    afterEach(() => t.sandbox.context.faults.configure([]));

    it('rides out a 429 on the order, waiting the Retry-After Telnyx asked for', async () => {
      const e164 = await offered();
      t.sandbox.context.faults.configure([{ method: 'POST', path: '/v2/number_orders', errorRate: 1, status: 429, retryAfterSeconds: 1, latencyMs: 0, when: 'before', maxFailures: 1 }]);
      const started = Date.now();
      const bought = await carrier.numbers.purchase(e164, { tag: purchaseTag(`urn:test:429:${e164}`) });
      expect(bought.e164).toBe(e164);
      expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
      expect(t.sandbox.context.faults.describe().rules[0].injected).toBe(1);
    });

    it('does not repeat an order answered 503 after it was placed; the next run adopts that order', async () => {
      const e164 = await offered();
      const tag = purchaseTag(`urn:test:503:${e164}`);
      t.sandbox.context.faults.configure([{ method: 'POST', path: '/v2/number_orders', errorRate: 1, status: 503, latencyMs: 0, when: 'after', maxFailures: 1 }]);
      await expect(carrier.numbers.purchase(e164, { tag })).rejects.toMatchObject({ status: 503, source: 'telnyx' });
      t.sandbox.context.faults.configure([]);
      // The order went through; the re-run finds it by the tag instead of buying again.
      expect((await carrier.numbers.tagged(tag)).map((n) => n.e164)).toEqual([e164]);
      const orders = [];
      for await (const o of carrier.client.numberOrders.list({ filter: { customer_reference: `didops:${tag}` } })) orders.push(o);
      expect(orders).toHaveLength(1);
    });
  });

  describe('releasing', () => {
    it('releases a number once and says so, then reports it gone', async () => {
      const e164 = await offered();
      const bought = await carrier.numbers.purchase(e164, { tag: purchaseTag(`urn:test:release:${e164}`) });
      await expect(carrier.numbers.release(bought.id, e164)).resolves.toBe(true);
      await expect(carrier.numbers.fetch(bought.id)).resolves.toBeUndefined();
      await expect(carrier.numbers.release(bought.id, e164)).resolves.toBe(false);
    });
  });

  it('checks references in Telnyx’s id forms', () => {
    expect(carrier.traits.checkReference('number', '1293384261075731499')).toBeUndefined();
    expect(carrier.traits.checkReference('trunk', 'TK123')).toMatch(/Telnyx connection/);
    expect(carrier.traits.checkReference('bundle', 'BU123')).toMatch(/Twilio-only/);
    expect(carrier.account).toMatch(/^telnyx key [0-9a-f]{10}$/);
  });
});
