/**
 * The Telnyx sub-app through the official `telnyx` SDK: searching the shared inventory, ordering what a search offered,
 * and managing the numbers an order brings.
 */
import { useTestSandbox } from '../support/sandbox';
import { configureTelnyx, eventually, sleep, telnyxClient, telnyxFailure, type RecordingTelnyx } from '../support/telnyx';

const ORDER_DELAY_MS = 300;

describe('the Telnyx sandbox: search, order, phone numbers', () => {
  const t = useTestSandbox({ releaseCooldownMs: 0, telnyx: { orderDelayMs: ORDER_DELAY_MS } });
  let telnyx: RecordingTelnyx;
  beforeAll(() => {
    telnyx = telnyxClient(t.sandbox);
  });

  /** Searches, orders the first `count` matches and waits for the order to complete. */
  async function buy(filter: Record<string, unknown>, count = 1, extra: Record<string, unknown> = {}) {
    const found = await telnyx.client.availablePhoneNumbers.list({ filter: { country_code: 'US', limit: count, ...filter } });
    const numbers = found.data!.slice(0, count).map((n) => n.phone_number!);
    expect(numbers).toHaveLength(count);
    const { data: order } = await telnyx.client.numberOrders.create({ phone_numbers: numbers.map((phone_number) => ({ phone_number })), ...extra });
    await sleep(ORDER_DELAY_MS + 50);
    const { data: done } = await telnyx.client.numberOrders.retrieve(order!.id!);
    return { numbers, order: done! };
  }

  describe('searching available numbers', () => {
    it('finds local numbers by national destination code, with the pattern applied after it', async () => {
      const { data, meta } = await telnyx.client.availablePhoneNumbers.list({
        filter: { country_code: 'US', national_destination_code: '415', phone_number: { contains: '77' }, limit: 5 },
      });
      expect(data!.length).toBe(5);
      for (const n of data!) {
        expect(n.phone_number).toMatch(/^\+1415\d*77/);
        expect(n.phone_number!.slice(5)).toContain('77');
        expect(n).toMatchObject({ record_type: 'available_phone_number', best_effort: false, vanity_format: '' });
        expect(n.region_information).toEqual(expect.arrayContaining([{ region_type: 'country_code', region_name: 'US' }, { region_type: 'state', region_name: 'CA' }]));
        expect(n.cost_information).toEqual({ upfront_cost: expect.stringMatching(/^\d+\.\d{2,4}$/), monthly_cost: expect.stringMatching(/^\d+\.\d{2,4}$/), currency: 'USD' });
      }
      expect(meta).toEqual({ total_results: 5, best_effort_results: 0 });
    });

    it('anchors starts_with after the country code and ends_with at the end', async () => {
      const starts = await telnyx.client.availablePhoneNumbers.list({ filter: { country_code: 'US', phone_number: { starts_with: '212' }, limit: 4 } });
      expect(starts.data!.map((n) => n.phone_number)).toEqual(expect.arrayContaining([expect.stringMatching(/^\+1212/)]));
      for (const n of starts.data!) expect(n.phone_number).toMatch(/^\+1212/);
      const ends = await telnyx.client.availablePhoneNumbers.list({ filter: { country_code: 'US', phone_number: { ends_with: '00' }, limit: 4 } });
      expect(ends.data!.length).toBe(4);
      for (const n of ends.data!) expect(n.phone_number).toMatch(/00$/);
    });

    it('filters by type, features, locality and administrative area', async () => {
      const tollFree = await telnyx.client.availablePhoneNumbers.list({ filter: { country_code: 'US', phone_number_type: 'toll_free', limit: 3 } });
      expect(tollFree.data!.length).toBe(3);
      for (const n of tollFree.data!) expect(n.phone_number).toMatch(/^\+18(00|33|44|55|66|77|88)/);

      const fax = await telnyx.client.availablePhoneNumbers.list({ filter: { country_code: 'US', features: ['fax', 'voice'], limit: 10 } });
      for (const n of fax.data!) expect(n.features!.map((f) => f.name)).toEqual(expect.arrayContaining(['fax', 'voice']));

      const city = await telnyx.client.availablePhoneNumbers.list({ filter: { country_code: 'US', locality: 'Buffalo', administrative_area: 'NY', limit: 3 } });
      expect(city.data!.length).toBe(3);
      for (const n of city.data!) expect(n.region_information).toContainEqual({ region_type: 'location', region_name: 'Buffalo' });

      const national = await telnyx.client.availablePhoneNumbers.list({ filter: { country_code: 'US', phone_number_type: 'national' } });
      expect(national.data).toEqual([]);
    });

    it('fills up with best-effort numbers of the same area when the exact pattern has too few', async () => {
      const { data, meta } = await telnyx.client.availablePhoneNumbers.list({
        filter: { country_code: 'US', national_destination_code: '415', phone_number: { contains: '9999999' }, best_effort: true, limit: 4 },
      });
      expect(data!.length).toBe(4);
      expect(meta!.best_effort_results).toBe(data!.filter((n) => n.best_effort).length);
      expect(meta!.best_effort_results).toBeGreaterThan(0);
      for (const n of data!.filter((x) => x.best_effort)) expect(n.phone_number).toMatch(/^\+1415/);
    });

    it('refuses a bad filter with a 400 naming the parameter', async () => {
      const err = await telnyxFailure(telnyx.client.availablePhoneNumbers.list({ filter: { country_code: 'US', limit: 1000 } }));
      expect(err.status).toBe(400);
      expect(err.error).toEqual({ errors: [expect.objectContaining({ code: '10015', source: { parameter: 'filter[limit]' } })] });
    });
  });

  describe('ordering numbers', () => {
    it('keeps an order pending for the delay, then makes each number an owned number with the order\'s reference', async () => {
      const found = await telnyx.client.availablePhoneNumbers.list({ filter: { country_code: 'US', national_destination_code: '646', limit: 2 } });
      const numbers = found.data!.map((n) => n.phone_number!);
      const { data: placed } = await telnyx.client.numberOrders.create({ phone_numbers: numbers.map((phone_number) => ({ phone_number })), customer_reference: 'crm-646' });
      expect(placed).toMatchObject({ status: 'pending', customer_reference: 'crm-646', phone_numbers_count: 2, record_type: 'number_order' });
      expect(placed!.phone_numbers!.map((n) => [n.phone_number, n.status])).toEqual(numbers.map((n) => [n, 'pending']));
      expect((await telnyx.client.phoneNumbers.list({ filter: { customer_reference: 'crm-646' } })).data).toEqual([]);

      const done = await eventually(async () => {
        const { data } = await telnyx.client.numberOrders.retrieve(placed!.id!);
        return data!.status === 'pending' ? undefined : data!;
      });
      expect(done.status).toBe('success');
      expect(done.phone_numbers!.map((n) => n.status)).toEqual(['success', 'success']);
      const owned = await telnyx.client.phoneNumbers.list({ filter: { customer_reference: 'crm-646' } });
      expect(owned.data!.map((n) => n.phone_number).sort()).toEqual([...numbers].sort());
      expect(owned.data![0]).toMatchObject({ status: 'active', phone_number_type: 'local', country_iso_alpha2: 'US', source_type: 'number_order' });

      const byReference = await telnyx.client.numberOrders.list({ filter: { customer_reference: 'crm-646' } });
      expect(byReference.data.map((o) => o.id)).toEqual([placed!.id]);
      expect(byReference.data[0].phone_numbers!.map((n) => n.phone_number)).toEqual(numbers);
    });

    it('refuses numbers no search offered, naming each one by its pointer', async () => {
      const err = await telnyxFailure(telnyx.client.numberOrders.create({ phone_numbers: [{ phone_number: '+1415' }, { phone_number: '+14155550123' }] }));
      expect(err.status).toBe(422);
      expect(err.error.errors).toEqual([
        expect.objectContaining({ code: '10016', source: { pointer: '/phone_numbers/0/phone_number' } }),
        expect.objectContaining({ code: '10005', source: { pointer: '/phone_numbers/1/phone_number' } }),
      ]);
      // A real, available number that no Telnyx search returned is refused too.
      const twilioOnly = await t.client.availablePhoneNumbers('US').local.list({ areaCode: 303, limit: 40 });
      const offered = new Set((await telnyx.client.availablePhoneNumbers.list({ filter: { national_destination_code: '303', limit: 1 } })).data!.map((n) => n.phone_number));
      const unsearched = twilioOnly.map((n) => n.phoneNumber).find((p) => !offered.has(p))!;
      const refused = await telnyxFailure(telnyx.client.numberOrders.create({ phone_numbers: [{ phone_number: unsearched }] }));
      expect(refused.status).toBe(422);
      expect(refused.error.errors[0].detail).toMatch(/not returned by a number search/);
    });

    it('fails a number that was bought elsewhere while the order was pending, and completes the rest', async () => {
      const found = await telnyx.client.availablePhoneNumbers.list({ filter: { national_destination_code: '312', limit: 2 } });
      const [taken, kept] = found.data!.map((n) => n.phone_number!);
      // Long enough for the Twilio purchase to land first, however slowly the twilio SDK loads.
      await configureTelnyx(t.sandbox, { orderDelayMs: 3000 });
      const { data: placed } = await telnyx.client.numberOrders.create({ phone_numbers: [{ phone_number: taken }, { phone_number: kept }] });
      await configureTelnyx(t.sandbox, { orderDelayMs: ORDER_DELAY_MS });
      await t.client.incomingPhoneNumbers.create({ phoneNumber: taken });
      const done = await eventually(async () => {
        const { data } = await telnyx.client.numberOrders.retrieve(placed!.id!);
        return data!.status === 'pending' ? undefined : data!;
      }, 8000);
      expect(done.phone_numbers!.map((n) => [n.phone_number, n.status])).toEqual([[taken, 'failure'], [kept, 'success']]);
      expect(done.status).toBe('success');
    });

    it('lists orders by status and pages through them', async () => {
      const pending = await telnyx.client.numberOrders.list({ filter: { status: 'pending' } });
      expect(pending.data).toEqual([]);
      const first = await telnyx.client.numberOrders.list({ 'page[size]': 1 });
      expect(first.data).toHaveLength(1);
      const all = [];
      for await (const order of telnyx.client.numberOrders.list({ 'page[size]': 1 })) all.push(order.id);
      expect(all.length).toBeGreaterThanOrEqual(2);
      expect(new Set(all).size).toBe(all.length);
    });
  });

  describe('phone numbers', () => {
    it('updates tags, customer reference and PIN, finds numbers by tag, and pages through them', async () => {
      const { numbers } = await buy({ national_destination_code: '206' }, 3);
      const owned = await telnyx.client.phoneNumbers.list({ filter: { phone_number: numbers[0] } });
      const id = owned.data[0].id;
      const { data: updated } = await telnyx.client.phoneNumbers.update(id, { tags: ['support', 'emea'], customer_reference: 'acct-42', external_pin: '1234' });
      expect(updated).toMatchObject({ tags: ['support', 'emea'], customer_reference: 'acct-42', external_pin: '1234' });
      expect((await telnyx.client.phoneNumbers.retrieve(id)).data).toMatchObject({ tags: ['support', 'emea'], customer_reference: 'acct-42' });
      expect((await telnyx.client.phoneNumbers.list({ filter: { tag: 'emea' } })).data.map((n) => n.id)).toEqual([id]);

      const firstPage = await telnyx.client.phoneNumbers.list({ 'page[size]': 2 });
      expect(firstPage.data).toHaveLength(2);
      const meta = (firstPage as unknown as { meta: Record<string, number> }).meta;
      expect(meta).toEqual({ page_number: 1, page_size: 2, total_pages: Math.ceil(meta.total_results / 2), total_results: expect.any(Number) });
      const everyId: string[] = [];
      for await (const n of telnyx.client.phoneNumbers.list({ 'page[size]': 2 })) everyId.push(n.id);
      expect(everyId).toHaveLength(meta.total_results);
    });

    it('deletes a number back into the inventory, where a search finds it again', async () => {
      const { numbers } = await buy({ national_destination_code: '503' });
      const [owned] = (await telnyx.client.phoneNumbers.list({ filter: { phone_number: numbers[0] } })).data;
      const { data: deleted } = await telnyx.client.phoneNumbers.delete(owned.id);
      expect(deleted).toMatchObject({ id: owned.id, phone_number: numbers[0], status: 'deleted' });
      const missing = await telnyxFailure(telnyx.client.phoneNumbers.retrieve(owned.id));
      expect(missing.status).toBe(404);
      expect(missing.error.errors[0].code).toBe('10005');
      // The test sandbox has no release cooldown, so it is back at once.
      const again = await telnyx.client.availablePhoneNumbers.list({ filter: { national_destination_code: '503', phone_number: { ends_with: numbers[0].slice(-7) } } });
      expect(again.data!.map((n) => n.phone_number)).toContain(numbers[0]);
    });
  });

  describe('one inventory for both carriers', () => {
    it('hides a number bought on Twilio from Telnyx search, and one ordered on Telnyx from Twilio search', async () => {
      const viaTwilio = await t.client.incomingPhoneNumbers.create({ areaCode: '702' });
      const telnyxSees = await telnyx.client.availablePhoneNumbers.list({ filter: { phone_number: { ends_with: viaTwilio.phoneNumber.slice(-7) }, national_destination_code: '702' } });
      expect(telnyxSees.data!.map((n) => n.phone_number)).not.toContain(viaTwilio.phoneNumber);

      const { numbers } = await buy({ national_destination_code: '702' });
      const twilioSees = await t.client.availablePhoneNumbers('US').local.list({ contains: `+${numbers[0].slice(1)}` });
      expect(twilioSees).toHaveLength(0);
      const twilioBuys = await t.client.incomingPhoneNumbers.create({ phoneNumber: numbers[0] }).catch((e: { status: number }) => e);
      expect((twilioBuys as { status: number }).status).toBe(400);
    });
  });
});
