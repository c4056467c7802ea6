/**
 * An operator bills customers in several countries: each customer's invoices carry the taxes of its jurisdiction,
 * EU businesses with a VAT number are reverse charged, and a missing state or an unknown country is caught at plan
 * time. Rates are those of the documented default table (tax-rate-table.ts).
 */
import { DEFAULT_TAX_RATE_TABLE, taxRatesFor, type TaxRateTable } from '../../src/billing/tax';

// Real, well-formed VAT numbers (published company registrations, as collected by python-stdnum's test data).
const GERMAN_VAT = { type: 'eu_vat', value: 'DE 136 695 976' };
const IRISH_VAT = { type: 'eu_vat', value: 'IE6388047V' };

describe('US customers pay their state’s sales tax', () => {
  it('charges a Californian customer the state base rate of 7.25 %', () => {
    expect(taxRatesFor({ country: 'US', region: 'CA' })).toEqual({
      rates: [{ key: 'US-CA', displayName: 'Sales tax', percentage: '7.25', inclusive: false, country: 'US', state: 'CA', jurisdiction: 'California', taxType: 'sales_tax' }],
      reverseCharge: false,
      region: 'CA',
      diagnostics: [],
    });
  });

  it('reads the state however the address writes it', () => {
    expect(taxRatesFor({ country: 'us', region: 'New York' }).rates.map((r) => [r.key, r.percentage])).toEqual([['US-NY', '4']]);
    expect(taxRatesFor({ country: 'US', region: 'US-TX' }).region).toBe('TX');
    expect(taxRatesFor({ country: 'US', region: 'mn' }).rates[0]?.percentage).toBe('6.875');
  });

  it('charges nothing, without complaint, in a state with no sales tax', () => {
    expect(taxRatesFor({ country: 'US', region: 'OR' })).toEqual({ rates: [], reverseCharge: false, region: 'OR', diagnostics: [] });
  });

  it('fails on address.state when the state is missing or unknown, naming the fix', () => {
    expect(taxRatesFor({ country: 'US' }).diagnostics).toEqual([
      { severity: 'error', field: 'address.state', summary: 'a customer in the United States needs a state for its sales taxes', detail: 'set address.state to the two-letter state code, e.g. "CA" or "NY"' },
    ]);
    expect(taxRatesFor({ country: 'US', region: 'Californa' }).diagnostics).toEqual([
      { severity: 'error', field: 'address.state', summary: '"Californa" is not a state of US', detail: 'did you mean "CA" (California)?' },
    ]);
  });

  it('warns, without failing, about a territory the table has no rate for', () => {
    const guam = taxRatesFor({ country: 'US', region: 'GU' });
    expect(guam.rates).toEqual([]);
    expect(guam.diagnostics).toEqual([expect.objectContaining({ severity: 'warning', field: 'address.state', summary: "didops' tax table has no rate for US-GU, so invoices carry no tax" })]);
  });
});

describe('Canadian customers pay GST, HST or GST plus the provincial tax', () => {
  it('charges HST alone in Ontario', () => {
    expect(taxRatesFor({ country: 'CA', region: 'ON' }).rates.map((r) => [r.key, r.displayName, r.percentage, r.taxType])).toEqual([['CA-ON', 'HST', '13', 'hst']]);
  });

  it('charges GST and QST in Québec, however it is spelt', () => {
    const expected = [['CA', 'GST', '5', undefined], ['CA-QC', 'QST', '9.975', 'QC']];
    for (const region of ['QC', 'Québec', 'quebec', 'PQ']) {
      expect(taxRatesFor({ country: 'CA', region }).rates.map((r) => [r.key, r.displayName, r.percentage, r.state])).toEqual(expected);
    }
  });

  it('charges GST with British Columbia’s PST and Manitoba’s RST, and GST alone in Alberta', () => {
    expect(taxRatesFor({ country: 'CA', region: 'BC' }).rates.map((r) => `${r.displayName} ${r.percentage}`)).toEqual(['GST 5', 'PST 7']);
    expect(taxRatesFor({ country: 'CA', region: 'MB' }).rates.map((r) => `${r.displayName} ${r.percentage}`)).toEqual(['GST 5', 'RST 7']);
    expect(taxRatesFor({ country: 'CA', region: 'AB' }).rates.map((r) => `${r.displayName} ${r.percentage}`)).toEqual(['GST 5']);
  });

  it('shares one federal GST rate across provinces, so one Stripe tax rate serves them all', () => {
    expect(taxRatesFor({ country: 'CA', region: 'AB' }).rates[0]).toBe(taxRatesFor({ country: 'CA', region: 'QC' }).rates[0]);
  });

  it('fails on address.state when the province is missing', () => {
    expect(taxRatesFor({ country: 'CA' }).diagnostics[0]).toMatchObject({ severity: 'error', field: 'address.state', detail: 'set address.state to the two-letter province code, e.g. "ON" or "QC"' });
  });
});

describe('EU customers pay their country’s VAT unless reverse charged', () => {
  it('charges a German consumer German VAT (19 %)', () => {
    expect(taxRatesFor({ country: 'DE', taxIds: [] })).toEqual({
      rates: [{ key: 'DE', displayName: 'VAT', percentage: '19', inclusive: false, country: 'DE', jurisdiction: 'Germany', taxType: 'vat' }],
      reverseCharge: false,
      diagnostics: [],
    });
  });

  it('reverse charges a German business with a valid VAT number when the seller is in another member state', () => {
    expect(taxRatesFor({ country: 'DE', taxIds: [GERMAN_VAT], businessCountry: 'FR' })).toEqual({ rates: [], reverseCharge: true, diagnostics: [] });
  });

  it('charges domestic VAT when the seller is in the customer’s own country', () => {
    expect(taxRatesFor({ country: 'DE', taxIds: [GERMAN_VAT], businessCountry: 'DE' })).toMatchObject({ rates: [{ key: 'DE' }], reverseCharge: false });
  });

  it('takes a seller that names no country to be outside the EU, and says so', () => {
    const result = taxRatesFor({ country: 'IE', taxIds: [IRISH_VAT] });
    expect(result).toMatchObject({ rates: [], reverseCharge: true });
    expect(result.diagnostics).toEqual([expect.objectContaining({ severity: 'warning', field: 'businessCountry' })]);
    expect(taxRatesFor({ country: 'IE', taxIds: [IRISH_VAT], businessCountry: 'US' })).toEqual({ rates: [], reverseCharge: true, diagnostics: [] });
  });

  it('charges VAT when the VAT number is malformed or belongs to another member state', () => {
    expect(taxRatesFor({ country: 'DE', taxIds: [{ type: 'eu_vat', value: 'DE136695977' }], businessCountry: 'FR' }).reverseCharge).toBe(false); // wrong check digit
    expect(taxRatesFor({ country: 'FR', taxIds: [GERMAN_VAT], businessCountry: 'NL' })).toMatchObject({ rates: [{ key: 'FR', percentage: '20' }], reverseCharge: false });
  });

  it('does not reverse charge outside the EU: a UK business pays UK VAT', () => {
    expect(taxRatesFor({ country: 'GB', taxIds: [{ type: 'gb_vat', value: 'GB980780684' }] }).rates.map((r) => [r.key, r.percentage])).toEqual([['GB', '20']]);
  });
});

describe('other countries', () => {
  it('charges Australian GST at 10 %', () => {
    expect(taxRatesFor({ country: 'AU' }).rates).toEqual([{ key: 'AU', displayName: 'GST', percentage: '10', inclusive: false, country: 'AU', jurisdiction: 'Australia', taxType: 'gst' }]);
  });

  it('warns, without failing, about a country the table has no rate for', () => {
    expect(taxRatesFor({ country: 'JP' })).toEqual({
      rates: [],
      reverseCharge: false,
      diagnostics: [expect.objectContaining({ severity: 'warning', field: 'address.country', summary: "didops' tax table has no rate for JP, so invoices carry no tax" })],
    });
  });

  it('uses the operator’s own table when given one', () => {
    const table: TaxRateTable = { ...DEFAULT_TAX_RATE_TABLE, JP: [{ key: 'JP', displayName: 'JCT', percentage: '10', inclusive: false, country: 'JP', jurisdiction: 'Japan', taxType: 'gst' }] };
    expect(taxRatesFor({ country: 'JP' }, table)).toMatchObject({ rates: [{ key: 'JP', percentage: '10' }], diagnostics: [] });
  });

  it('fails on address.country for a code that is not ISO, suggesting the right one', () => {
    expect(taxRatesFor({ country: 'UK' }).diagnostics).toEqual([{ severity: 'error', field: 'address.country', summary: '"UK" is not an ISO 3166 country code', detail: 'did you mean "GB"?' }]);
  });
});

describe('the default table', () => {
  it('has a standard VAT rate for all 27 member states and every US state, DC and Canadian province', () => {
    const keys = Object.keys(DEFAULT_TAX_RATE_TABLE);
    expect(keys.filter((k) => /^[A-Z]{2}$/.test(k)).length).toBe(27 + 7); // EU + GB, CH, LI, NO, IS, AU, NZ
    expect(keys.filter((k) => k.startsWith('US-')).length).toBe(50 + 2); // states, DC and Puerto Rico
    expect(keys.filter((k) => k.startsWith('CA-')).length).toBe(13);
  });

  it('writes every percentage as exact decimal text, never a float', () => {
    const percentages = Object.values(DEFAULT_TAX_RATE_TABLE).flat().map((r) => r.percentage);
    expect(percentages.every((p) => /^\d{1,2}(\.\d{1,4})?$/.test(p))).toBe(true);
  });
});
