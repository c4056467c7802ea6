import { parsePhoneNumber } from 'libphonenumber-js/max';
import {
  CA_AREA_CODES,
  COUNTRIES,
  NUMBER_TYPES,
  US_AREA_CODES,
  countryInfo,
  generateInventory,
  listCountries,
  monthlyPrice,
  numberOffer,
  voicePrices,
  type AvailableNumber,
  type NumberType,
} from '../../src/sandbox/inventory';

const US_STATES_AND_DC = [
  'AL', 'AK', 'AZ', 'AR', 'CA', 'CO', 'CT', 'DE', 'DC', 'FL', 'GA', 'HI', 'ID', 'IL', 'IN', 'IA', 'KS',
  'KY', 'LA', 'ME', 'MD', 'MA', 'MI', 'MN', 'MS', 'MO', 'MT', 'NE', 'NV', 'NH', 'NJ', 'NM', 'NY', 'NC',
  'ND', 'OH', 'OK', 'OR', 'PA', 'RI', 'SC', 'SD', 'TN', 'TX', 'UT', 'VT', 'VA', 'WA', 'WV', 'WI', 'WY',
];
const CANADIAN_PROVINCES = ['AB', 'BC', 'MB', 'NB', 'NL', 'NS', 'ON', 'PE', 'QC', 'SK'];

const ACCEPTED_TYPES: Record<NumberType, readonly string[]> = {
  local: ['FIXED_LINE', 'FIXED_LINE_OR_MOBILE'],
  mobile: ['MOBILE', 'FIXED_LINE_OR_MOBILE'],
  tollFree: ['TOLL_FREE'],
};

// The default inventory is generated once and shared: it is what the sandbox really serves.
let million: AvailableNumber[] = [];
beforeAll(() => {
  million = [...generateInventory({ seed: 2024, size: 1_000_000 })];
});

function firstRows(seed: number, count: number): AvailableNumber[] {
  const rows: AvailableNumber[] = [];
  for (const row of generateInventory({ seed, size: 1_000_000 })) {
    rows.push(row);
    if (rows.length === count) break;
  }
  return rows;
}

describe('sandbox inventory catalogue', () => {
  it('sells numbers in at least 55 countries, each with a name, calling code and offered types', () => {
    const countries = listCountries();
    expect(countries.length).toBeGreaterThanOrEqual(55);
    expect(new Set(countries.map((c) => c.isoCountry)).size).toBe(countries.length);
    for (const c of countries) {
      expect(c.isoCountry).toMatch(/^[A-Z]{2}$/);
      expect(c.name.length).toBeGreaterThan(2);
      expect(c.callingCode).toMatch(/^[1-9]\d{0,2}$/);
      expect(c.numberTypes).toEqual(expect.arrayContaining(['local', 'mobile']));
    }
    for (const iso of ['US', 'CA', 'GB', 'DE', 'FR', 'AU']) {
      expect(countryInfo(iso)?.numberTypes).toEqual(['local', 'mobile', 'tollFree']);
    }
    expect(countries.some((c) => !c.numberTypes.includes('tollFree'))).toBe(true);
  });

  it('prices numbers realistically and serves voice rates from the same data', () => {
    expect(monthlyPrice('US', 'local')).toBe('1.15');
    expect(monthlyPrice('US', 'tollFree')).toBe('2.15');
    expect(monthlyPrice('GB', 'local')).toBe('1.15');
    expect(monthlyPrice('GB', 'mobile')).toBe('1.15');
    expect(monthlyPrice('DE', 'local')).toBe('1.50');
    expect(monthlyPrice('BG', 'tollFree')).toBeUndefined();
    expect(numberOffer('US', 'local')?.addressRequirements).toBe('none');
    expect(numberOffer('DE', 'local')?.addressRequirements).toBe('local');
    expect(numberOffer('US', 'local')?.capabilities).toEqual({ voice: true, sms: true, mms: true, fax: true });

    const gb = voicePrices('gb');
    expect(gb?.priceUnit).toBe('USD');
    expect(gb?.inbound.map((p) => p.numberType)).toEqual(['local', 'mobile', 'tollFree']);
    expect(gb?.outbound.find((p) => p.prefixes.includes('447'))?.friendlyName).toBe('United Kingdom - Mobile');
    for (const c of COUNTRIES) {
      const prices = voicePrices(c.isoCountry);
      expect(prices?.outbound.length).toBeGreaterThan(0);
      for (const p of prices?.outbound ?? []) expect(p.prefixes.every((x) => x.startsWith(c.callingCode))).toBe(true);
      for (const type of NUMBER_TYPES) {
        const price = monthlyPrice(c.isoCountry, type);
        if (price !== undefined) expect(price).toMatch(/^\d+\.\d{2}$/);
      }
    }
    expect(countryInfo('ZZ')).toBeUndefined();
    expect(voicePrices('ZZ')).toBeUndefined();
  });

  it('keeps every country’s number blocks apart, so numbers are unique by construction', () => {
    for (const c of COUNTRIES) {
      const localities = c.regions.flatMap((r) => r.localities);
      for (const l of localities) for (const b of l.blocks) expect(b.prefix.startsWith(l.areaCode)).toBe(true);
      const blocks = [...localities.flatMap((l) => l.blocks), ...c.mobileBlocks, ...c.tollFreeBlocks];
      const overlaps = blocks.flatMap((a) =>
        blocks.filter((b) => a !== b && a.length === b.length && b.prefix.startsWith(a.prefix)).map((b) => `${a.prefix}/${b.prefix}`),
      );
      expect([c.isoCountry, overlaps]).toEqual([c.isoCountry, []]);
    }
  });

  it('knows at least 150 real US area codes and 20 Canadian ones, covering every state and province', () => {
    expect(US_AREA_CODES.length).toBeGreaterThanOrEqual(150);
    expect(CA_AREA_CODES.length).toBeGreaterThanOrEqual(20);
    expect(new Set(US_AREA_CODES.map((a) => a.region))).toEqual(new Set(US_STATES_AND_DC));
    for (const p of CANADIAN_PROVINCES) expect(CA_AREA_CODES.some((a) => a.region === p)).toBe(true);
    const all = [...US_AREA_CODES, ...CA_AREA_CODES].map((a) => a.areaCode);
    expect(new Set(all).size).toBe(all.length);
    expect(US_AREA_CODES.find((a) => a.areaCode === '212')).toMatchObject({ region: 'NY', locality: 'New York' });
    expect(US_AREA_CODES.find((a) => a.areaCode === '312')).toMatchObject({ region: 'IL', locality: 'Chicago' });
  });
});

describe('sandbox inventory generator', () => {
  it('every generated number is valid for its declared type in libphonenumber-js', () => {
    // A stratified sample: up to 40 numbers from every country, type, area code and town.
    const perGroup = new Map<string, number>();
    const sample: AvailableNumber[] = [];
    for (const row of million) {
      const key = `${row.isoCountry}|${row.type}|${row.areaCode}|${row.locality}`;
      const seen = perGroup.get(key) ?? 0;
      if (seen >= 40) continue;
      perGroup.set(key, seen + 1);
      sample.push(row);
    }
    expect(sample.length).toBeGreaterThanOrEqual(50_000);
    expect(new Set(sample.map((r) => `${r.isoCountry}|${r.type}`)).size).toBe(
      listCountries().reduce((sum, c) => sum + c.numberTypes.length, 0),
    );

    const failures: string[] = [];
    for (const row of sample) {
      const parsed = parsePhoneNumber(row.phoneNumber);
      // NANP toll-free codes are shared by the US and Canada; libphonenumber files them under US.
      const country = row.type === 'tollFree' && row.isoCountry === 'CA' ? 'US' : row.isoCountry;
      const ok =
        parsed.number === row.phoneNumber &&
        parsed.isValid() &&
        parsed.country === country &&
        ACCEPTED_TYPES[row.type].includes(parsed.getType() ?? 'UNKNOWN');
      if (!ok) failures.push(`${row.phoneNumber} ${row.isoCountry} ${row.type} -> ${parsed.country} ${parsed.getType()}`);
    }
    expect(failures.slice(0, 10)).toEqual([]);
  });

  it('yields exactly the requested number of rows, spread like the real market', () => {
    expect(million).toHaveLength(1_000_000);
    const byCountry = new Map<string, number>();
    const byCountryType = new Map<string, number>();
    for (const row of million) {
      byCountry.set(row.isoCountry, (byCountry.get(row.isoCountry) ?? 0) + 1);
      const key = `${row.isoCountry} ${row.type}`;
      byCountryType.set(key, (byCountryType.get(key) ?? 0) + 1);
    }
    expect((byCountry.get('US') ?? 0) / million.length).toBeCloseTo(0.4, 2);
    expect((byCountry.get('CA') ?? 0) / million.length).toBeCloseTo(0.08, 2);
    const usTollFree = (byCountryType.get('US tollFree') ?? 0) / (byCountry.get('US') ?? 1);
    expect(usTollFree).toBeGreaterThan(0.01);
    expect(usTollFree).toBeLessThan(0.1);
    const underServed = listCountries()
      .flatMap((c) => c.numberTypes.map((type) => `${c.isoCountry} ${type}`))
      .filter((key) => (byCountryType.get(key) ?? 0) < 300);
    expect(underServed).toEqual([]);
    const usedAreaCodes = new Set(million.filter((r) => r.type !== 'tollFree' && (r.isoCountry === 'US' || r.isoCountry === 'CA')).map((r) => r.areaCode));
    for (const a of [...US_AREA_CODES, ...CA_AREA_CODES]) expect(usedAreaCodes.has(a.areaCode)).toBe(true);
  });

  it('gives the same first 1000 numbers for the same seed and different ones for another seed', () => {
    const first = firstRows(7, 1000);
    const again = firstRows(7, 1000);
    const other = firstRows(8, 1000);
    expect(again).toEqual(first);
    expect(other.map((r) => r.phoneNumber)).not.toEqual(first.map((r) => r.phoneNumber));
    const shared = new Set(first.map((r) => r.phoneNumber));
    expect(other.filter((r) => shared.has(r.phoneNumber)).length).toBeLessThan(50);
  });

  it('never offers the same number twice among 200,000 rows', () => {
    const numbers = [...generateInventory({ seed: 99, size: 200_000 })].map((r) => r.phoneNumber);
    expect(new Set(numbers).size).toBe(200_000);
    expect(new Set(million.map((r) => r.phoneNumber)).size).toBe(1_000_000);
  });

  it('presents 415 numbers as San Francisco, CA, with rate center and LATA', () => {
    const sf = million.filter((r) => r.phoneNumber.startsWith('+1415'));
    expect(sf.length).toBeGreaterThan(100);
    for (const row of sf) {
      expect(row).toMatchObject({
        isoCountry: 'US',
        areaCode: '415',
        region: 'CA',
        locality: 'San Francisco',
        postalCode: expect.stringMatching(/^94\d{3}$/),
        lata: '722',
        rateCenter: expect.any(String),
        addressRequirements: 'none',
        beta: false,
      });
      expect(row.latitude).toBeCloseTo(37.77, 1);
      expect(row.longitude).toBeCloseTo(-122.42, 1);
    }
  });

  it('has local numbers in every US state and DC and every Canadian province', () => {
    const usRegions = new Set(million.filter((r) => r.isoCountry === 'US' && r.type === 'local').map((r) => r.region));
    for (const state of US_STATES_AND_DC) expect(usRegions.has(state)).toBe(true);
    const caRegions = new Set(million.filter((r) => r.isoCountry === 'CA' && r.type === 'local').map((r) => r.region));
    for (const province of CANADIAN_PROVINCES) expect(caRegions.has(province)).toBe(true);
  });

  it('labels local numbers abroad with a real town and region, and copies the offer’s terms', () => {
    const london = million.find((r) => r.isoCountry === 'GB' && r.type === 'local' && r.locality === 'London');
    expect(london).toMatchObject({ region: 'England', areaCode: '20', postalCode: expect.any(String) });
    expect(london?.phoneNumber).toMatch(/^\+4420\d{8}$/);
    const munich = million.find((r) => r.isoCountry === 'DE' && r.locality === 'München');
    expect(munich).toMatchObject({ region: 'Bayern', type: 'local', addressRequirements: 'local', rateCenter: null, lata: null });
    for (const row of million.slice(0, 5000)) {
      const offer = numberOffer(row.isoCountry, row.type);
      expect(offer).toBeDefined();
      expect(row.capabilities).toEqual(offer?.capabilities);
      expect(row.addressRequirements).toBe(offer?.addressRequirements);
      expect(row.beta).toBe(offer?.beta);
    }
  });

  it('refuses sizes it cannot honour instead of yielding fewer rows', () => {
    expect([...generateInventory({ seed: 1, size: 0 })]).toEqual([]);
    expect(() => [...generateInventory({ seed: 1, size: -1 })]).toThrow(RangeError);
    expect(() => [...generateInventory({ seed: 1, size: 1.5 })]).toThrow(RangeError);
    expect(() => [...generateInventory({ seed: 1, size: 1e15 })]).toThrow(/exceeds/);
    expect([...generateInventory({ seed: 1, size: 25 })]).toHaveLength(25);
  });
});
