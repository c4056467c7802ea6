/**
 * A customer's tax id is checked at plan time, before Stripe sees it: the type must be one Stripe knows, the value
 * must have its type's format and, where one is published, the right check digit; an EU VAT number must be of the
 * customer's own country. Valid ids below are real, published company registrations (as collected in
 * python-stdnum's test data); invalid ones are the same ids with one digit changed.
 */
import { checkTaxId, compactTaxId, EU_VAT_FORMATS, TAX_ID_FORMATS } from '../../src/billing/tax';

const ok = (type: string, value: string, country?: string): void => {
  expect(checkTaxId({ type, value }, country)).toBeUndefined();
};

describe('EU VAT numbers', () => {
  it('accepts well-formed numbers of every member state, with or without separators', () => {
    const valid: [string, string][] = [
      ['ATU13585627', 'AT'], ['BE 0202.239.951', 'BE'], ['BG 175074752', 'BG'], ['CY-10259033P', 'CY'], ['CZ 25123891', 'CZ'],
      ['DE 136 695 976', 'DE'], ['DK 13585628', 'DK'], ['EE 100 931 558', 'EE'], ['EL 094012834', 'GR'], ['ESA78109592', 'ES'],
      ['FI 2094606-3', 'FI'], ['FR 13 393 892 815', 'FR'], ['HR 33392005961', 'HR'], ['HU 10672101', 'HU'], ['IE 6388047V', 'IE'],
      ['IE6433435OA', 'IE'], ['IE 8D79739I', 'IE'], ['IT 00743110157', 'IT'], ['LT 119511515', 'LT'], ['LU 10059929', 'LU'], ['LV 40003189718', 'LV'],
      ['MT 17025737', 'MT'], ['NL 806753742B01', 'NL'], ['NL001452330B47', 'NL'], ['PL 584-030-44-72', 'PL'], ['PT 502448911', 'PT'],
      ['RO 16241790', 'RO'], ['SE 556058115801', 'SE'], ['SI 50223054', 'SI'], ['SK 2022193459', 'SK'], ['XI 980780684', 'GB'],
    ];
    for (const [value, country] of valid) ok('eu_vat', value, country);
    expect(Object.keys(EU_VAT_FORMATS)).toHaveLength(27 + 1); // every member state's prefix, plus Northern Ireland's XI
  });

  it('catches a mistyped digit by the check digit', () => {
    for (const value of ['ATU46080904', 'BE697449982', 'DE136695977', 'DK27996592', 'EE101256754', 'EL094501140', 'FR04409414264', 'IE4731823H', 'SK1078449164']) {
      const country = value.startsWith('EL') ? 'GR' : value.slice(0, 2);
      expect(checkTaxId({ type: 'eu_vat', value }, country)).toMatchObject({ severity: 'error', summary: expect.stringMatching(/its check digit does not match$/) });
    }
  });

  it('explains the format of the customer’s country when the number is malformed', () => {
    expect(checkTaxId({ type: 'eu_vat', value: 'DE12345678' }, 'DE', { field: 'taxIds[0]' })).toEqual({
      severity: 'error',
      field: 'taxIds[0].value',
      summary: '"DE12345678" is not a VAT number of Germany',
      detail: 'expected DE and 9 digits, e.g. DE123456789',
    });
  });

  it('asks for the prefix when the number has none, and for EL when a Greek number starts GR', () => {
    expect(checkTaxId({ type: 'eu_vat', value: '136695976' }, 'DE')?.detail).toBe('an EU VAT number starts with its member state’s prefix; for a customer in Germany: DE and 9 digits, e.g. DE123456789');
    expect(checkTaxId({ type: 'eu_vat', value: 'GR094012834' }, 'GR')?.detail).toMatch(/^Greek VAT numbers start with "EL", not "GR"/);
  });

  it('refuses a number of another member state than the customer’s, since reverse charge depends on it', () => {
    expect(checkTaxId({ type: 'eu_vat', value: 'DE136695976' }, 'FR')).toMatchObject({
      summary: '"DE136695976" is a VAT number of Germany, but the customer is in France',
      detail: 'give the VAT number the customer is registered with in France, or correct the address country; expected FR, a 2-character key and the 9-digit SIREN, e.g. FR12345678901',
    });
  });
});

describe('other countries’ tax ids', () => {
  it('accepts well-formed UK, US, Canadian, Australian, Swiss, Norwegian and Indian ids', () => {
    ok('gb_vat', 'GB980780684');
    ok('gb_vat', '242338087388'); // a branch trader, 12 digits
    ok('us_ein', '12-3456789');
    ok('ca_bn', '123026635');
    ok('ca_gst_hst', '123026635RT0001');
    ok('au_abn', '51 824 753 556');
    ok('ch_vat', 'CHE-100.155.212 MWST');
    ok('ch_vat', 'CHE-110.576.236 TVA');
    ok('no_vat', '995525828MVA');
    ok('in_gst', '27AAPFU0939F1ZV');
  });

  it('catches a wrong check digit where the id has one', () => {
    for (const [type, value] of [['gb_vat', 'GB802311781'], ['ca_bn', '123026636'], ['au_abn', '51824753557'], ['ch_vat', 'CHE-100.155.213 MWST'], ['no_vat', '995525829MVA'], ['in_gst', '27AAPFU0939F1ZW']]) {
      expect(checkTaxId({ type, value }, undefined)?.summary).toMatch(/its check digit does not match$/);
    }
  });

  it('shows the expected format as the fix', () => {
    const ein = checkTaxId({ type: 'us_ein', value: '12-345678' }, 'US', { field: 'taxIds[1]' });
    expect([ein?.field, ein?.summary, ein?.detail]).toEqual(['taxIds[1].value', '"12-345678" is not a US Employer Identification Number', 'expected 9 digits written 12-3456789']);
    expect(checkTaxId({ type: 'ch_vat', value: 'CHE-100.155.212' }, 'CH')?.detail).toBe('expected CHE, 9 digits and MWST, TVA or IVA, e.g. CHE-123.456.789 MWST');
  });

  it('accepts ids of Stripe types the table has no format for, as Stripe would', () => {
    ok('th_vat', '1234567891234');
  });
});

describe('the type', () => {
  it('must be a Stripe tax id type; a misspelling gets the nearest one', () => {
    expect(checkTaxId({ type: 'eu_vta', value: 'DE136695976' }, 'DE', { field: 'taxIds[0]' })).toEqual({ severity: 'error', field: 'taxIds[0].type', summary: '"eu_vta" is not a Stripe tax id type', detail: 'did you mean "eu_vat"?' });
    expect(checkTaxId({ type: 'vat', value: 'x' }, 'DE')?.field).toBe('type');
  });

  it('refuses an empty value', () => {
    expect(checkTaxId({ type: 'gb_vat', value: '  ' }, 'GB')?.summary).toBe('the tax id is empty');
  });
});

describe('the format table', () => {
  it('is plain data keyed by Stripe type, with patterns on the compact form', () => {
    expect(compactTaxId('CHE-107.787.577 mwst')).toBe('CHE107787577MWST');
    expect(TAX_ID_FORMATS.au_abn.pattern.test(compactTaxId('51 824 753 556'))).toBe(true);
    expect(TAX_ID_FORMATS.au_abn.checksum?.('51824753556')).toBe(true);
  });
});
