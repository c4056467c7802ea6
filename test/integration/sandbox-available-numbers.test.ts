/** AvailablePhoneNumbers through the real twilio SDK: every filter, paging, and the answers' shapes. */
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { COUNTRIES } from '../../src/sandbox/inventory';
import { lettersToKeypad } from '../../src/search/contains-pattern';
import { useTestSandbox } from '../support/sandbox';

const t = useTestSandbox();

const us = () => t.client.availablePhoneNumbers('US');

describe('a buyer browsing the sandbox inventory', () => {
  it('lists at least 50 countries, each with the number types it offers', async () => {
    const countries = await t.client.availablePhoneNumbers.list({ limit: 500 });
    expect(countries.length).toBeGreaterThanOrEqual(50);
    const usEntry = countries.find((c) => c.countryCode === 'US')!;
    expect(usEntry.country).toBe('United States');
    expect(Object.keys(usEntry.subresourceUris)).toEqual(expect.arrayContaining(['local', 'toll_free', 'mobile']));
    const gb = await t.client.availablePhoneNumbers('GB').fetch();
    expect(gb.countryCode).toBe('GB');
  });

  it('finds 415 numbers in San Francisco, California, that are valid US numbers', async () => {
    const found = await us().local.list({ areaCode: 415, limit: 20 });
    expect(found).toHaveLength(20);
    for (const n of found) {
      expect(n.phoneNumber).toMatch(/^\+1415\d{7}$/);
      expect(n.region).toBe('CA');
      expect(n.isoCountry).toBe('US');
      expect(parsePhoneNumberFromString(n.phoneNumber)?.isValid()).toBe(true);
      expect(n.friendlyName).toMatch(/^\(415\) \d{3}-\d{4}$/);
    }
  });

  it('matches Contains exactly as Twilio defines it: letters on the keypad, * one digit, % any run, + and $ anchors', async () => {
    const vanity = await us().local.list({ contains: 'CALL', limit: 10 });
    expect(vanity.length).toBeGreaterThan(0);
    for (const n of vanity) expect(n.phoneNumber).toContain(lettersToKeypad('CALL'));

    const anchoredStart = await us().local.list({ contains: '+1212', limit: 10 });
    expect(anchoredStart.length).toBeGreaterThan(0);
    for (const n of anchoredStart) expect(n.phoneNumber.startsWith('+1212')).toBe(true);

    const anchoredEnd = await us().local.list({ contains: '77$', limit: 10 });
    expect(anchoredEnd).toHaveLength(10);
    for (const n of anchoredEnd) expect(n.phoneNumber.endsWith('77')).toBe(true);

    const positional = await us().local.list({ contains: '+1415***', limit: 10 });
    expect(positional.length).toBeGreaterThan(0);
    for (const n of positional) expect(n.phoneNumber).toMatch(/^\+1415\d{3}/);
    const oneDigitFirst = await us().local.list({ contains: '*2255', limit: 10 });
    expect(oneDigitFirst.length).toBeGreaterThan(0);
    for (const n of oneDigitFirst) expect(n.phoneNumber).toMatch(/\d2255/);

    const run = await us().local.list({ contains: '%99$', limit: 10 });
    expect(run).toHaveLength(10);
    for (const n of run) expect(n.phoneNumber.endsWith('99')).toBe(true);
  });

  it('filters by region, locality, postal code and capabilities together', async () => {
    const [sample] = await us().local.list({ areaCode: 312, limit: 1 });
    const inCity = await us().local.list({ inRegion: sample.region!, inLocality: sample.locality!, voiceEnabled: true, limit: 10 });
    expect(inCity.length).toBeGreaterThan(0);
    for (const n of inCity) {
      expect(n.region).toBe(sample.region);
      expect(n.locality).toBe(sample.locality);
      expect(n.capabilities.voice).toBe(true);
    }
    const inPostal = await us().local.list({ inPostalCode: sample.postalCode!, limit: 5 });
    for (const n of inPostal) expect(n.postalCode).toBe(sample.postalCode);
    // "The same area as this number": InLocality given a phone number.
    const sameArea = await us().local.list({ inLocality: sample.phoneNumber, limit: 5 });
    for (const n of sameArea) expect(n.locality).toBe(sample.locality);
  });

  it('finds numbers near a number or a point within the given distance', async () => {
    const [sf] = await us().local.list({ areaCode: 415, limit: 1 });
    const near = await us().local.list({ nearNumber: sf.phoneNumber, distance: 50, limit: 10 });
    expect(near.length).toBeGreaterThan(0);
    for (const n of near) expect(n.region).toBe('CA');
    const byPoint = await us().local.list({ nearLatLong: `${sf.latitude},${sf.longitude}`, distance: 10, limit: 5 });
    expect(byPoint.length).toBeGreaterThan(0);
  });

  it('serves toll-free and mobile numbers of the right type', async () => {
    const tollFree = await us().tollFree.list({ contains: '+1800', limit: 5 });
    expect(tollFree.length).toBeGreaterThan(0);
    for (const n of tollFree) expect(parsePhoneNumberFromString(n.phoneNumber)?.getType()).toBe('TOLL_FREE');
    const gbMobile = await t.client.availablePhoneNumbers('GB').mobile.list({ limit: 5 });
    expect(gbMobile.length).toBe(5);
    for (const n of gbMobile) expect(parsePhoneNumberFromString(n.phoneNumber)?.getType()).toBe('MOBILE');
  });

  it('leaves out numbers that need an address when asked', async () => {
    const { isoCountry } = COUNTRIES.find((c) => c.offers.local?.addressRequirements === 'local')!;
    const needy = await t.client.availablePhoneNumbers(isoCountry).local.list({ limit: 5 });
    expect(needy).toHaveLength(5);
    for (const n of needy) expect(n.addressRequirements).toBe('local');
    expect(await t.client.availablePhoneNumbers(isoCountry).local.list({ excludeLocalAddressRequired: true, limit: 5 })).toHaveLength(0);
    expect(await t.client.availablePhoneNumbers(isoCountry).local.list({ excludeAllAddressRequired: true, limit: 5 })).toHaveLength(0);
    expect(await t.client.availablePhoneNumbers(isoCountry).local.list({ excludeForeignAddressRequired: true, limit: 5 })).toHaveLength(5);
    const free = await us().local.list({ excludeAllAddressRequired: true, limit: 5 });
    expect(free).toHaveLength(5);
    for (const n of free) expect(n.addressRequirements).toBe('none');
  });

  it('pages through a large search with next_page_uri, never repeating a number', async () => {
    const seen = new Set<string>();
    let pages = 0;
    await us().local.each({ voiceEnabled: true, pageSize: 200, limit: 1000 }, (n) => {
      expect(seen.has(n.phoneNumber)).toBe(false);
      seen.add(n.phoneNumber);
    });
    let p: { nextPage(): Promise<unknown> | undefined } | undefined = await us().local.page({ voiceEnabled: true, pageSize: 200 });
    while (p && pages < 5) {
      pages++;
      p = (await p.nextPage()) as typeof p;
    }
    expect(seen.size).toBe(1000);
    expect(pages).toBe(5);
  });

  it('answers a country it does not stock, or a type that country lacks, with Twilio 404', async () => {
    await expect(t.client.availablePhoneNumbers('ZZ').local.list()).rejects.toMatchObject({ status: 404, code: 20404 });
    const { isoCountry } = COUNTRIES.find((c) => !c.offers.tollFree)!;
    await expect(t.client.availablePhoneNumbers(isoCountry).tollFree.list()).rejects.toMatchObject({ status: 404, code: 20404 });
  });

  it('refuses a page token it did not issue instead of starting over', async () => {
    await expect(us().local.page({ pageToken: 'PAbm90LWEtbnVtYmVy', pageSize: 5 } as never)).rejects.toMatchObject({
      status: 400, message: expect.stringContaining('PageToken'),
    });
  });

  it('rejects malformed filters with a 400 that names the parameter', async () => {
    await expect(us().local.list({ contains: '4*1*5' })).rejects.toMatchObject({ status: 400, message: expect.stringContaining('Contains') });
    await expect(us().local.list({ contains: 'a' })).rejects.toMatchObject({ status: 400 });
    await expect(us().local.list({ inRateCenter: 'SNFC' })).rejects.toMatchObject({ status: 400, message: expect.stringContaining('InLata') });
    await expect(us().local.list({ distance: 900, nearLatLong: '37.7,-122.4' })).rejects.toMatchObject({ status: 400, message: expect.stringContaining('Distance') });
    await expect(us().local.list({ pageSize: 5000 })).rejects.toMatchObject({ status: 400, message: expect.stringContaining('PageSize') });
  });
});

describe('search performance by construction', () => {
  const base = { isoCountry: 'US', type: 'local' as const, includeBeta: true, offset: 0, limit: 50 };
  it.each([
    ['area code', { areaCode: '415' }, 'numbers_by_area_code'],
    ['region', { region: 'CA' }, 'numbers_by_region'],
    ['locality', { locality: 'Chicago' }, 'numbers_by_locality'],
    ['postal code', { postalCode: '94105' }, 'numbers_by_postal_code'],
    // The trigram index (a virtual table) drives the query; each candidate is then fetched by its primary key.
    ['vanity Contains', { contains: { glob: '+*2255*', longestLiteral: 4 } }, 'SCAN d VIRTUAL TABLE'],
    ['a point and a radius', { near: { latitude: 37.77, longitude: -122.42, miles: 25 } }, 'numbers_by_latitude'],
  ])('answers a search by %s from an index, never a scan of the inventory', (_, filters, index) => {
    const plan = t.sandbox.context.numbers.explainSearch({ ...base, ...filters }).join('\n');
    expect(plan).toContain(index);
    expect(plan).not.toMatch(/SCAN n\b(?! USING)/);
    if (index.includes('VIRTUAL')) expect(plan).toContain('SEARCH n USING INTEGER PRIMARY KEY');
  });

  it('finds a place for a NANP number it does not stock, by its area code', async () => {
    const near = await us().local.list({ nearNumber: '+14155550100', distance: 30, limit: 3 });
    expect(near.length).toBeGreaterThan(0);
    for (const n of near) expect(n.region).toBe('CA');
  });
});
