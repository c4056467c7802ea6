/**
 * didops' default table of tax rates by jurisdiction: a representative, documented starting point, not tax advice.
 * `taxRatesFor` takes another table when an operator's obligations differ (telecom services often carry extra
 * state, county and city taxes and federal fees that this table does not hold). Rates as in force on 2025-08-01:
 *
 * - EU member states: the standard VAT rate of each, from the European Commission's "VAT rates applied in the
 *   Member States of the European Union" (taxation-customs.ec.europa.eu), including Finland's 25.5 % (September
 *   2024), Slovakia's 23 % (January 2025), Estonia's 24 % (July 2025) and Romania's 21 % (August 2025).
 * - The UK (20 %, HMRC), Switzerland and Liechtenstein (8.1 %, Swiss Federal Tax Administration), Norway (25 %),
 *   Iceland (24 %), Australia (GST 10 %, ATO) and New Zealand (GST 15 %, Inland Revenue).
 * - US states: the STATE BASE sales tax rate only, from the Tax Foundation's "State and Local Sales Tax Rates, 2025"
 *   (its state column, which for Utah and Virginia includes the statewide local add-on); local rates and telecom
 *   excise taxes are not included. States without a state sales tax (AK, DE, MT, NH, OR) have no rate. Puerto Rico:
 *   the state portion of its IVU (10.5 %).
 * - Canada: the federal GST (5 %) everywhere outside the HST provinces; HST in ON (13 %), NB, NL, PE (15 %) and NS
 *   (14 % from April 2025); plus QST in Québec (9.975 %), PST in BC (7 %) and SK (6 %) and RST in MB (7 %), each of
 *   which applies to telecommunication services (Canada Revenue Agency and the provinces' finance ministries).
 *
 * Keys name the jurisdiction that levies the tax in ISO 3166 form, so one Stripe tax rate can be shared by every
 * customer it applies to: `DE`, `GB`, `US-CA`, `CA` (the federal GST), `CA-ON` (HST), `CA-QC` (QST).
 */

/** Stripe's `tax_type` values this table uses. */
export type TaxType = 'sales_tax' | 'vat' | 'gst' | 'hst' | 'qst' | 'pst' | 'rst';

/** One tax rate to create on Stripe (a TaxRate object) and apply to a customer's invoices. */
export interface TaxRateSpec {
  /** Stable id of the levying jurisdiction and tax: `US-CA`, `DE`, `CA`, `CA-QC`. */
  readonly key: string;
  /** Name on the invoice: `Sales tax`, `VAT`, `GST`, `HST`, `QST`, `PST`, `RST`. */
  readonly displayName: string;
  /** Percentage as exact decimal text, e.g. "9.975". */
  readonly percentage: string;
  /** Always exclusive: rate card prices are net, tax is added on top. */
  readonly inclusive: false;
  /** ISO 3166-1 country. */
  readonly country: string;
  /** ISO 3166-2 subdivision without the country prefix (`CA` for California), for state and provincial taxes. */
  readonly state?: string;
  /** The jurisdiction's name, shown on invoices and used for reporting: `California`, `Germany`, `Canada`. */
  readonly jurisdiction: string;
  /** Stripe's tax type. */
  readonly taxType: TaxType;
}

/**
 * Rates by jurisdiction: a country code for national taxes, `COUNTRY-REGION` for countries in
 * {@link REGIONAL_TAX_COUNTRIES}. An empty list means "known: no tax"; a missing entry means "not in the table".
 */
export type TaxRateTable = Readonly<Record<string, readonly TaxRateSpec[]>>;

/** Countries whose taxes depend on the customer's state or province, and what that subdivision is called. */
export const REGIONAL_TAX_COUNTRIES: Readonly<Record<string, 'state' | 'province'>> = Object.freeze({ US: 'state', CA: 'province' });

const vat = (country: string, percentage: string, jurisdiction: string): TaxRateSpec => ({ key: country, displayName: 'VAT', percentage, inclusive: false, country, jurisdiction, taxType: 'vat' });
const gst = (country: string, percentage: string, jurisdiction: string): TaxRateSpec => ({ key: country, displayName: 'GST', percentage, inclusive: false, country, jurisdiction, taxType: 'gst' });

const NATIONAL: readonly TaxRateSpec[] = [
  vat('AT', '20', 'Austria'), vat('BE', '21', 'Belgium'), vat('BG', '20', 'Bulgaria'), vat('CY', '19', 'Cyprus'), vat('CZ', '21', 'Czechia'),
  vat('DE', '19', 'Germany'), vat('DK', '25', 'Denmark'), vat('EE', '24', 'Estonia'), vat('ES', '21', 'Spain'), vat('FI', '25.5', 'Finland'),
  vat('FR', '20', 'France'), vat('GR', '24', 'Greece'), vat('HR', '25', 'Croatia'), vat('HU', '27', 'Hungary'), vat('IE', '23', 'Ireland'),
  vat('IT', '22', 'Italy'), vat('LT', '21', 'Lithuania'), vat('LU', '17', 'Luxembourg'), vat('LV', '21', 'Latvia'), vat('MT', '18', 'Malta'),
  vat('NL', '21', 'Netherlands'), vat('PL', '23', 'Poland'), vat('PT', '23', 'Portugal'), vat('RO', '21', 'Romania'), vat('SE', '25', 'Sweden'),
  vat('SI', '22', 'Slovenia'), vat('SK', '23', 'Slovakia'),
  vat('GB', '20', 'United Kingdom'), vat('CH', '8.1', 'Switzerland'), vat('LI', '8.1', 'Liechtenstein'), vat('NO', '25', 'Norway'), vat('IS', '24', 'Iceland'),
  gst('AU', '10', 'Australia'), gst('NZ', '15', 'New Zealand'),
];

/** US state base sales tax rates; `null` for states with none. */
const US_STATE_RATES: Readonly<Record<string, readonly [string, string | null]>> = {
  AL: ['Alabama', '4'], AK: ['Alaska', null], AZ: ['Arizona', '5.6'], AR: ['Arkansas', '6.5'], CA: ['California', '7.25'],
  CO: ['Colorado', '2.9'], CT: ['Connecticut', '6.35'], DE: ['Delaware', null], DC: ['District of Columbia', '6'], FL: ['Florida', '6'],
  GA: ['Georgia', '4'], HI: ['Hawaii', '4'], ID: ['Idaho', '6'], IL: ['Illinois', '6.25'], IN: ['Indiana', '7'],
  IA: ['Iowa', '6'], KS: ['Kansas', '6.5'], KY: ['Kentucky', '6'], LA: ['Louisiana', '5'], ME: ['Maine', '5.5'],
  MD: ['Maryland', '6'], MA: ['Massachusetts', '6.25'], MI: ['Michigan', '6'], MN: ['Minnesota', '6.875'], MS: ['Mississippi', '7'],
  MO: ['Missouri', '4.225'], MT: ['Montana', null], NE: ['Nebraska', '5.5'], NV: ['Nevada', '6.85'], NH: ['New Hampshire', null],
  NJ: ['New Jersey', '6.625'], NM: ['New Mexico', '4.875'], NY: ['New York', '4'], NC: ['North Carolina', '4.75'], ND: ['North Dakota', '5'],
  OH: ['Ohio', '5.75'], OK: ['Oklahoma', '4.5'], OR: ['Oregon', null], PA: ['Pennsylvania', '6'], RI: ['Rhode Island', '7'],
  SC: ['South Carolina', '6'], SD: ['South Dakota', '4.2'], TN: ['Tennessee', '7'], TX: ['Texas', '6.25'], UT: ['Utah', '6.1'],
  VT: ['Vermont', '6'], VA: ['Virginia', '5.3'], WA: ['Washington', '6.5'], WV: ['West Virginia', '6'], WI: ['Wisconsin', '5'],
  WY: ['Wyoming', '4'], PR: ['Puerto Rico', '10.5'],
};

const CANADA_GST: TaxRateSpec = gst('CA', '5', 'Canada');
const provincial = (province: string, jurisdiction: string, taxType: 'hst' | 'qst' | 'pst' | 'rst', percentage: string): TaxRateSpec => ({
  key: `CA-${province}`, displayName: taxType.toUpperCase(), percentage, inclusive: false, country: 'CA', state: province, jurisdiction, taxType,
});

/** Canadian provinces and territories: the HST alone, or the GST plus any provincial sales tax. */
const CANADA: Readonly<Record<string, readonly TaxRateSpec[]>> = {
  AB: [CANADA_GST], NT: [CANADA_GST], NU: [CANADA_GST], YT: [CANADA_GST],
  BC: [CANADA_GST, provincial('BC', 'British Columbia', 'pst', '7')],
  MB: [CANADA_GST, provincial('MB', 'Manitoba', 'rst', '7')],
  SK: [CANADA_GST, provincial('SK', 'Saskatchewan', 'pst', '6')],
  QC: [CANADA_GST, provincial('QC', 'Québec', 'qst', '9.975')],
  ON: [provincial('ON', 'Ontario', 'hst', '13')],
  NB: [provincial('NB', 'New Brunswick', 'hst', '15')],
  NL: [provincial('NL', 'Newfoundland and Labrador', 'hst', '15')],
  NS: [provincial('NS', 'Nova Scotia', 'hst', '14')],
  PE: [provincial('PE', 'Prince Edward Island', 'hst', '15')],
};

/** The default table described above. */
export const DEFAULT_TAX_RATE_TABLE: TaxRateTable = Object.freeze({
  ...Object.fromEntries(NATIONAL.map((rate) => [rate.country, [rate]])),
  ...Object.fromEntries(
    Object.entries(US_STATE_RATES).map(([state, [jurisdiction, percentage]]) => [
      `US-${state}`,
      percentage === null ? [] : [{ key: `US-${state}`, displayName: 'Sales tax', percentage, inclusive: false, country: 'US', state, jurisdiction, taxType: 'sales_tax' } satisfies TaxRateSpec],
    ]),
  ),
  ...Object.fromEntries(Object.entries(CANADA).map(([province, rates]) => [`CA-${province}`, rates])),
});
