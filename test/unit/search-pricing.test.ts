/** Rates tables and currency conversion for number prices: exact decimal arithmetic, errors that name the line or field. */
import { ValidationError } from '../../src/core/errors';
import { money } from '../../src/core/money';
import { convertMoney, loadRatesTable, type RatesTable } from '../../src/search/pricing';

const table: RatesTable = { base: 'USD', date: '2025-01-31', rates: { EUR: 0.92, GBP: 0.79, JPY: 151.37, BHD: 0.376, CHF: 1.15 } };

/** The error a call throws, for assertions on its fields. */
function errorOf(fn: () => unknown): ValidationError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ValidationError);
    return err as ValidationError;
  }
  throw new Error('expected the call to throw');
}

describe('a buyer converting a US dollar price into their own currency', () => {
  it('shows 1.15 USD as 1.06 EUR at 0.92 EUR per dollar', () => {
    expect(convertMoney(money(115, 'USD'), 'EUR', table)).toEqual({ amountMinor: 106, currency: 'EUR' });
  });

  it('converts into currencies with no or three decimals (JPY, BHD) and back', () => {
    expect(convertMoney(money(115, 'USD'), 'JPY', table)).toEqual({ amountMinor: 174, currency: 'JPY' });
    expect(convertMoney(money(115, 'USD'), 'BHD', table)).toEqual({ amountMinor: 432, currency: 'BHD' });
    expect(convertMoney(money(1000, 'JPY'), 'USD', table)).toEqual({ amountMinor: 661, currency: 'USD' });
  });

  it('converts between two non-dollar currencies through the dollar rates', () => {
    // 1.00 EUR = 0.79 / 0.92 GBP = 0.8587 GBP.
    expect(convertMoney(money(100, 'EUR'), 'GBP', table)).toEqual({ amountMinor: 86, currency: 'GBP' });
  });

  it('computes on the rates as written, not as binary floats', () => {
    // 10 × 1.15 is 11.499999999999998 in floating point; the exact 11.5 rounds to 12.
    expect(convertMoney(money(10, 'USD'), 'CHF', table)).toEqual({ amountMinor: 12, currency: 'CHF' });
    // JavaScript writes tiny rates in exponent form (1e-7); they still count exactly.
    expect(convertMoney(money(100_000_000, 'USD'), 'KWD', { ...table, rates: { KWD: 0.0000001 } })).toEqual({ amountMinor: 100, currency: 'KWD' });
  });

  it('rounds exact halves to the even minor unit, for credits too', () => {
    const half = { ...table, rates: { EUR: 0.5 } };
    expect(convertMoney(money(125, 'USD'), 'EUR', half).amountMinor).toBe(62);
    expect(convertMoney(money(135, 'USD'), 'EUR', half).amountMinor).toBe(68);
    expect(convertMoney(money(-125, 'USD'), 'EUR', half).amountMinor).toBe(-62);
  });

  it('needs no table when the currency does not change', () => {
    const amount = money(115, 'USD');
    expect(convertMoney(amount, 'usd')).toBe(amount);
  });

  it('says which currency the table lacks and how to fix it', () => {
    const err = errorOf(() => convertMoney(money(115, 'USD'), 'SEK', table));
    expect(err.message).toContain('rates table dated 2025-01-31 has no SEK; add it or use USD');
    expect(err.field).toBe('currency');
    expect(errorOf(() => convertMoney(money(115, 'SEK'), 'EUR', table)).summary).toBe('rates table dated 2025-01-31 has no SEK');
  });

  it('refuses to convert without a table, and to an unknown currency', () => {
    expect(errorOf(() => convertMoney(money(115, 'USD'), 'EUR')).message).toMatch(/no rates table to convert USD to EUR; supply a rates table with EUR/);
    expect(errorOf(() => convertMoney(money(115, 'USD'), 'EURO', table)).summary).toContain('"EURO" is not an ISO 4217 currency code');
  });
});

describe('a buyer supplying a rates table as JSON', () => {
  it('loads the table as written', () => {
    const text = JSON.stringify({ base: 'USD', date: '2025-01-31', rates: { EUR: 0.92, JPY: 151.37 } });
    expect(loadRatesTable(text, 'rates.json')).toEqual({ base: 'USD', date: '2025-01-31', rates: { EUR: 0.92, JPY: 151.37 } });
  });

  it('names every wrong field, prefixed with the file', () => {
    const err = errorOf(() =>
      loadRatesTable(JSON.stringify({ base: 'USD', date: '2025-02-30', rates: { eur: 0.9, GBP: -1 } }), 'rates.json'),
    );
    expect(err.diagnostics.map((d) => [d.field, d.summary])).toEqual([
      ['rates.json: date', 'not a real calendar date'],
      ['rates.json: rates.eur', '"eur" is not an upper-case ISO 4217 currency code such as "EUR"'],
      ['rates.json: rates.GBP', 'a rate must be greater than 0'],
    ]);
  });

  it('refuses another base currency, a USD rate other than 1, unknown fields and broken JSON', () => {
    expect(errorOf(() => loadRatesTable('{"base":"EUR","date":"2025-01-31","rates":{}}', 'r.json')).message).toBe(
      'r.json: base: rates are per 1 USD; set base to "USD"',
    );
    expect(errorOf(() => loadRatesTable('{"base":"USD","date":"2025-01-31","rates":{"USD":2}}', 'r.json')).field).toBe('r.json: rates.USD');
    expect(errorOf(() => loadRatesTable('{"base":"USD","date":"2025-01-31","rates":{},"source":"ecb"}', 'r.json')).field).toBe('r.json: source');
    expect(errorOf(() => loadRatesTable('{"base": "USD",', 'r.json')).summary).toMatch(/^the rates table is not valid JSON/);
  });
});

describe('a buyer supplying a rates table as CSV', () => {
  const csv = ['# ECB reference rates', '# date: 2025-01-31', 'currency,rate', 'EUR,0.92', '', 'JPY, 151.37', 'USD,1'].join('\n');

  it('loads the date line and one rate per currency, skipping the header, comments and blank lines', () => {
    expect(loadRatesTable(csv, 'rates.csv')).toEqual({ base: 'USD', date: '2025-01-31', rates: { EUR: 0.92, JPY: 151.37, USD: 1 } });
    expect(loadRatesTable('# base: USD\r\n# date: 2025-01-31\r\nGBP,0.79\r\n', 'rates.csv').rates).toEqual({ GBP: 0.79 });
  });

  it('names the line of a bad rate, currency or row', () => {
    const bad = (line: string) => errorOf(() => loadRatesTable(`# date: 2025-01-31\nEUR,0.92\n${line}\n`, 'rates.csv'));
    expect(bad('GBP,abc').message).toBe('rates.csv:3: rate "abc" of GBP is not a decimal number; write units of the currency per 1 USD with digits and an optional ".", e.g. "0.92"');
    expect(bad('GBP,0').summary).toBe('rate "0" of GBP is not greater than 0');
    expect(bad('gbp,0.79').summary).toBe('"gbp" is not an upper-case ISO 4217 currency code');
    expect(bad('GBP,0.79,2025').summary).toBe('"GBP,0.79,2025" has 3 columns, expected 2');
    expect(bad('EUR,0.93').summary).toBe('EUR is listed again (first on line 2)');
    expect(bad('USD,1.1').field).toBe('rates.csv:3');
  });

  it('needs exactly one valid date line and no other base', () => {
    expect(errorOf(() => loadRatesTable('EUR,0.92\n', 'rates.csv')).summary).toBe('the rates table has no "# date: YYYY-MM-DD" line');
    expect(errorOf(() => loadRatesTable('# date: 31/01/2025\n', 'rates.csv')).message).toMatch(/^rates\.csv:1: date "31\/01\/2025" is not a YYYY-MM-DD calendar date/);
    expect(errorOf(() => loadRatesTable('# date: 2025-01-31\n# date: 2025-02-01\n', 'rates.csv')).message).toMatch(/^rates\.csv:2: a second "# date:" line \(the first is line 1\)/);
    expect(errorOf(() => loadRatesTable('# base: EUR\n', 'rates.csv')).field).toBe('rates.csv:1');
    expect(errorOf(() => loadRatesTable('  \n', 'rates.csv')).summary).toBe('the rates table is empty');
  });
});
