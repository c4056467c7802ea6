/** The one NANP area-code lookup that routing, search and phone numbers share. */
import {
  CA_AREA_CODES,
  NANP_AREA_CODES,
  US_AREA_CODES,
  nanpAreaCode,
  nanpPlaceOf,
  nanpRegionAreaCodes,
  nanpRegionCountry,
} from '../../src/catalogue';

describe('looking up North American area codes', () => {
  it('knows 415 is San Francisco, California, and 416 is Toronto, Ontario', () => {
    expect(nanpAreaCode('415')).toMatchObject({ isoCountry: 'US', region: 'CA', locality: 'San Francisco' });
    expect(nanpAreaCode('416')).toMatchObject({ isoCountry: 'CA', region: 'ON', locality: 'Toronto' });
  });

  it('answers undefined for an area code the catalogue does not hold, rather than guessing', () => {
    expect(nanpAreaCode('999')).toBeUndefined();
    expect(nanpAreaCode('41')).toBeUndefined();
  });

  it('tells the state "CA" (California) from the country CA: regions map to their own country', () => {
    expect(nanpRegionCountry('CA')).toBe('US');
    expect(nanpRegionCountry('ON')).toBe('CA');
    expect(nanpRegionCountry('QC')).toBe('CA');
    expect(nanpRegionCountry('PQ')).toBeUndefined();
  });

  it("lists a province's area codes in catalogue order, and none for a region it does not know", () => {
    expect(nanpRegionAreaCodes('MB')).toEqual(['204', '431']);
    expect(nanpRegionAreaCodes('NU')).toEqual([]);
  });

  it('places a +1 number by its area code, and no other country', () => {
    expect(nanpPlaceOf('+12125550142')).toMatchObject({ areaCode: '212', region: 'NY' });
    expect(nanpPlaceOf('+16045550100')).toMatchObject({ areaCode: '604', region: 'BC', isoCountry: 'CA' });
    expect(nanpPlaceOf('+442071838750')).toBeUndefined();
    expect(nanpPlaceOf('+18005550100')).toBeUndefined();
  });

  it('agrees with the area-code lists it is built from, entry for entry', () => {
    expect(NANP_AREA_CODES).toHaveLength(US_AREA_CODES.length + CA_AREA_CODES.length);
    for (const a of NANP_AREA_CODES) {
      expect(nanpAreaCode(a.areaCode)).toBe(a);
      expect(nanpRegionAreaCodes(a.region)).toContain(a.areaCode);
      expect(nanpRegionCountry(a.region)).toBe(a.isoCountry);
    }
  });
});
